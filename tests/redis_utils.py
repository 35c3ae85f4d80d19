"""Helpers for tests that need a real Redis broker and Celery worker."""

import os
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available(url: str = REDIS_URL) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


requires_redis = pytest.mark.skipif(
    not redis_available(), reason=f"needs a Redis server at {REDIS_URL} (start it with redis-server; .ci/run does)"
)


def database_url_for_worker(connection) -> str | None:
    """A DATABASE_URL the worker process can use to reach the test database, or None."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        user = s.get("USER") or ""
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{s['NAME']}"
    return None


class CeleryWorkerProcess:
    """`celery worker` in a subprocess against Redis: the same way production runs it.

    `broker_url` (default TEST_REDIS_URL) is also its result backend and cache; `env` adds
    settings. The output is read on a thread (so a chatty worker never blocks on a full
    pipe) and kept in `lines`.
    """

    def __init__(self, *, database_url: str | None, queues: str = "celery", broker_url: str = REDIS_URL,
                 env: dict | None = None):
        self.env = {**os.environ, "CELERY_BROKER_URL": broker_url, "CELERY_RESULT_BACKEND": broker_url,
                    "CACHE_URL": broker_url, "DEBUG": "1", **(env or {})}
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.queues = queues
        self.process: subprocess.Popen | None = None
        self.lines: list[str] = []

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "alleydistricts", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", self.queues],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        ready = threading.Event()

        def read_output():
            for line in self.process.stdout:
                self.lines.append(line)
                if "ready." in line:
                    ready.set()
            ready.set()  # it exited

        self._reader = threading.Thread(target=read_output, daemon=True)
        self._reader.start()
        ready.wait(60)  # until the worker is consuming
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)  # `lines` then holds everything the worker printed


@pytest.fixture
def celery_broker(settings):
    """Point the in-test Celery app at Redis (not eager) for the duration of a test."""
    import redis

    from alleydistricts.celery import app

    redis.Redis.from_url(REDIS_URL).flushdb()
    old = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _reset_connections(app)
    yield app
    app.conf.update(**old)
    _reset_connections(app)


def _reset_connections(app):
    """Drop cached broker pools and result backend so the new URLs take effect.

    kombu also keeps a process-wide registry of pools per broker URL; closing a pool
    without resetting that registry would hand the next test a closed pool.
    """
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    vars(app._local).pop("backend", None)
    pools.reset()


def wait_for(check, timeout=90):
    """`check()`'s first truthy value within `timeout` seconds (a worker in another process), else its last."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    return check()

"""Fault tests: their own redis-server (killable, on FAULTS_REDIS_PORT) and their own worker subprocess.

PostgreSQL only: the worker subprocess and the test share the database, and the tests
cut connections and rely on row locks, which SQLite cannot show.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings as django_settings

from tests.redis_utils import _reset_connections

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6392"))


def pytest_collection_modifyitems(config, items):
    reason = None
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        reason = "fault tests need PostgreSQL (a worker subprocess shares the database; connections are cut)"
    elif shutil.which("redis-server") is None:
        reason = "fault tests start their own redis-server, which is not installed"
    if reason:
        for item in items:
            if "tests/faults/" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


class RedisServer:
    """A redis-server this test owns: start, stop (as an outage would), start again."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.3) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        if self.answers():
            raise RuntimeError(f"something already listens on port {self.port}; set FAULTS_REDIS_PORT")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.kill()  # an outage, not a tidy shutdown
            self.process.wait()
            self.process = None


@pytest.fixture
def redis_server():
    server = RedisServer(REDIS_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_on_redis(settings, redis_server):
    """The test process (the web side) uses this Redis as broker and cache, not eager."""
    from alleydistricts.celery import app

    old = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_server.url(0), result_backend=redis_server.url(0), task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis_server.url(1)}}
    _reset_connections(app)
    yield app
    app.conf.update(**old)
    _reset_connections(app)


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")

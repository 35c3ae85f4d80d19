"""PostgreSQL cuts the app's connections (pg_terminate_backend): the next requests succeed, no restart."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.redis_utils import database_url_for_worker

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        return 0, {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_url():
    """The app under gunicorn (one sync worker, as in production): it keeps its connection between requests."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url_for_worker(connection), "DEBUG": "1", "CONN_MAX_AGE": "60"}
    env.pop("CELERY_BROKER_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "alleydistricts.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + 60
    while get(url)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=15)


def test_requests_after_a_connection_cut_succeed_without_a_restart(gunicorn_url):
    assert get(gunicorn_url)[0] == 200  # the worker now holds a persistent connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        assert cursor.fetchall(), "the server had no connection to cut"
    statuses = [get(gunicorn_url) for _ in range(3)]
    assert [status for status, _ in statuses] == [200, 200, 200]
    assert all(body["database"] == "ok" for _, body in statuses)

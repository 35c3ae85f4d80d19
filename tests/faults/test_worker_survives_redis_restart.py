"""Redis goes away while the worker holds an unacknowledged message; the worker lives on (kombu_patch)."""

import pytest
from django.db import connection

from tests.redis_utils import CeleryWorkerProcess, database_url_for_worker

from .conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_survives_a_redis_restart_and_then_consumes_new_work(app_on_redis, redis_server):
    from alleydistricts.celery import ping

    with CeleryWorkerProcess(database_url=database_url_for_worker(connection),
                             broker_url=redis_server.url(0)) as worker:
        ping.apply_async(countdown=60)  # the worker holds it, unacknowledged, until its ETA
        wait_for(lambda: any("core.ping" in line and "received" in line for line in worker.lines), timeout=20,
                 what="the worker to receive the delayed task")
        redis_server.stop()
        wait_for(lambda: any("Connection to broker lost" in line for line in worker.lines), timeout=20,
                 what="the worker to notice the outage")
        redis_server.start()
        wait_for(lambda: sum("Connected to redis" in line for line in worker.lines) >= 2
                 or worker.process.poll() is not None, timeout=30, what="the worker to reconnect")
        assert worker.process.poll() is None, "the worker died:\n" + "".join(worker.lines[-30:])
        from tests.redis_utils import _reset_connections

        _reset_connections(app_on_redis)  # the test's own pooled connections died with the old server
        assert ping.delay().get(timeout=30) == "pong"  # and it consumes new work
    assert not any("Unrecoverable error" in line for line in worker.lines)

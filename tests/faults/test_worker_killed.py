"""A worker killed (-9) in the middle of an aggregation: after a restart the snapshots equal a clean run's."""

import hashlib
import json
import os
import signal
import time

import pytest
from django.db import connection, connections

from core.models import OutboxMessage
from dashboard import services
from dashboard.models import MetricSnapshot
from tests.dashboard.conftest import build_small_world
from tests.redis_utils import CeleryWorkerProcess, database_url_for_worker

from .conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
MONTH = "2025-03"
LEASE_SECONDS = 3


def fingerprint(government_id: int) -> str:
    """A hash of the month's snapshot rows, sorted, without their ids and computation times."""
    fields = ["local_government_id", "month", "scope", "scope_id", *services.METRIC_FIELDS, "extra"]
    rows = MetricSnapshot.objects.filter(local_government_id=government_id, month=services.parse_month(MONTH))
    values = sorted(json.dumps([row[f] for f in fields], default=str, sort_keys=True)
                    for row in rows.values(*fields))
    return hashlib.sha256("\n".join(values).encode()).hexdigest()


def test_a_worker_killed_during_an_aggregation_leaves_the_snapshots_of_a_clean_run(app_on_redis, redis_server,
                                                                                   seogu, bukgu):
    government = build_small_world(seogu, bukgu).government.pk
    services.aggregate_month(local_government_id=government, month=MONTH)
    clean = fingerprint(government)
    MetricSnapshot.objects.filter(local_government_id=government).update(open_stores=999)  # must be redone
    assert fingerprint(government) != clean

    database_url = database_url_for_worker(connection)
    worker_env = {"OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS)}
    blocker = connections.create_connection("default")  # a second session of the test
    blocker.set_autocommit(False)
    try:
        # Hold one snapshot row: the worker's upsert waits on it, so the aggregation is "long".
        blocker.cursor().execute(f"SELECT id FROM {MetricSnapshot._meta.db_table} "
                                 "WHERE local_government_id = %s LIMIT 1 FOR UPDATE", [government])
        with CeleryWorkerProcess(database_url=database_url, broker_url=redis_server.url(0),
                                 env=worker_env) as worker:
            assert services.request_aggregation(government, MONTH, countdown=0)  # autocommit: published now
            message = OutboxMessage.objects.get(task_name="dashboard.tasks.aggregate_month")
            wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.RUNNING,
                     timeout=30, what="the worker to claim the aggregation")
            time.sleep(1)  # well inside the blocked upsert
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.wait()
    finally:
        blocker.rollback()
        blocker.close()
    assert fingerprint(government) != clean  # the killed run wrote nothing

    time.sleep(LEASE_SECONDS)  # the dead worker's claim runs out
    with CeleryWorkerProcess(database_url=database_url, broker_url=redis_server.url(0), env=worker_env) as worker:
        # The new worker's start-up relay takes the message back and runs it again.
        wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.DONE,
                 timeout=60, what="the aggregation to be run again:\n" + "".join(worker.lines[-20:]))
    assert fingerprint(government) == clean
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2

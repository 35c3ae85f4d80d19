"""Fault test: `kill -9` of the Celery worker in the middle of a store import.

Its own redis-server (IMPORT_FAULT_REDIS_PORT, 6395 by default) and its own worker processes,
never a shared service. After the kill a second worker starts; the recovery beat task (run here
by hand, with a stale-heartbeat threshold of a few seconds) queues the job again, the new worker
runs it from the first line, and the stores end up exactly as a clean run of the file leaves them.
"""

import os
import shutil
import signal
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from merchants import services
from merchants.importers import import_stores
from merchants.models import Store, StoreImport, StoreImportEvent
from tests.merchants.helpers import store_fingerprint, synthetic_semas
from tests.redis_utils import CeleryWorkerProcess, _reset_connections, database_url_for_worker, redis_available

ROWS = 8_000  # 4 batches of 2,000: the kill lands after the first is written
STALE_SECONDS = 3
PORT = int(os.environ.get("IMPORT_FAULT_REDIS_PORT", "6395"))
BROKER_URL = f"redis://127.0.0.1:{PORT}/0"

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the worker processes must share the test's database: PostgreSQL (CI runs it); "
                              "the SQLite test database lives in this process's memory"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server binary"),
]


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, killed at the end."""
    if redis_available(BROKER_URL):
        pytest.fail(f"port {PORT} is already taken; set IMPORT_FAULT_REDIS_PORT to a free port")
    server = subprocess.Popen(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not redis_available(BROKER_URL):
        if time.monotonic() > deadline:
            server.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    yield BROKER_URL
    server.kill()
    server.wait(timeout=10)


@pytest.fixture
def broker(own_redis, settings):
    """Point this process's Celery app at the test's Redis, so the upload's task is published there."""
    from alleydistricts.celery import app

    old = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=own_redis, result_backend=own_redis, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _reset_connections(app)
    yield app
    app.conf.update(**old)
    _reset_connections(app)


def wait_for(condition, *, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def test_a_worker_killed_mid_import_leaves_the_stores_as_a_clean_run(broker, official, seogu, tmp_path,
                                                                      settings, monkeypatch):
    from merchants.tasks import recover_imports

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    worker_env = {"MEDIA_ROOT": str(media), "IMPORT_STALE_SECONDS": str(STALE_SECONDS)}
    database_url = database_url_for_worker(connection)
    path = synthetic_semas(tmp_path / "big.csv", ROWS)

    with CeleryWorkerProcess(database_url=database_url, broker_url=broker.conf.broker_url,
                             env=worker_env) as first:
        with open(path, "rb") as handle:
            job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile(
                path.name, handle.read(), content_type="text/csv"))
        assert wait_for(lambda: Store.objects.exists(), timeout=30), "the import did not get going in the worker"
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    job.refresh_from_db()
    written_before = dict(Store.objects.values_list("external_id", "updated_at"))
    assert job.status == StoreImport.Status.RUNNING and 0 < len(written_before) < ROWS, \
        "the kill must land mid-run"

    with CeleryWorkerProcess(database_url=database_url, broker_url=broker.conf.broker_url, env=worker_env):
        # What beat does every minute, once the dead worker's heartbeat is older than the threshold.
        assert wait_for(lambda: recover_imports.delay().get(timeout=20)["store_imports"] == 1,
                        timeout=STALE_SECONDS * 4, step=0.5)
        assert wait_for(lambda: StoreImport.objects.get(pk=job.pk).is_finished, timeout=40, step=0.2)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (StoreImport.Status.DONE, 2), job.error_message
    assert list(job.history.values_list("kind", flat=True)) == [StoreImportEvent.Kind.RECOVERED]
    assert (job.created_count, job.unchanged_count) == (ROWS - len(written_before), len(written_before))
    # the re-run wrote nothing on the rows the killed run had written
    assert dict(Store.objects.filter(external_id__in=written_before).values_list("external_id", "updated_at")) \
        == written_before
    recovered = store_fingerprint()

    Store.objects.all().delete()
    import_stores(path, local_government=seogu)  # the clean run
    assert Store.objects.count() == ROWS and store_fingerprint() == recovered

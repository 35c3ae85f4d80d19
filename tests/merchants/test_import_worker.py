"""The browser upload's import runs in a real Celery worker (subprocess) through Redis."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from merchants import services
from merchants.models import Store, StoreImport
from tests.conftest import YANGDONG_STORES
from tests.redis_utils import CeleryWorkerProcess, celery_broker, database_url_for_worker, requires_redis  # noqa: F401

pytestmark = [pytest.mark.celery_worker, requires_redis, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_imports_the_uploaded_yangdong_file(celery_broker,  # noqa: F811
                                                          official, seogu, monkeypatch, private_media):
    database_url = database_url_for_worker(connection)
    if database_url is None:
        pytest.skip("the worker process needs a database file or server (in-memory SQLite cannot be shared)")
    monkeypatch.setenv("MEDIA_ROOT", str(private_media))  # the worker reads the upload where the web saved it
    with CeleryWorkerProcess(database_url=database_url):
        with open(YANGDONG_STORES, "rb") as handle:
            job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile(
                YANGDONG_STORES.name, handle.read(), content_type="text/csv"))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
    assert job.status == StoreImport.Status.DONE, job.error_message
    assert (job.created_count, job.unassigned_count) == (422, 2)
    assert Store.objects.filter(local_government=seogu).count() == 422

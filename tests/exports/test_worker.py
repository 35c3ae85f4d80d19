"""A real Celery worker on Redis writes a background export queued through the outbox."""

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from exports.models import ExportJob
from tests.merchants.helpers import store_in
from tests.privacy_utils import export_with_reason
from tests.redis_utils import CeleryWorkerProcess, celery_broker, database_url_for_worker, requires_redis, wait_for  # noqa: F401

pytestmark = [pytest.mark.celery_worker, requires_redis, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_writes_the_queued_export(celery_broker, official_client, seogu, settings):  # noqa: F811
    database_url = database_url_for_worker(connection)
    if database_url is None:
        pytest.skip("the worker process cannot reach an in-memory SQLite test database; run with DATABASE_URL")
    for i in range(6):
        store_in(seogu, name=f"=상회{i}" if i == 0 else f"상회{i}")
    with CeleryWorkerProcess(database_url=database_url, env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}) as worker:
        response = export_with_reason(official_client, reverse("merchants:store_export"))
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
        done = wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first())
    assert done is not None and done.status == "done", (done and done.error, "".join(worker.lines[-30:]))
    assert done.rows_done == 6
    download = official_client.get(reverse("exports:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 6
    formula = next(row[2] for row in rows if row[2].value.startswith("="))
    assert formula.data_type == "s" and formula.quotePrefix

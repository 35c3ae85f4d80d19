"""A real Celery worker on Redis imports a sales file and then runs the aggregate_month it queued."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from dashboard.models import MetricSnapshot
from sales.models import SalesImport
from tests.factories import StoreFactory
from tests.redis_utils import CeleryWorkerProcess, celery_broker, database_url_for_worker, requires_redis, wait_for  # noqa: F401

pytestmark = [pytest.mark.celery_worker, requires_redis, pytest.mark.django_db(transaction=True)]


def test_an_import_queues_aggregation_that_a_real_worker_runs(celery_broker, official_client, seogu,  # noqa: F811
                                                                monkeypatch, settings):
    database_url = database_url_for_worker(connection)
    if database_url is None:
        pytest.skip("the worker process cannot reach an in-memory SQLite test database; run with DATABASE_URL")
    monkeypatch.setenv("DASHBOARD_AGGREGATION_COUNTDOWN", "1")
    settings.DASHBOARD_AGGREGATION_COUNTDOWN = 1
    StoreFactory(local_government=seogu, external_id="MA0001")
    StoreFactory(local_government=seogu, external_id="MA0002")
    csv = "상가업소번호,월,매출액,온누리매출\nMA0001,2025-03,30000000,3000000\nMA0002,2025-03,10000000,0\n"
    with CeleryWorkerProcess(database_url=database_url):
        response = official_client.post(reverse("sales:import"),
                                        {"file": SimpleUploadedFile("sales.csv", csv.encode())})
        assert response.status_code == 302
        job = SalesImport.objects.get()
        done = wait_for(lambda: SalesImport.objects.filter(pk=job.pk, status="done").exists())
        assert done, SalesImport.objects.get(pk=job.pk).status
        snapshot = wait_for(lambda: MetricSnapshot.objects.filter(
            local_government=seogu, month="2025-03-01", scope="government").first())
    assert snapshot is not None, "the worker did not aggregate March 2025"
    assert (snapshot.total_sales_won, snapshot.onnuri_sales_won, snapshot.reporting_stores) == (
        40_000_000, 3_000_000, 2)
    # One run per month: the import touched March, which feeds April's MoM and next March's YoY.
    assert MetricSnapshot.objects.filter(local_government=seogu, month="2025-04-01", scope="government").exists()

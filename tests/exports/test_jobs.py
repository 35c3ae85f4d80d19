"""Big list exports run as background jobs (queued through the outbox); small ones stay immediate.

The worker is Celery in eager mode here: the job runs when the request's transaction commits
(`django_capture_on_commit_callbacks(execute=True)`). tests/exports/test_worker.py runs a real one."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import OutboxMessage
from exports import services
from exports.models import ExportJob
from privacy.models import AccessLog
from tests.conftest import client_for, make_user
from tests.merchants.helpers import store_in
from tests.privacy_utils import EXPORT_REASON, export_with_reason

EXPORT = reverse("merchants:store_export")


def stores(government, count, **fields):
    return [store_in(government, name=f"상회{i:03d}", **fields) for i in range(count)]


def queue(client, params=None, *, callbacks=None, run=True):
    """Ask for the store export; with run, the eager worker writes it after the commit."""
    if callbacks is None or not run:
        return export_with_reason(client, EXPORT, params)
    with callbacks(execute=True):
        return export_with_reason(client, EXPORT, params)


def job_urls(job):
    return [reverse("exports:job", args=[job.pk]), reverse("exports:job_status", args=[job.pk]),
            reverse("exports:job_download", args=[job.pk])]


def workbook_rows(content: bytes):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_small_export_is_answered_at_once_without_a_job(official_client, seogu):
    stores(seogu, 3)
    response = export_with_reason(official_client, EXPORT)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(workbook_rows(response.content)) == 4
    assert not ExportJob.objects.exists() and not OutboxMessage.objects.exists()


def test_a_big_export_becomes_a_job_whose_file_holds_every_row_with_formulas_as_text(
        official_client, official, seogu, bukgu, django_capture_on_commit_callbacks):
    stores(seogu, 5)
    store_in(seogu, name="=HYPERLINK(\"http://evil\",\"x\")", branch="@SUM(A1)", phone="+82 62-000-0000")
    store_in(bukgu, name="북구상회")
    response = queue(official_client, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.requested_by, job.local_government, job.name, job.reason) == (
        official, seogu, "merchants.stores", EXPORT_REASON)
    assert job.status == ExportJob.Status.DONE and job.rows_done == job.rows_total == 6
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=24)
    assert job.filename.startswith("stores-29140-") and job.filename.endswith(".xlsx")

    page = official_client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "파일 내려받기" in page and reverse("exports:job_download", args=[job.pk]) in page

    download = official_client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200 and ".xlsx" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 7 and "북구상회" not in [row[2] for row in rows]  # the official's government only
    formula = next(row for row in sheet.iter_rows(min_row=2) if row[2].value.startswith("="))
    assert formula[2].data_type == "s" and formula[2].quotePrefix  # text, never calculated
    assert formula[3].quotePrefix and formula[3].value == "@SUM(A1)"


def test_a_background_export_keeps_the_lists_filters(official_client, seogu, django_capture_on_commit_callbacks):
    stores(seogu, 4, status="open")
    store_in(seogu, name="국밥집1")
    store_in(seogu, name="국밥집2")
    for i in range(3):
        store_in(seogu, name=f"국밥{i}호점")
    queue(official_client, {"q": "국밥"}, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.params == "q=%EA%B5%AD%EB%B0%A5" and job.rows_done == 5
    rows = workbook_rows(b"".join(official_client.get(
        reverse("exports:job_download", args=[job.pk])).streaming_content))
    assert sorted(row[2] for row in rows[1:]) == ["국밥0호점", "국밥1호점", "국밥2호점", "국밥집1", "국밥집2"]


def test_the_status_endpoint_reports_progress_then_the_download(official_client, seogu):
    stores(seogu, 5)
    queue(official_client, run=False)  # the commit callbacks are not run: the job waits for a worker
    job = ExportJob.objects.get()
    status = official_client.get(reverse("exports:job_status", args=[job.pk]))
    assert status["Content-Type"] == "application/json" and "no-cache" in status["Cache-Control"]
    assert status.json() | {"id": None} == {
        "id": None, "status": "queued", "status_label": "대기 중", "finished": False, "progress": 0,
        "rows_done": 0, "rows_total": 5, "download_url": None}
    page = official_client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert 'id="export-progress"' in page and 'id="export-reload"' in page  # a plain link works without JS
    assert 'http-equiv="refresh"' not in page
    ExportJob.objects.filter(pk=job.pk).update(status="running", rows_done=2)
    assert official_client.get(reverse("exports:job_status", args=[job.pk])).json()["progress"] == 40
    services.export_job_run(str(job.pk))
    data = official_client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert (data["status"], data["finished"], data["progress"], data["rows_done"]) == ("done", True, 100, 5)
    assert data["download_url"] == reverse("exports:job_download", args=[job.pk])


def test_only_the_owner_and_administrators_reach_a_job(official_client, other_official_client, merchant_a_client,
                                                      admin_client_user, client, seogu, official,
                                                      django_capture_on_commit_callbacks):
    stores(seogu, 5)
    queue(official_client, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    colleague = client_for(make_user("colleague", role="official", local_government=seogu))  # not who asked
    for url in job_urls(job):
        assert official_client.get(url).status_code == 200
        assert admin_client_user.get(url).status_code == 200
        assert other_official_client.get(url).status_code == 404  # another government
        assert colleague.get(url).status_code == 404
        assert merchant_a_client.get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    unknown = reverse("exports:job", args=["00000000-0000-4000-8000-000000000000"])
    assert official_client.get(unknown).status_code == 404
    assert official_client.get("/exports/1/").status_code == 404  # ids are UUIDs, not counters


def test_a_merchant_or_other_government_cannot_queue_a_store_export(merchant_a_client, other_official_client,
                                                                     seogu, django_capture_on_commit_callbacks):
    stores(seogu, 5)
    assert export_with_reason(merchant_a_client, EXPORT).status_code == 403
    response = queue(other_official_client, callbacks=django_capture_on_commit_callbacks)
    # 북구's official sees 북구's stores only: none here, so a small file at once and no job.
    assert response.status_code == 200 and len(workbook_rows(response.content)) == 1
    assert not ExportJob.objects.exists()


def test_a_repeated_request_while_the_job_waits_joins_it(official_client, seogu):
    stores(seogu, 5)
    first = queue(official_client, run=False)
    second = queue(official_client, run=False)
    job = ExportJob.objects.get()
    assert first["Location"] == second["Location"] == reverse("exports:job", args=[job.pk])
    assert OutboxMessage.objects.filter(task_name="exports.run_job").count() == 1
    ExportJob.objects.filter(pk=job.pk).update(status="running")
    queue(official_client, run=False)
    assert ExportJob.objects.count() == 1
    queue(official_client, {"q": "상회"}, run=False)  # other filters: another file
    assert ExportJob.objects.count() == 2


def test_a_new_request_after_the_job_finished_makes_a_new_file(official_client, seogu,
                                                               django_capture_on_commit_callbacks):
    stores(seogu, 5)
    queue(official_client, callbacks=django_capture_on_commit_callbacks)
    queue(official_client, callbacks=django_capture_on_commit_callbacks)
    assert list(ExportJob.objects.values_list("status", flat=True)) == ["done", "done"]


def test_the_access_log_keeps_who_why_and_how_many_rows(official_client, official, seogu,
                                                        django_capture_on_commit_callbacks):
    stores(seogu, 5)
    queue(official_client, {"q": "상회"}, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    (row,) = AccessLog.objects.filter(action="export")
    assert (row.actor, row.record_type, row.reason) == (official, "merchants.store", EXPORT_REASON)
    assert row.detail == "rows=5&q=%EC%83%81%ED%9A%8C"
    official_client.get(reverse("exports:job_download", args=[job.pk]))
    download = AccessLog.objects.get(action="download")
    assert (download.actor, download.record_type, download.record_id) == (official, "exports.exportjob", str(job.pk))


def test_without_a_reason_nothing_is_queued(official_client, seogu):
    stores(seogu, 5)
    response = official_client.post(EXPORT, {"reason": ""})
    assert response.status_code == 400 and not ExportJob.objects.exists()


def test_running_a_job_twice_writes_it_once(official_client, seogu, django_capture_on_commit_callbacks):
    stores(seogu, 5)
    queue(official_client, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert services.export_job_run(str(job.pk)) is None
    assert ExportJob.objects.get().file.name == job.file.name


def test_expired_files_are_deleted_by_the_cleanup_task(official_client, seogu, django_capture_on_commit_callbacks):
    from exports.tasks import expire_export_jobs

    stores(seogu, 5)
    queue(official_client, callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert expire_export_jobs() == 0  # not yet
    ExportJob.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert expire_export_jobs() == 1
    assert not storage.exists(name)
    job.refresh_from_db()
    assert job.status == "expired" and not job.file
    assert official_client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert "다시 내보내" in official_client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert expire_export_jobs() == 0  # a second run changes nothing


def test_a_failing_export_marks_its_job_failed(official_client, seogu, monkeypatch):
    stores(seogu, 5)
    queue(official_client, run=False)
    job = ExportJob.objects.get()
    monkeypatch.setattr("merchants.exports.write_stores_workbook", lambda *a, **k: 1 / 0)
    services.export_job_run(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and "ZeroDivisionError" in job.error and not job.file
    assert "내보내기에 실패" in official_client.get(reverse("exports:job", args=[job.pk])).content.decode()


@pytest.mark.parametrize("kind", ["outreach", "access_log"])
def test_other_list_exports_use_the_same_jobs(kind, official_client, admin_client_user, official, seogu,
                                              django_capture_on_commit_callbacks):
    from privacy.services import record_access

    if kind == "outreach":
        from tests.factories import DistrictFactory

        district = DistrictFactory(local_government=seogu, status="designated")
        stores(seogu, 5, district=district)  # stores of a designated district may join Onnuri
        client, url = official_client, reverse("giftcerts:outreach_export")
    else:
        for i in range(5):
            record_access(user=official, action="view", record_type="merchants.store", record_id=i,
                          label=f"=cmd{i}")
        client, url = admin_client_user, reverse("privacy:access_log_export")
    with django_capture_on_commit_callbacks(execute=True):
        response = export_with_reason(client, url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == "done" and job.rows_done >= 5
    rows = workbook_rows(b"".join(client.get(reverse("exports:job_download", args=[job.pk])).streaming_content))
    assert len(rows) == job.rows_done + 1

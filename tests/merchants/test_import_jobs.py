"""The browser upload: a StoreImport job run by the Celery task, its status JSON and its reports."""

import csv
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from merchants import services
from merchants.models import Store, StoreImport
from merchants.tasks import run_store_import
from tests.conftest import MALBAWI_STORES, YANGDONG_STORES

from .conftest import semas_row, write_semas, yangdong_market_rows

IMPORTS = reverse("merchants:import_list")


def upload(client, path, **fields):
    with open(path, "rb") as handle:
        return client.post(IMPORTS, {"file": SimpleUploadedFile(path.name, handle.read(), content_type="text/csv"),
                                     "file_format": "auto", **fields})


def test_official_uploads_the_yangdong_file_and_sees_the_summary(official_client, official, seogu,
                                                                  django_capture_on_commit_callbacks):
    assert official_client.get(IMPORTS).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly, after the commit
        response = upload(official_client, YANGDONG_STORES)
    job = StoreImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("merchants:import_detail", args=[job.pk])
    assert (job.status, job.uploaded_by, job.detected_format, job.encoding) == ("done", official, "market", "UTF-8")
    assert (job.rows_read, job.created_count, job.unassigned_count, job.rejected_count) == (422, 422, 2, 0)
    assert job.file.name.startswith("imports/uploads/") and job.progress_percent == 100
    assert Store.objects.filter(local_government=seogu).count() == 422
    html = official_client.get(response["Location"]).content.decode()
    assert "결과 요약" in html and "422" in html and "검토할 점포" in html
    status = official_client.get(reverse("merchants:import_status", args=[job.pk])).json()
    assert status["finished"] and status["progress"] == 100 and status["counts"]["created"] == 422


def test_rejected_and_outside_rows_download_as_csv_for_that_government_only(
        official_client, other_official_client, merchant_a_client, seogu, tmp_path,
        django_capture_on_commit_callbacks):
    rows = [semas_row(s) for s in yangdong_market_rows()[:3]]
    rows[1] = semas_row(yangdong_market_rows()[1], 위도="")
    rows.append(semas_row(yangdong_market_rows()[3], 시군구코드="29170", 시군구명="북구"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, write_semas(tmp_path / "mixed.csv", rows))
    job = StoreImport.objects.get()
    assert (job.created_count, job.rejected_count, job.outside_count) == (2, 1, 1)
    rejected_url = reverse("merchants:import_report", args=[job.pk, "rejected"])
    response = official_client.get(rejected_url)
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("3,") and "위도" in text
    outside = b"".join(official_client.get(reverse("merchants:import_report", args=[job.pk, "outside"]))
                       .streaming_content).decode("utf-8-sig")
    assert "광주광역시 북구" in outside
    assert other_official_client.get(rejected_url).status_code == 404
    assert merchant_a_client.get(rejected_url).status_code == 403
    assert official_client.get(reverse("merchants:import_report", args=[job.pk, "secret"])).status_code == 404


def test_malbawi_upload_imports_nothing_and_lists_its_411_rows(official_client, seogu,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, MALBAWI_STORES)
    job = StoreImport.objects.get()
    assert (job.outside_count, job.created_count, job.outside_by_area) == (411, 0, {"광주광역시 북구": 411})
    assert "광주광역시 북구" in official_client.get(reverse("merchants:import_detail", args=[job.pk])).content.decode()


def test_a_file_of_unknown_shape_is_refused_at_upload(official_client, seogu, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("제목,내용\n회의,다음 주\n", encoding="utf-8")
    response = upload(official_client, path)
    assert response.status_code == 400 and "머리글" in response.content.decode()
    assert not StoreImport.objects.exists()
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert upload(official_client, binary).status_code == 400


def test_a_snapshot_date_is_refused_for_a_market_file(official_client, seogu):
    response = upload(official_client, YANGDONG_STORES, file_format="market", snapshot_date="2026-01-01")
    assert response.status_code == 400 and "상가정보" in response.content.decode()


def test_wrong_personas_cannot_upload_or_see_jobs(client, merchant_a_client, other_official_client, official,
                                                  seogu, bukgu):
    job = StoreImport.objects.create(local_government=seogu, original_name="x.csv", uploaded_by=official)
    assert client.get(IMPORTS).status_code == 302
    assert merchant_a_client.post(IMPORTS, {}).status_code == 403
    for name in ("merchants:import_detail", "merchants:import_status"):
        assert other_official_client.get(reverse(name, args=[job.pk])).status_code == 404


def test_the_task_runs_a_job_once(official, seogu, tmp_path):
    path = write_semas(tmp_path / "a.csv", [semas_row(s) for s in yangdong_market_rows()[:5]])
    with open(path, "rb") as handle:
        job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile(
            "a.csv", handle.read()), snapshot_date=datetime.date(2026, 1, 1))
    assert job.status == StoreImport.Status.QUEUED
    assert run_store_import.delay(job.pk).get() == "done"
    job.refresh_from_db()
    finished_at, created = job.finished_at, job.created_count
    assert created == 5
    assert run_store_import.delay(job.pk).get() == "done"  # a second run changes nothing
    job.refresh_from_db()
    assert (job.finished_at, job.created_count) == (finished_at, 5)
    assert Store.objects.count() == 5


def test_a_failing_job_is_marked_failed_with_a_message(official, seogu, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with open(path, "rb") as handle:
        job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile("bad.csv",
                                                                                               handle.read()))
    job = services.store_import_run(import_id=job.pk)
    assert job.status == StoreImport.Status.FAILED and "머리글" in job.error_message
    assert job.finished_at is not None


def test_an_older_snapshot_after_a_newer_one_is_refused(official, seogu, tmp_path):
    path = write_semas(tmp_path / "a.csv", [semas_row(s) for s in yangdong_market_rows()[:3]])
    jobs = []
    for date in (datetime.date(2026, 6, 30), datetime.date(2026, 1, 31)):
        with open(path, "rb") as handle:
            job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile(
                "a.csv", handle.read()), snapshot_date=date)
        jobs.append(services.store_import_run(import_id=job.pk))
    assert jobs[0].status == "done" and jobs[1].status == "failed" and "최근" in jobs[1].error_message


def test_a_second_import_waits_while_one_of_the_government_runs(official, seogu, tmp_path):
    from django.utils import timezone

    StoreImport.objects.create(local_government=seogu, original_name="big.csv", status=StoreImport.Status.RUNNING,
                               started_at=timezone.now(), heartbeat_at=timezone.now())
    path = write_semas(tmp_path / "a.csv", [semas_row(s) for s in yangdong_market_rows()[:2]])
    with open(path, "rb") as handle:
        job = services.store_import_create(official=official, uploaded_file=SimpleUploadedFile("a.csv",
                                                                                               handle.read()))
    job = services.store_import_run(import_id=job.pk)
    assert job.status == "failed" and "진행 중" in job.error_message
    assert not Store.objects.exists()


def test_rejected_rows_csv_keeps_a_formula_like_store_name_as_text(official_client, seogu, tmp_path,
                                                                    django_capture_on_commit_callbacks):
    """Store names arrive from SEMAS files: a rejected row's name like =1+1 is written so Excel reads text."""
    rows = [semas_row(yangdong_market_rows()[0], 위도="", 상호명="=1+1"),
            semas_row(yangdong_market_rows()[1], 위도="", 상호명="-2+3")]
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, write_semas(tmp_path / "formulas.csv", rows))
    job = StoreImport.objects.get()
    assert job.rejected_count == 2
    content = b"".join(official_client.get(reverse("merchants:import_report", args=[job.pk, "rejected"]))
                       .streaming_content).decode("utf-8-sig")
    header, *records = list(csv.reader(io.StringIO(content)))
    names = [dict(zip(header, record, strict=True))["상호명"] for record in records]
    assert names == ["'=1+1", "'-2+3"]

"""Store import jobs recover: heartbeat, a dead worker's job run again (beat or redelivery), attempt limit,
cancel and retry by an official (services and pages)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.errors import TransitionError
from merchants import services
from merchants.importers import import_stores
from merchants.models import Store, StoreImport, StoreImportEvent
from merchants.tasks import recover_imports, run_store_import

from .helpers import store_fingerprint, synthetic_semas

ROWS = 4_500  # three batch boundaries of 2,000 rows


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing in the worker gets to handle it."""


def queue_job(official, path) -> StoreImport:
    with open(path, "rb") as handle:
        return services.store_import_create(official=official, uploaded_file=SimpleUploadedFile(
            path.name, handle.read(), content_type="text/csv"))


def make_stale(job: StoreImport, minutes: int = 10) -> None:
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    StoreImport.objects.filter(pk=job.pk).update(heartbeat_at=past, started_at=past)


def kill_after_first_batch(job: StoreImport) -> None:
    """Run the job until its first batch is written, then 'kill' the worker at the next boundary."""
    calls = []

    def progress(rows, bytes_read, bytes_total):
        calls.append(rows)
        if len(calls) == 2:
            raise WorkerKilled

    with pytest.raises(WorkerKilled):
        services.store_import_run(import_id=job.pk, progress=progress)


@pytest.fixture
def big_file(tmp_path):
    return synthetic_semas(tmp_path / "big.csv", ROWS)


def test_a_running_job_stamps_a_heartbeat_at_each_batch(official, seogu, big_file):
    job = queue_job(official, big_file)
    beats = []

    def progress(rows, bytes_read, bytes_total):
        beats.append(StoreImport.objects.values_list("heartbeat_at", "rows_read", "status").get(pk=job.pk))

    job = services.store_import_run(import_id=job.pk, progress=progress)
    assert job.status == StoreImport.Status.DONE and job.attempts == 1
    assert [rows for _beat, rows, _status in beats] == [2_000, 4_000, ROWS]
    assert all(status == "running" for _beat, _rows, status in beats)
    stamps = [beat for beat, _rows, _status in beats]
    assert stamps == sorted(stamps) and stamps[0] >= job.started_at


def test_a_dead_workers_job_is_run_again_by_beat_and_ends_like_a_clean_run(
        official, seogu, big_file, django_capture_on_commit_callbacks):
    job = queue_job(official, big_file)
    kill_after_first_batch(job)
    job.refresh_from_db()
    assert job.status == StoreImport.Status.RUNNING and Store.objects.count() == 2_000
    written_before = dict(Store.objects.values_list("external_id", "updated_at"))

    assert services.store_imports_recover() == 0  # a fresh heartbeat is a live worker
    make_stale(job)
    with django_capture_on_commit_callbacks(execute=True):  # queued again, and run by the (eager) worker
        assert recover_imports.delay().get() == {"store_imports": 1}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.created_count, job.unchanged_count) == ("done", 2, ROWS - 2_000, 2_000)
    kinds = list(job.history.values_list("kind", "from_status", "to_status"))
    assert kinds == [("recovered", "running", "queued")]
    assert "다시" in job.history.get().reason
    # the re-run wrote nothing on the rows the first run had written
    assert dict(Store.objects.filter(external_id__in=written_before).values_list("external_id", "updated_at")) \
        == written_before
    assert set(Store.objects.values_list("version", flat=True)) == {1}
    recovered = store_fingerprint()

    Store.objects.all().delete()
    import_stores(big_file, local_government=seogu)
    assert store_fingerprint() == recovered and Store.objects.count() == ROWS


def test_a_redelivered_task_takes_over_a_stale_job_but_not_a_live_one(official, official_client, seogu, big_file):
    job = queue_job(official, big_file)
    kill_after_first_batch(job)
    assert run_store_import.delay(job.pk).get() == "running"  # heartbeat fresh: another worker has it
    assert Store.objects.count() == 2_000
    make_stale(job)
    assert run_store_import.delay(job.pk).get() == "done"
    job.refresh_from_db()
    assert job.attempts == 2 and Store.objects.count() == ROWS
    assert job.history.get().kind == StoreImportEvent.Kind.RECOVERED
    html = official_client.get(reverse("merchants:import_detail", args=[job.pk])).content.decode()
    assert "2번 실행" in html and "작업자 중단 후 다시 시작" in html


def test_after_the_last_attempt_the_job_fails_with_a_reason_instead_of_looping(
        official, seogu, big_file, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_ATTEMPTS = 2
    job = queue_job(official, big_file)
    kill_after_first_batch(job)
    make_stale(job)
    with django_capture_on_commit_callbacks(execute=False):  # queued again; delivered by hand below
        services.store_imports_recover()
    kill_after_first_batch(job)
    make_stale(job)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert services.store_imports_recover() == 1
    assert queued == []
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 2)
    assert "2번" in job.error_message
    assert list(job.history.values_list("kind", flat=True)) == ["recovered", "abandoned"]


def test_a_dead_command_run_is_failed_with_a_reason_not_queued(seogu, big_file, django_capture_on_commit_callbacks):
    job = StoreImport.objects.create(local_government=seogu, original_name=str(big_file),
                                     status=StoreImport.Status.RUNNING, attempts=1)
    make_stale(job)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert services.store_imports_recover() == 1
    job.refresh_from_db()
    assert queued == [] and job.status == "failed" and "명령" in job.error_message


def test_a_stale_job_does_not_block_a_new_import(official, seogu, tmp_path):
    stale = StoreImport.objects.create(local_government=seogu, original_name="dead.csv",
                                       status=StoreImport.Status.RUNNING)
    make_stale(stale, minutes=4)
    job = queue_job(official, synthetic_semas(tmp_path / "small.csv", 10))
    job = services.store_import_run(import_id=job.pk)
    assert job.status == "done" and job.created_count == 10


def test_a_cancelled_running_job_stops_at_its_next_batch_boundary(official, seogu, big_file):
    job = queue_job(official, big_file)

    def cancel_once(rows, bytes_read, bytes_total):
        if rows == 2_000:
            services.store_import_cancel(import_id=job.pk, official=official, reason="잘못된 파일")

    job = services.store_import_run(import_id=job.pk, progress=cancel_once)
    assert job.status == StoreImport.Status.CANCELLED
    assert Store.objects.count() == 2_000  # the batch in hand was written, nothing after it
    event = job.history.get()
    assert (event.kind, event.actor, event.reason, event.from_status) == ("cancelled", official, "잘못된 파일",
                                                                          "running")


def test_cancel_and_retry_services_are_guarded_and_safe_to_repeat(official, official_other, seogu, tmp_path,
                                                                   django_capture_on_commit_callbacks):
    job = queue_job(official, synthetic_semas(tmp_path / "a.csv", 5))
    services.store_import_retry(import_id=job.pk, official=official, reason="x")  # waiting already: nothing
    assert not job.history.exists()
    services.store_import_cancel(import_id=job.pk, official=official, reason="중복 업로드")
    services.store_import_cancel(import_id=job.pk, official=official, reason="다시")
    assert job.history.count() == 1
    with pytest.raises(PermissionDenied):
        services.store_import_cancel(import_id=job.pk, official=official_other, reason="x")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.store_import_retry(import_id=job.pk, official=official, reason="올바른 파일 확인")
        services.store_import_retry(import_id=job.pk, official=official, reason="두 번 누름")
    assert len(queued) == 1  # the second retry found it waiting: not queued twice
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.created_count) == ("done", 1, 5)
    assert list(job.history.values_list("kind", flat=True)) == ["cancelled", "retried"]
    with pytest.raises(TransitionError):
        services.store_import_cancel(import_id=job.pk, official=official, reason="늦음")
    command_job = StoreImport.objects.create(local_government=seogu, original_name="cmd.csv",
                                             status=StoreImport.Status.FAILED)
    with pytest.raises(TransitionError, match="명령"):
        services.store_import_retry(import_id=command_job.pk, official=official, reason="x")


# -- pages -------------------------------------------------------------------------------------


@pytest.fixture
def queued_job(official, seogu, tmp_path):
    return queue_job(official, synthetic_semas(tmp_path / "page.csv", 5))


def test_official_cancels_then_retries_from_the_import_page(official_client, official, queued_job,
                                                           django_capture_on_commit_callbacks):
    detail = reverse("merchants:import_detail", args=[queued_job.pk])
    cancel = reverse("merchants:import_cancel", args=[queued_job.pk])
    retry = reverse("merchants:import_retry", args=[queued_job.pk])
    assert cancel in official_client.get(detail).content.decode()
    page = official_client.get(cancel)
    assert page.status_code == 200 and "가져오기 취소" in page.content.decode()

    response = official_client.post(cancel, {"reason": ""})
    assert response.status_code == 400 and "필수" in response.content.decode()
    queued_job.refresh_from_db()
    assert queued_job.status == "queued"

    assert official_client.post(cancel, {"reason": "파일 잘못 올림"}).url == detail
    assert official_client.post(cancel, {"reason": "두 번 누름"}).url == detail  # repeat: nothing more
    queued_job.refresh_from_db()
    assert queued_job.status == "cancelled" and queued_job.history.count() == 1
    html = official_client.get(detail).content.decode()
    assert "취소되었습니다" in html and "파일 잘못 올림" in html and retry in html

    with django_capture_on_commit_callbacks(execute=True):
        assert official_client.post(retry, {"reason": "올바른 파일"}).url == detail
    queued_job.refresh_from_db()
    assert queued_job.status == "done" and queued_job.created_count == 5
    assert official_client.get(cancel).url == detail  # ended: back to the page with a message
    response = official_client.post(cancel, {"reason": "늦음"})
    assert response.status_code == 409 and "끝났" in response.content.decode()


def test_wrong_personas_cannot_cancel_or_retry(client, merchant_a_client, other_official_client, queued_job):
    for name in ("merchants:import_cancel", "merchants:import_retry"):
        url = reverse(name, args=[queued_job.pk])
        assert other_official_client.get(url).status_code == 404
        assert other_official_client.post(url, {"reason": "x"}).status_code == 404
        assert merchant_a_client.post(url, {"reason": "x"}).status_code == 403
        response = client.post(url, {"reason": "x"})
        assert response.status_code == 302 and "login" in response.url
    queued_job.refresh_from_db()
    assert queued_job.status == "queued" and not queued_job.history.exists()


def test_the_admin_shows_a_jobs_history_read_only(admin_client_user, official, queued_job):
    services.store_import_cancel(import_id=queued_job.pk, official=official, reason="관리 화면 확인")
    response = admin_client_user.get(reverse("admin:merchants_storeimport_change", args=[queued_job.pk]))
    assert response.status_code == 200 and "관리 화면 확인" in response.content.decode()
    assert 'name="history-TOTAL_FORMS"' in response.content.decode()
    assert 'name="history-0-reason"' not in response.content.decode()  # shown, not editable

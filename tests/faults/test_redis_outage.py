"""Redis (broker and cache) down: the writes commit and answer normally, their follow-ups wait
in the outbox; Redis back: each follow-up is delivered exactly once, even when published twice."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.models import OutboxMessage
from dashboard.models import MetricSnapshot
from giftcerts.models import Franchise, FranchiseApplication, SessionRegistration
from hotline.models import Ticket
from hotline.services import categories_seed_defaults
from merchants.models import Store, StoreImport
from tests.conftest import client_for
from tests.giftcerts.conftest import district, store_a, store_b, yangdong  # noqa: F401
from tests.giftcerts.factories import InfoSessionFactory, draft_via_services
from tests.giftcerts.test_review_views import submitted_application
from tests.hotline.test_report import form_data
from tests.merchants.conftest import semas_row, write_semas, yangdong_market_rows
from tests.redis_utils import CeleryWorkerProcess, _reset_connections, database_url_for_worker

from .conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
Status = OutboxMessage.Status


def mails_sent(folder) -> int:
    return sum(path.read_text(errors="replace").count("Message-ID:") for path in folder.glob("*.log"))


def test_writes_commit_with_redis_down_and_each_follow_up_arrives_once_when_it_returns(
        app_on_redis, redis_server, settings, tmp_path, seogu, official, merchant_a, merchant_b,
        store_a, store_b):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    settings.DASHBOARD_AGGREGATION_COUNTDOWN = 0
    categories_seed_defaults()  # migration data is gone after an earlier transactional test's flush
    draft = draft_via_services(store_a, merchant_a)
    waiting = submitted_application(store_b)
    closing = Store.objects.create(local_government=seogu, dong=store_a.dong, name="문 닫는 가게",
                                   lon=store_a.lon, lat=store_a.lat)
    session = InfoSessionFactory(local_government=seogu)
    upload = write_semas(tmp_path / "three.csv", [semas_row(s) for s in yangdong_market_rows()[:3]])
    merchant_client, official_client = client_for(merchant_a), client_for(official)

    redis_server.stop()  # broker and cache are gone
    started = time.monotonic()
    report = client_for(merchant_b).post(reverse("hotline:report"), form_data())
    registration = merchant_client.post(reverse("giftcerts:session_detail", args=[session.pk]),
                                        {"name": "김주민", "phone": "010-1234-5678", "email": "", "consent": "on"})
    submit = merchant_client.post(reverse("giftcerts:application_submit", args=[draft.pk]))
    approve = official_client.post(reverse("giftcerts:review_approve", args=[waiting.pk]), {"note": ""})
    close = official_client.post(reverse("merchants:store_close", args=[closing.pk]),
                                 {"version": closing.version, "closed_on": datetime.date.today().isoformat(),
                                  "reason": "폐업 신고"})
    with open(upload, "rb") as handle:
        imported = official_client.post(reverse("merchants:import_list"), {
            "file": SimpleUploadedFile("three.csv", handle.read(), content_type="text/csv"), "file_format": "auto"})
    outage_seconds = time.monotonic() - started

    # (a) every write answered normally and committed.
    assert [r.status_code for r in (report, registration, submit, approve, close, imported)] == [302] * 6
    assert Ticket.objects.count() == 1 and SessionRegistration.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == FranchiseApplication.Status.SUBMITTED
    assert Franchise.objects.filter(store=store_b).exists()
    assert Store.objects.get(pk=closing.pk).status == Store.Status.CLOSED
    job = StoreImport.objects.get()
    assert job.status == StoreImport.Status.QUEUED
    # ... and their follow-ups are kept, none published.
    queued = set(OutboxMessage.objects.values_list("task_name", flat=True))
    assert {"giftcerts.notify_application_event", "dashboard.tasks.aggregate_month",
            "merchants.run_store_import"} <= queued
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert outage_seconds < 60  # a down broker answers fast, it does not hang the requests

    # (b) Redis back: the worker starts, relays what waited, and runs each message once.
    redis_server.start()
    _reset_connections(app_on_redis)
    mail_dir = tmp_path / "mail"
    worker_env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                  "EMAIL_FILE_PATH": str(mail_dir), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                  "DASHBOARD_AGGREGATION_COUNTDOWN": "0"}
    with CeleryWorkerProcess(database_url=database_url_for_worker(connection), broker_url=redis_server.url(0),
                             env=worker_env) as worker:
        wait_for(lambda: not OutboxMessage.objects.exclude(status=Status.DONE).exists(), timeout=90,
                 what="every follow-up to be delivered:\n" + "".join(worker.lines[-20:]))
        job.refresh_from_db()
        assert job.status == StoreImport.Status.DONE and job.created_count == 3
        mails = mails_sent(mail_dir)
        assert mails == 2  # the submission to merchant A, the approval to merchant B
        assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
        snapshots = sorted(MetricSnapshot.objects.values_list("pk", "computed_at"))
        assert snapshots

        # Publish every delivered message again, on purpose: the consumer must skip them all.
        from core import outbox
        from core.tasks import deliver_outbox_message

        delivered = list(OutboxMessage.objects.values_list("pk", flat=True))
        for pk in delivered:
            deliver_outbox_message.apply_async(args=[pk])
        last = outbox.enqueue("core.heartbeat")  # queued behind the duplicates (one solo worker, FIFO)
        wait_for(lambda: OutboxMessage.objects.get(pk=last.pk).status == Status.DONE, timeout=60,
                 what="the duplicates to be consumed")
        skipped = sum("already delivered" in line for line in worker.lines)
    assert skipped >= len(delivered)
    assert mails_sent(mail_dir) == mails
    assert set(OutboxMessage.objects.exclude(pk=last.pk).values_list("attempts", flat=True)) == {1}
    assert sorted(MetricSnapshot.objects.values_list("pk", "computed_at")) == snapshots  # not recomputed

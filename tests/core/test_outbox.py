"""The transactional outbox: rows written with the change, published after commit, run once."""

import datetime

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from core.request_id import bound_request_id, current_request_id

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status
RUNS = []


@shared_task(name="tests.core.record_run")
def record_run(value, *, fail=False):
    """A follow-up that records each run (and the request id it ran under), or fails."""
    if fail:
        raise RuntimeError("mail server down")
    RUNS.append((value, current_request_id()))
    return value


@pytest.fixture(autouse=True)
def runs():
    RUNS.clear()
    return RUNS


def test_a_rolled_back_change_leaves_no_follow_up(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(record_run, "lost")
        raise RuntimeError("the business rule refused")
    assert not OutboxMessage.objects.exists() and RUNS == []


def test_eager_mode_runs_the_task_after_commit_under_the_request_id(django_capture_on_commit_callbacks):
    with bound_request_id("req-42"), django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = outbox.enqueue("tests.core.record_run", "hello")
        assert RUNS == []  # nothing runs before the commit
    assert len(callbacks) == 1
    assert RUNS == [("hello", "req-42")]
    message.refresh_from_db()
    assert message.status == Status.DONE and message.request_id == "req-42" and message.attempts == 1


def test_a_message_delivered_twice_runs_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox.enqueue(record_run, "once")
    outbox.deliver(message.pk)
    outbox.deliver(message.pk)  # the broker (or the relay) handed it over again
    assert [value for value, _ in RUNS] == ["once"]


def test_a_dedupe_key_keeps_one_waiting_row_until_a_worker_claims_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = outbox.enqueue(record_run, "a", dedupe_key="k", delay_seconds=15)
        assert outbox.enqueue(record_run, "a", dedupe_key="k") is None
    assert first.not_before > timezone.now() + datetime.timedelta(seconds=10)
    outbox.deliver(first.pk)
    with django_capture_on_commit_callbacks(execute=False):
        assert outbox.enqueue(record_run, "a", dedupe_key="k") is not None  # a change after the run starts
    assert OutboxMessage.objects.filter(dedupe_key="k").count() == 2


def test_a_failing_task_backs_off_and_finally_gives_up(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox.enqueue(record_run, "x", fail=True)
    with pytest.raises(RuntimeError):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Status.PENDING and "mail server down" in message.last_error
    assert message.not_before >= timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS - 5)
    assert outbox.relay() == 0  # not due yet
    with pytest.raises(RuntimeError):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.attempts == 2


def test_eager_failures_never_reach_the_request(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(record_run, "x", fail=True)
    message.refresh_from_db()
    assert message.status == Status.PENDING and "failed" in caplog.text


def test_the_relay_publishes_due_and_lost_messages_and_takes_back_dead_claims(monkeypatch,
                                                                              django_capture_on_commit_callbacks):
    from core.tasks import deliver_outbox_message

    published = []
    monkeypatch.setattr(deliver_outbox_message, "apply_async", lambda *, args, **kw: published.append(args[0]))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):
        due = outbox.enqueue(record_run, "due")
        later = outbox.enqueue(record_run, "later", delay_seconds=600)
        lost = outbox.enqueue(record_run, "lost")
        dead = outbox.enqueue(record_run, "dead")
    OutboxMessage.objects.filter(pk=lost.pk).update(status=Status.PUBLISHED, published_at=now - datetime.timedelta(
        hours=1), not_before=now - datetime.timedelta(hours=1))
    OutboxMessage.objects.filter(pk=dead.pk).update(status=Status.RUNNING, attempts=1,
                                                    lease_until=now - datetime.timedelta(seconds=1))
    assert outbox.relay() == 3
    assert sorted(published) == sorted([due.pk, lost.pk, dead.pk]) and later.pk not in published
    assert OutboxMessage.objects.get(pk=dead.pk).status == Status.PUBLISHED


def test_publishing_with_the_broker_down_keeps_the_row_and_only_warns(settings, caplog,
                                                                       django_capture_on_commit_callbacks):
    from alleydistricts.celery import app
    from tests.redis_utils import _reset_connections

    old = {k: app.conf.get(k) for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    _reset_connections(app)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.enqueue(record_run, "kept")
    finally:
        app.conf.update(**old)
        _reset_connections(app)
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.last_error.startswith("publish:")
    assert "relay will retry" in caplog.text and RUNS == []


def test_prune_deletes_old_delivered_rows_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        old_done = outbox.enqueue(record_run, 1)
        old_failed = outbox.enqueue(record_run, 2)
        recent = outbox.enqueue(record_run, 3)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    OutboxMessage.objects.filter(pk=old_done.pk).update(status=Status.DONE, done_at=long_ago)
    OutboxMessage.objects.filter(pk=old_failed.pk).update(status=Status.FAILED, done_at=long_ago)
    OutboxMessage.objects.filter(pk=recent.pk).update(status=Status.DONE, done_at=timezone.now())
    assert outbox.prune() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {old_failed.pk, recent.pk}


def test_operators_see_failed_follow_ups_in_the_admin_read_only(admin_client_user, official_client,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox.enqueue(record_run, "x")
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error="SMTP refused")
    listing = admin_client_user.get("/admin/core/outboxmessage/?status=failed")
    assert listing.status_code == 200 and "tests.core.record_run" in listing.content.decode()
    assert admin_client_user.get("/admin/core/outboxmessage/add/").status_code == 403
    assert official_client.get("/admin/core/outboxmessage/").status_code == 302  # not staff

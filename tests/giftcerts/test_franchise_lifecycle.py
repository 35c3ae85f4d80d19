"""Franchises live their life: the daily task expires and reminds (idempotently); an official
cancels with a reason and a re-registration ban of at most five years."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import DomainError, TransitionError
from giftcerts import services, tasks
from giftcerts.models import Franchise, FranchiseEvent
from giftcerts.rules import add_years
from tests.factories import FranchiseFactory

TODAY = datetime.date(2026, 11, 27)


def franchise_ending(store, days: int, **extra) -> Franchise:
    until = TODAY + datetime.timedelta(days=days)
    return FranchiseFactory(store=store, valid_from=add_years(until, -3), valid_until=until, **extra)


def test_the_daily_task_expires_ended_franchises_once(store_a, store_b, django_capture_on_commit_callbacks):
    ended = franchise_ending(store_a, -1)
    running = franchise_ending(store_b, 0)  # last valid day is today
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.franchises_daily(today=TODAY.isoformat())
        second = tasks.franchises_daily(today=TODAY.isoformat())
    ended.refresh_from_db(), running.refresh_from_db()
    assert ended.status == Franchise.Status.EXPIRED and running.status == Franchise.Status.ACTIVE
    assert first["expired"] == 1 and second["expired"] == 0
    assert FranchiseEvent.objects.filter(franchise=ended, to_status="expired").count() == 1


def test_the_expiry_task_run_twice_sends_one_renewal_reminder(store_a, django_capture_on_commit_callbacks):
    franchise = franchise_ending(store_a, 60)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.franchises_daily(today=TODAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.franchises_daily(today=TODAY.isoformat())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["merchant_a@example.kr"]
    assert "2027년 1월 26일" in message.subject  # valid_until, the Korean way
    assert f"/onnuri/apply/{store_a.pk}/" in message.body
    franchise.refresh_from_db()
    assert franchise.renewal_reminder_sent_at is not None


def test_no_reminder_earlier_than_60_days(store_a, django_capture_on_commit_callbacks):
    franchise_ending(store_a, 61)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.franchises_daily(today=TODAY.isoformat())
    assert result["reminded"] == 0 and mail.outbox == []


def test_a_reminder_without_an_address_is_recorded_but_not_mailed(seogu, yangdong, district):
    from tests.factories import StoreFactory

    ownerless = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=None)
    franchise = franchise_ending(ownerless, 10)
    assert services.franchise_send_renewal_reminder(franchise_id=franchise.pk, today=TODAY) is True
    assert services.franchise_send_renewal_reminder(franchise_id=franchise.pk, today=TODAY) is False
    assert mail.outbox == []
    assert "이메일 주소 없음" in FranchiseEvent.objects.filter(franchise=franchise).last().message


def test_expire_is_guarded(store_a):
    franchise = franchise_ending(store_a, 5)
    with pytest.raises(TransitionError):
        services.franchise_expire(franchise_id=franchise.pk, today=TODAY)
    Franchise.objects.filter(pk=franchise.pk).update(status=Franchise.Status.CANCELLED)
    with pytest.raises(TransitionError):
        services.franchise_expire(franchise_id=franchise.pk, today=TODAY + datetime.timedelta(days=10))


def test_official_cancels_with_a_reason_and_a_ban(store_a, official, django_capture_on_commit_callbacks):
    franchise = franchise_ending(store_a, 500)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="상품권 부정 수취",
                                  ban_until=today + datetime.timedelta(days=365))
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.CANCELLED and franchise.cancelled_by == official
    assert franchise.cancel_reason == "상품권 부정 수취"
    event = FranchiseEvent.objects.filter(franchise=franchise).last()
    assert (event.from_status, event.to_status, event.actor) == ("active", "cancelled", official)
    assert "취소" in mail.outbox[0].subject and "상품권 부정 수취" in mail.outbox[0].body
    with pytest.raises(TransitionError):
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="again",
                                  ban_until=today)


def test_a_ban_may_last_at_most_five_years(store_a, official):
    franchise = franchise_ending(store_a, 500)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="5년"):
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="x",
                                  ban_until=add_years(today, 5) + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="x",
                                  ban_until=today - datetime.timedelta(days=1))
    services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="x",
                              ban_until=add_years(today, 5))
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.CANCELLED


@pytest.mark.parametrize("persona", ["official_other", "merchant_a", "anonymous"])
def test_only_an_official_of_the_government_cancels(store_a, persona, request):
    franchise = franchise_ending(store_a, 500)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.franchise_cancel(franchise_id=franchise.pk, official=user, reason="x",
                                  ban_until=timezone.localdate())
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.ACTIVE


def test_the_beat_schedule_runs_both_daily_tasks(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"giftcerts.franchises_daily", "giftcerts.session_reminders"} <= tasks_scheduled

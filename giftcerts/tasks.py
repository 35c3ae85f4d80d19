"""Background work of the Onnuri programme. Every task takes ids (or nothing), calls a
service and is idempotent: running it twice sends nothing twice and changes nothing more."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.errors import TransitionError

from . import rules


@shared_task(name="giftcerts.notify_application_event")
def notify_application_event(event_id: int) -> bool:
    from .notifications import send_application_event

    return send_application_event(event_id)


@shared_task(name="giftcerts.notify_franchise_cancelled")
def notify_franchise_cancelled(franchise_id: int, recipient_id: int) -> bool:
    from .notifications import send_franchise_mail

    return send_franchise_mail("franchise_cancelled", franchise_id, recipient_id)


@shared_task(name="giftcerts.notify_renewal_reminder")
def notify_renewal_reminder(franchise_id: int, recipient_id: int) -> bool:
    from .notifications import send_franchise_mail

    return send_franchise_mail("renewal_reminder", franchise_id, recipient_id)


@shared_task(name="giftcerts.franchises_daily")
def franchises_daily(today: str | None = None) -> dict:
    """Mark ended franchises expired, and send renewal reminders from 60 days before the end."""
    from .models import Franchise
    from .services import franchise_expire, franchise_send_renewal_reminder

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    expired = 0
    for franchise_id in Franchise.objects.filter(status=Franchise.Status.ACTIVE, valid_until__lt=day) \
            .values_list("id", flat=True):
        try:
            franchise_expire(franchise_id=franchise_id, today=day)
            expired += 1
        except TransitionError:  # expired or cancelled meanwhile
            continue
    due = Franchise.objects.filter(
        status=Franchise.Status.ACTIVE, renewal_reminder_sent_at__isnull=True,
        valid_until__lte=day + datetime.timedelta(days=rules.RENEWAL_NOTICE_DAYS),
    ).values_list("id", flat=True)
    reminded = sum(franchise_send_renewal_reminder(franchise_id=pk, today=day) for pk in list(due))
    return {"expired": expired, "reminded": reminded}


@shared_task(name="giftcerts.session_reminders")
def session_reminders(today: str | None = None) -> int:
    """Remind everyone registered for a session that takes place tomorrow (e-mail and text)."""
    from .models import InfoSession, SessionRegistration
    from .session_services import session_send_reminder

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)
    ids = SessionRegistration.objects.filter(
        reminder_sent_at__isnull=True, session__status=InfoSession.Status.SCHEDULED,
        session__starts_at__gte=start, session__starts_at__lt=start + datetime.timedelta(days=1),
    ).values_list("id", flat=True)
    return sum(session_send_reminder(registration_id=pk) for pk in list(ids))

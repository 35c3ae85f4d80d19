"""Messages to merchants and residents. Each sender is idempotent: it marks what it sent
under a row lock, so a task that runs twice sends once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, to: str) -> None:
    # Mail goes out in Korean (the service's language), whatever language the request used.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"giftcerts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"giftcerts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


def send_application_event(event_id: int) -> bool:
    """E-mail the applicant about one status change. Returns False when already sent or no address."""
    from .models import ApplicationEvent

    with transaction.atomic():
        event = (ApplicationEvent.objects.select_for_update(of=("self",))
                 .select_related("application__store", "application__applicant").filter(pk=event_id).first())
        if event is None or event.notified_at is not None:
            return False
        applicant = event.application.applicant
        if applicant.email:
            _send("application_status", {
                "event": event, "application": event.application, "store": event.application.store,
                "name": applicant.display_name, "franchise": _issued_franchise(event),
                "url": absolute(reverse("giftcerts:application_detail", args=[event.application_id])),
            }, applicant.email)
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        return bool(applicant.email)


def _issued_franchise(event):
    """The franchise of an approval event: its number goes in the mail, whatever the note says."""
    from .models import Franchise, FranchiseApplication

    if event.to_status != FranchiseApplication.Status.APPROVED:
        return None
    return Franchise.objects.filter(application_id=event.application_id).first()


def send_franchise_mail(kind: str, franchise_id: int, recipient_id: int) -> bool:
    """The renewal reminder or the cancellation notice (queued in the outbox by the services)."""
    from django.contrib.auth import get_user_model

    from .models import Franchise

    franchise = Franchise.objects.select_related("store").filter(pk=franchise_id).first()
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if franchise is None or recipient is None or not recipient.email:
        return False
    {"renewal_reminder": send_renewal_reminder, "franchise_cancelled": send_franchise_cancelled}[kind](
        franchise, recipient)
    return True


def send_renewal_reminder(franchise, recipient) -> None:
    _send("renewal_reminder", {
        "franchise": franchise, "store": franchise.store, "name": recipient.display_name,
        "url": absolute(reverse("giftcerts:apply", args=[franchise.store_id])),
    }, recipient.email)


def send_franchise_cancelled(franchise, recipient) -> None:
    _send("franchise_cancelled", {"franchise": franchise, "store": franchise.store,
                                  "name": recipient.display_name}, recipient.email)


def send_session_reminder(registration) -> None:
    """E-mail when an address was given; the text message goes to the SMS log either way."""
    from .models import SmsLog

    session = registration.session
    context = {"registration": registration, "session": session,
               "url": absolute(reverse("giftcerts:session_detail", args=[session.pk]))}
    if registration.email:
        _send("session_reminder", context, registration.email)
    with translation.override(settings.LANGUAGE_CODE):
        text = " ".join(render_to_string("giftcerts/email/session_reminder_sms.txt", context).split())
    SmsLog.objects.create(phone=registration.phone, body=text, registration=registration)

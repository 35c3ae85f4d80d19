"""Background work of the hotline: overdue flags, keyword counts, reporter mail. All idempotent."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import selectors, services


@shared_task(name="hotline.flag_overdue_tickets")
def flag_overdue_tickets() -> int:
    """Flag open tickets past their due date (beat: hourly). A second run flags nothing new."""
    return services.tickets_flag_overdue()


@shared_task(name="hotline.erase_reporter_contacts")
def erase_reporter_contacts() -> int:
    """Erase reporters' contact data a set time after closing (beat: nightly). A second run erases nothing."""
    return services.tickets_erase_reporter_contacts()


@shared_task(name="hotline.compute_keywords")
def compute_keywords(local_government_id: int, month: str) -> int:
    """Recount one month's keywords ('YYYY-MM') of a government; replaces that month's rows."""
    return services.keywords_compute(local_government_id=local_government_id, month=selectors.parse_month(month))


@shared_task(name="hotline.compute_recent_keywords")
def compute_recent_keywords() -> int:
    """This month and the previous one, for every government with tickets (beat: hourly)."""
    from districts.models import LocalGovernment

    this_month = selectors.month_start(timezone.localdate())
    previous = selectors.month_start(this_month - datetime.timedelta(days=1))
    rows = 0
    for government_id in LocalGovernment.objects.filter(hotline_tickets__isnull=False).distinct() \
            .values_list("pk", flat=True):
        for month in (previous, this_month):
            rows += services.keywords_compute(local_government_id=government_id, month=month)
    return rows


@shared_task(name="hotline.notify_reporter")
def notify_reporter(ticket_id: int, event_id: int) -> bool:
    """Tell the reporter by e-mail that their ticket was resolved or rejected (the tracking link inside)."""
    from .models import Ticket, TicketEvent

    ticket = Ticket.objects.select_related("category").filter(pk=ticket_id).first()
    event = TicketEvent.objects.filter(pk=event_id, ticket_id=ticket_id).first()
    if ticket is None or event is None or not ticket.reporter_email:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("hotline:track_detail", args=[ticket.tracking_token])
    with override(settings.LANGUAGE_CODE):
        subject = _("[119 Hotline] Your report %(code)s: %(status)s") % {
            "code": ticket.tracking_code_display, "status": ticket.get_status_display()}
        body = _("%(message)s\n\nFollow your report: %(link)s") % {"message": event.message, "link": link}
    send_mail(subject, body, None, [ticket.reporter_email])
    return True

"""Due dates count Korean business days (weekends and public holidays skipped); overdue flags are idempotent."""

import datetime

from hotline import services, tasks
from hotline.business_days import add_business_days, business_days_between, is_business_day
from hotline.models import Ticket, TicketEvent

from .conftest import at, file_ticket


def test_chuseok_2026_is_not_counted():
    # 추석 2026: Thu 24 - Sat 26 September. Tue 22 + 3 business days: Wed 23, Mon 28, Tue 29.
    assert not is_business_day(datetime.date(2026, 9, 24)) and not is_business_day(datetime.date(2026, 9, 25))
    assert add_business_days(datetime.date(2026, 9, 22), 3) == datetime.date(2026, 9, 29)
    assert business_days_between(datetime.date(2026, 9, 22), datetime.date(2026, 9, 29)) == 3


def test_seollal_2027_and_its_substitute_holiday_are_not_counted():
    # 설날 2027: Sat 6 - Mon 8 February, substitute holiday Tue 9. Fri 5 + 1 business day = Wed 10.
    assert add_business_days(datetime.date(2027, 2, 5), 1) == datetime.date(2027, 2, 10)


def test_an_ordinary_week_counts_weekdays_only():
    assert add_business_days(datetime.date(2026, 11, 27), 1) == datetime.date(2026, 11, 30)  # Fri -> Mon


def test_ticket_due_date_uses_the_category_service_level(seogu):
    ticket = file_ticket(seogu, code="parking", filed_at=at(2026, 9, 22))  # parking: 3 business days
    assert ticket.due_date == datetime.date(2026, 9, 29)
    safety = file_ticket(seogu, code="safety", filed_at=at(2026, 9, 22))  # safety: 2
    assert safety.due_date == datetime.date(2026, 9, 28)


def test_overdue_is_flagged_the_day_after_the_due_date_around_chuseok(seogu):
    ticket = file_ticket(seogu, code="parking", filed_at=at(2026, 9, 22))
    # Counting calendar days the ticket would be late on the 26th; business days say the 29th is still in time.
    assert services.tickets_flag_overdue(today=datetime.date(2026, 9, 26)) == 0
    assert services.tickets_flag_overdue(today=datetime.date(2026, 9, 29)) == 0
    assert services.tickets_flag_overdue(today=datetime.date(2026, 9, 30)) == 1
    ticket.refresh_from_db()
    assert ticket.is_overdue
    assert ticket.events.filter(kind=TicketEvent.Kind.OVERDUE).count() == 1


def test_flagging_twice_changes_nothing(seogu):
    file_ticket(seogu, filed_at=at(2026, 1, 5))
    assert services.tickets_flag_overdue(today=datetime.date(2026, 3, 1)) == 1
    versions = list(Ticket.objects.values_list("pk", "version", "is_overdue"))
    assert services.tickets_flag_overdue(today=datetime.date(2026, 3, 2)) == 0
    assert list(Ticket.objects.values_list("pk", "version", "is_overdue")) == versions
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.OVERDUE).count() == 1


def test_closed_tickets_are_never_flagged(seogu, official):
    ticket = file_ticket(seogu, filed_at=at(2026, 1, 5))
    services.ticket_reject(ticket_id=ticket.pk, official=official, reason="중복 신고")
    assert services.tickets_flag_overdue(today=datetime.date(2026, 3, 1)) == 0


def test_the_periodic_task_is_idempotent_and_scheduled(seogu, settings):
    file_ticket(seogu, filed_at=at(2025, 1, 6))
    assert tasks.flag_overdue_tickets.delay().get() == 1
    assert tasks.flag_overdue_tickets.delay().get() == 0
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["hotline-flag-overdue"]["task"] == "hotline.flag_overdue_tickets"
    assert schedule["hotline-keywords"]["task"] == "hotline.compute_recent_keywords"


def test_overdue_queue_filter(seogu, official_client):
    late = file_ticket(seogu, filed_at=at(2025, 1, 6))
    file_ticket(seogu)
    services.tickets_flag_overdue()
    html = official_client.get("/hotline/?status=open&overdue=on").content.decode()
    assert f"#{late.pk}<" in html and html.count('class="hl-overdue"') == 1

"""The seed_demo step: about a year of tickets, consistent statuses, idempotent."""

import datetime

from django.db.models import Count
from django.utils import timezone

from core.demo import DEMO_STEPS
from hotline.demo import seed_tickets
from hotline.models import Ticket, TicketComment, TicketKeyword


def test_demo_tickets_are_a_year_of_consistent_history(seogu, official, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    assert ("hotline.demo.seed_tickets", "a year of 119 Hotline tickets") in DEMO_STEPS
    seed_tickets(42, lambda _msg: None)
    tickets = Ticket.objects.filter(local_government=seogu)
    assert 700 < tickets.count() < 1500
    oldest = timezone.localdate(tickets.order_by("created_at").first().created_at)
    assert oldest <= timezone.localdate() - datetime.timedelta(days=360)
    by_status = dict(tickets.values_list("status").annotate(n=Count("pk")))
    assert by_status["resolved"] > tickets.count() * 0.6
    assert by_status.get("rejected", 0) > 0 and by_status.get("merged", 0) > 0
    assert tickets.filter(is_overdue=True, status__in=Ticket.OPEN_STATUSES).exists()
    # Consistent with the due dates: an open ticket flagged overdue is past its due date, and no resolved
    # ticket closed before it was filed.
    assert not tickets.filter(is_overdue=True, status__in=Ticket.OPEN_STATUSES,
                              due_date__gte=timezone.localdate()).exists()
    assert all(t.closed_at >= t.created_at for t in tickets.exclude(closed_at=None))
    assert TicketComment.objects.filter(ticket__status="resolved").count() == by_status["resolved"]
    assert tickets.filter(dong__isnull=False).count() == tickets.count()  # every point lies in a dong
    assert TicketKeyword.objects.filter(keyword="불법 주차").exists()

    snapshot = tickets.count()
    seed_tickets(42, lambda _msg: None)  # a second run changes nothing
    assert Ticket.objects.filter(local_government=seogu).count() == snapshot

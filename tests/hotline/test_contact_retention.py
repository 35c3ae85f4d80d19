"""Reporters' contact data is erased a set time after the ticket is closed (idempotent, one event per ticket)."""

import datetime

import pytest
from django.utils import timezone

from hotline import services
from hotline.models import Ticket, TicketEvent
from hotline.tasks import erase_reporter_contacts

from .conftest import file_ticket

CONTACT = {"reporter_name": "홍길동", "reporter_phone": "010-1234-5678", "reporter_email": "hong@example.kr"}


def contact_of(ticket):
    ticket.refresh_from_db()
    return ticket.reporter_name, ticket.reporter_phone, ticket.reporter_email


@pytest.fixture
def tickets(seogu, official, settings):
    settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=91)
    recently = timezone.now() - datetime.timedelta(days=89)
    t = {name: file_ticket(seogu, filed_at=long_ago - datetime.timedelta(days=1), **CONTACT)
         for name in ("rejected_old", "rejected_recent", "merged_old", "open_old", "primary")}
    services.ticket_reject(ticket_id=t["rejected_old"].pk, official=official, reason="관할 밖", now=long_ago)
    services.ticket_reject(ticket_id=t["rejected_recent"].pk, official=official, reason="관할 밖", now=recently)
    services.ticket_merge(ticket_id=t["merged_old"].pk, into_id=t["primary"].pk, official=official, now=long_ago)
    return t


def test_contact_data_of_long_closed_tickets_is_erased_with_an_event(tickets):
    assert erase_reporter_contacts() == 2
    for name in ("rejected_old", "merged_old"):
        assert contact_of(tickets[name]) == ("", "", "")
        event = tickets[name].events.get(kind=TicketEvent.Kind.CONTACT_ERASED)
        assert event.from_status == event.to_status == tickets[name].status and "90" in event.message
    for name in ("rejected_recent", "open_old", "primary"):  # recently closed, or open however old
        assert contact_of(tickets[name]) == ("홍길동", "010-1234-5678", "hong@example.kr")
    assert Ticket.objects.get(pk=tickets["open_old"].pk).status == Ticket.Status.RECEIVED


def test_running_twice_gives_the_same_result(tickets):
    assert erase_reporter_contacts() == 2
    assert erase_reporter_contacts() == 0
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.CONTACT_ERASED).count() == 2


def test_the_version_moves_so_an_open_form_cannot_write_old_data_back(tickets):
    before = Ticket.objects.get(pk=tickets["rejected_old"].pk).version
    services.tickets_erase_reporter_contacts()
    assert Ticket.objects.get(pk=tickets["rejected_old"].pk).version == before + 1


def test_the_period_is_a_setting(tickets, settings):
    settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS = 30
    assert services.tickets_erase_reporter_contacts() == 3  # the recently rejected one is now past 30 days
    assert contact_of(tickets["rejected_recent"]) == ("", "", "")

"""Each transition: the right official, the wrong personas, the wrong state, a stale version, a repeat."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from core.errors import ConflictError, DomainError, TransitionError
from hotline import services
from hotline.models import Ticket, TicketComment, TicketEvent
from tests.conftest import make_user

from .conftest import file_ticket


@pytest.fixture
def colleague(seogu):
    return make_user("official_seogu2", role="official", local_government=seogu, last_name="이", first_name="담당")


def assigned(ticket, official):
    return services.ticket_assign(ticket_id=ticket.pk, official=official, assignee=official)


def in_progress(ticket, official):
    assigned(ticket, official)
    return services.ticket_start(ticket_id=ticket.pk, official=official)


def test_filing_assigns_dong_due_date_codes_and_a_filed_event(seoul_ticket):
    ticket = seoul_ticket
    assert ticket.status == Ticket.Status.RECEIVED
    assert ticket.dong.name == "양동"
    assert ticket.due_date > ticket.created_at.date()
    assert len(ticket.tracking_code) == 10 and len(ticket.tracking_token) >= 40
    assert list(ticket.events.values_list("kind", flat=True)) == [TicketEvent.Kind.FILED]


def test_tracking_codes_differ_between_tickets(seogu):
    codes = {file_ticket(seogu).tracking_code for _i in range(20)}
    assert len(codes) == 20


def test_assign_moves_received_to_assigned_and_records_who(seoul_ticket, official, colleague):
    ticket = services.ticket_assign(ticket_id=seoul_ticket.pk, official=official, assignee=colleague)
    assert ticket.status == Ticket.Status.ASSIGNED and ticket.assignee == colleague
    event = ticket.events.get(kind=TicketEvent.Kind.ASSIGNED)
    assert (event.from_status, event.to_status, event.actor) == ("received", "assigned", official)
    # Reassigning keeps the status and is recorded too.
    services.ticket_assign(ticket_id=ticket.pk, official=official, assignee=official)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ASSIGNED and ticket.assignee == official
    assert ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED).count() == 2


def test_assign_twice_to_the_same_official_is_refused(seoul_ticket, official):
    assigned(seoul_ticket, official)
    with pytest.raises(TransitionError):
        assigned(seoul_ticket, official)


def test_assignee_must_be_an_official_of_the_same_government(seoul_ticket, official, official_other, merchant_a):
    for wrong in (official_other, merchant_a):
        with pytest.raises(DomainError) as exc:
            services.ticket_assign(ticket_id=seoul_ticket.pk, official=official, assignee=wrong)
        assert exc.value.field == "assignee"
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.RECEIVED


@pytest.mark.parametrize("service,kwargs", [
    ("ticket_assign", {}),
    ("ticket_start", {}),
    ("ticket_resolve", {"reply": "조치했습니다."}),
    ("ticket_reject", {"reason": "관할 밖입니다."}),
    ("ticket_comment", {"body": "메모", "kind": "internal"}),
])
def test_wrong_personas_are_refused_by_every_service(seoul_ticket, official, official_other, merchant_a, service,
                                                     kwargs):
    if service == "ticket_resolve":
        in_progress(seoul_ticket, official)
    elif service == "ticket_start":
        assigned(seoul_ticket, official)
    if service == "ticket_assign":
        kwargs = {"assignee": official}
    before = Ticket.objects.get(pk=seoul_ticket.pk)
    for wrong in (official_other, merchant_a, None):
        with pytest.raises(PermissionDenied):
            getattr(services, service)(ticket_id=seoul_ticket.pk, official=wrong, **kwargs)
    after = Ticket.objects.get(pk=seoul_ticket.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_start_needs_an_assigned_ticket(seoul_ticket, official):
    with pytest.raises(TransitionError):
        services.ticket_start(ticket_id=seoul_ticket.pk, official=official)
    assigned(seoul_ticket, official)
    ticket = services.ticket_start(ticket_id=seoul_ticket.pk, official=official)
    assert ticket.status == Ticket.Status.IN_PROGRESS
    with pytest.raises(TransitionError):  # a repeat
        services.ticket_start(ticket_id=seoul_ticket.pk, official=official)


def test_resolve_writes_the_public_reply_and_closes(seoul_ticket, official, django_capture_on_commit_callbacks,
                                                    mailoutbox):
    in_progress(seoul_ticket, official)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_resolve(ticket_id=seoul_ticket.pk, official=official, reply="단속을 실시했습니다.")
    assert ticket.status == Ticket.Status.RESOLVED and ticket.closed_at is not None
    assert ticket.comments.get().kind == TicketComment.Kind.PUBLIC
    assert ticket.events.last().kind == TicketEvent.Kind.RESOLVED
    # The reporter is told by e-mail, with the tracking link.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["reporter@example.kr"]
    assert ticket.tracking_token in mailoutbox[0].body and "단속을 실시했습니다." in mailoutbox[0].body
    with pytest.raises(TransitionError):
        services.ticket_resolve(ticket_id=seoul_ticket.pk, official=official, reply="다시")


def test_resolve_needs_in_progress_and_a_reply(seoul_ticket, official):
    with pytest.raises(TransitionError):
        services.ticket_resolve(ticket_id=seoul_ticket.pk, official=official, reply="조치")
    in_progress(seoul_ticket, official)
    with pytest.raises(DomainError) as exc:
        services.ticket_resolve(ticket_id=seoul_ticket.pk, official=official, reply="  ")
    assert exc.value.field == "reply"
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.IN_PROGRESS


def test_reject_from_any_open_status_with_a_reason(seogu, official):
    for prepare in (lambda t: t, lambda t: assigned(t, official), lambda t: in_progress(t, official)):
        ticket = file_ticket(seogu)
        prepare(ticket)
        with pytest.raises(DomainError):
            services.ticket_reject(ticket_id=ticket.pk, official=official, reason="")
        rejected = services.ticket_reject(ticket_id=ticket.pk, official=official, reason="사유지입니다.")
        assert rejected.status == Ticket.Status.REJECTED and rejected.reject_reason == "사유지입니다."
        with pytest.raises(TransitionError):
            services.ticket_reject(ticket_id=ticket.pk, official=official, reason="또")


def test_a_stale_version_is_a_conflict(seoul_ticket, official, colleague):
    loaded_version = seoul_ticket.version
    services.ticket_assign(ticket_id=seoul_ticket.pk, official=colleague, assignee=colleague)
    with pytest.raises(ConflictError):
        services.ticket_reject(ticket_id=seoul_ticket.pk, official=official, reason="중복",
                               expected_version=loaded_version)
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.ASSIGNED


def test_merge_makes_the_duplicate_follow_the_primary(seogu, official):
    primary = file_ticket(seogu)
    duplicate = file_ticket(seogu, description="입구에 또 불법 주차가 있습니다")
    merged = services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)
    assert merged.status == Ticket.Status.MERGED and merged.merged_into == primary and merged.closed_at
    assert primary.events.filter(kind=TicketEvent.Kind.DUPLICATE_ADDED, message=f"#{duplicate.pk}").exists()
    # Merged tickets cannot be merged again, nor be a primary.
    third = file_ticket(seogu)
    with pytest.raises(TransitionError):
        services.ticket_merge(ticket_id=duplicate.pk, into_id=third.pk, official=official)
    with pytest.raises(DomainError):
        services.ticket_merge(ticket_id=third.pk, into_id=duplicate.pk, official=official)
    with pytest.raises(DomainError):
        services.ticket_merge(ticket_id=third.pk, into_id=third.pk, official=official)


def test_merge_refuses_a_primary_of_another_government_and_other_officials(seogu, bukgu, official, official_other):
    from .conftest import BUKGU_LAT, BUKGU_LON

    ours = file_ticket(seogu)
    theirs = file_ticket(bukgu, lon=BUKGU_LON, lat=BUKGU_LAT)
    with pytest.raises(DomainError):
        services.ticket_merge(ticket_id=ours.pk, into_id=theirs.pk, official=official)
    with pytest.raises(PermissionDenied):
        services.ticket_merge(ticket_id=ours.pk, into_id=file_ticket(seogu).pk, official=official_other)
    assert Ticket.objects.get(pk=ours.pk).status == Ticket.Status.RECEIVED


def test_public_replies_go_to_the_primary_of_a_merged_ticket(seogu, official):
    primary, duplicate = file_ticket(seogu), file_ticket(seogu)
    services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)
    with pytest.raises(TransitionError):
        services.ticket_comment(ticket_id=duplicate.pk, official=official, body="답변", kind="public")
    note = services.ticket_comment(ticket_id=duplicate.pk, official=official, body="메모", kind="internal")
    assert note.kind == "internal"


@pytest.mark.django_db(transaction=True)
def test_two_officials_starting_at_once_one_wins(seogu, official):
    if connection.vendor == "sqlite":
        pytest.skip("row locks (SELECT ... FOR UPDATE) need PostgreSQL; CI runs it")
    ticket = file_ticket(seogu)
    assigned(ticket, official)
    barrier, outcomes = threading.Barrier(2), []

    def start():
        from django.db import connections

        barrier.wait()
        try:
            services.ticket_start(ticket_id=ticket.pk, official=official)
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STARTED).count() == 1

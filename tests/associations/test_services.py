"""Services: creating, editing (versions), status changes with who/when/why, members (one association per
store), officers, meetings, and officers' proposals that apply only after an official's approval."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from associations import services
from associations.models import AssociationEvent, ChangeRequest, Meeting, Membership, MerchantAssociation
from core.errors import ConflictError, DomainError, TransitionError
from merchants.models import Store

from .conftest import hwp, pdf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
Status = MerchantAssociation.Status


def test_create_checks_registration_number_phone_and_districts(world):
    with pytest.raises(DomainError) as error:
        services.association_create(official=world.official, name="새 상인회", district_ids=[world.far.pk],
                                    registration_number="120-82-00011")
    assert error.value.field == "registration_number"
    association = services.association_create(official=world.official, name="  먼 상인회 ", district_ids=[world.far.pk],
                                              registration_number="1208147521", phone="0621234567")
    assert (association.name, association.registration_number, association.phone) == (
        "먼 상인회", "1208147521", "062-123-4567")
    event = association.events.get()
    assert (event.kind, event.to_status, event.actor) == (AssociationEvent.Kind.CREATED, "active", world.official)


def test_a_district_has_one_live_association_and_sharing_needs_adjacent_districts(world):
    with pytest.raises(DomainError) as error:  # the district already has one
        services.association_create(official=world.official, name="둘째", district_ids=[world.district.pk])
    assert error.value.field == "districts"
    with pytest.raises(DomainError) as error:  # another government's district
        services.association_create(official=world.official, name="연합",
                                    district_ids=[world.far.pk, world.bukgu_district.pk])
    assert error.value.field == "districts"
    with pytest.raises(DomainError) as error:  # the far district lies 1 km away: not adjacent
        services.association_update(association_id=world.association.pk, official=world.official,
                                    expected_version=world.association.version,
                                    district_ids=[world.district.pk, world.far.pk])
    assert error.value.field == "districts" and "150" in str(error.value)
    # The neighbour is 20 m away: sharing is fine (the fixture's association already spans both).
    assert set(world.association.districts.values_list("pk", flat=True)) == {world.district.pk, world.neighbour.pk}


def test_other_governments_official_cannot_touch_the_association(world):
    with pytest.raises(PermissionDenied):
        services.association_change_status(association_id=world.association.pk, official=world.official_other,
                                           to_status=Status.DORMANT, reason="x")
    with pytest.raises(PermissionDenied):
        services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                            joined_on=TODAY(), actor=world.officer)


def test_status_changes_are_guarded_and_recorded(world):
    with pytest.raises(DomainError) as error:
        services.association_change_status(association_id=world.association.pk, official=world.official,
                                           to_status=Status.DORMANT, reason="  ")
    assert error.value.field == "reason"
    association = services.association_change_status(association_id=world.association.pk, official=world.official,
                                                      to_status=Status.DORMANT, reason="회장 부재",
                                                      expected_version=world.association.version)
    assert association.status == Status.DORMANT and association.version == world.association.version + 1
    event = association.events.get(kind=AssociationEvent.Kind.STATUS)
    assert (event.from_status, event.to_status, event.actor, event.reason, event.effective_on) == (
        "active", "dormant", world.official, "회장 부재", TODAY())
    with pytest.raises(TransitionError):
        services.association_change_status(association_id=association.pk, official=world.official,
                                           to_status=Status.DORMANT, reason="again")
    with pytest.raises(ConflictError):  # a form loaded before the change
        services.association_change_status(association_id=association.pk, official=world.official,
                                           to_status=Status.ACTIVE, reason="재개", expected_version=1)


def test_dissolving_ends_memberships_and_terms_and_is_final(world):
    services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                        joined_on=datetime.date(2024, 1, 1), actor=world.official)
    services.association_change_status(association_id=world.association.pk, official=world.official,
                                       to_status=Status.DISSOLVED, reason="해산 총회 의결")
    assert Membership.objects.get(store=world.stores[0]).left_on == TODAY()
    world.officer_record.refresh_from_db()
    assert world.officer_record.term_end == TODAY()
    with pytest.raises(TransitionError):
        services.association_change_status(association_id=world.association.pk, official=world.official,
                                           to_status=Status.ACTIVE, reason="재개")
    with pytest.raises(TransitionError):
        services.member_add(association_id=world.association.pk, store_id=world.stores[1].pk, joined_on=TODAY(),
                            actor=world.official)
    # The districts are free again for a new association.
    services.association_create(official=world.official, name="새 상인회", district_ids=[world.district.pk])


def test_a_store_is_a_member_of_one_association_at_a_time(world):
    far = services.association_create(official=world.official, name="먼 상인회", district_ids=[world.far.pk])
    store = world.stores[0]
    services.member_add(association_id=world.association.pk, store_id=store.pk, joined_on=datetime.date(2024, 1, 1),
                        actor=world.official)
    with pytest.raises(DomainError) as error:  # again, in the same association
        services.member_add(association_id=world.association.pk, store_id=store.pk, joined_on=TODAY(),
                            actor=world.official)
    assert error.value.field == "store"
    with pytest.raises(DomainError):  # a store outside the far association's district
        services.member_add(association_id=far.pk, store_id=store.pk, joined_on=TODAY(), actor=world.official)
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database says the same
        Membership.objects.create(association=far, store=store, joined_on=TODAY())
    assert Membership.objects.filter(store=store).count() == 1


def test_membership_rules_closed_store_dates_and_leaving(world):
    closed = world.stores[4]
    Store.objects.filter(pk=closed.pk).update(status=Store.Status.CLOSED, closed_on=datetime.date(2025, 1, 1))
    with pytest.raises(DomainError):
        services.member_add(association_id=world.association.pk, store_id=closed.pk, joined_on=TODAY(),
                            actor=world.official)
    with pytest.raises(DomainError) as error:
        services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                            joined_on=TODAY() + datetime.timedelta(days=1), actor=world.official)
    assert error.value.field == "joined_on"
    membership = services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                                     joined_on=datetime.date(2024, 5, 1), actor=world.official)
    with pytest.raises(DomainError):
        services.member_remove(membership_id=membership.pk, left_on=datetime.date(2024, 4, 30), actor=world.official)
    services.member_remove(membership_id=membership.pk, left_on=datetime.date(2025, 5, 1), actor=world.official,
                           reason="폐업 준비")
    with pytest.raises(TransitionError):
        services.member_remove(membership_id=membership.pk, left_on=TODAY(), actor=world.official)
    with pytest.raises(DomainError):  # a new membership cannot start inside the old one
        services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                            joined_on=datetime.date(2025, 1, 1), actor=world.official)
    services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk, joined_on=TODAY(),
                        actor=world.official)
    kinds = list(world.association.events.values_list("kind", flat=True))
    assert kinds.count("member_added") == 2 and kinds.count("member_removed") == 1


def test_edit_with_a_stale_version_is_refused(world):
    services.association_update(association_id=world.association.pk, official=world.official,
                                expected_version=1, name="새 이름")
    with pytest.raises(ConflictError):
        services.association_update(association_id=world.association.pk, official=world.official,
                                    expected_version=1, name="다른 이름")
    world.association.refresh_from_db()
    assert (world.association.name, world.association.version) == ("새 이름", 2)
    # Saving the same values again writes nothing.
    services.association_update(association_id=world.association.pk, official=world.official,
                                expected_version=2, name="새 이름")
    world.association.refresh_from_db()
    assert world.association.version == 2


def test_officers_need_a_merchant_account_and_a_sane_term(world):
    with pytest.raises(DomainError):
        services.officer_add(association_id=world.association.pk, official=world.official, role="secretary",
                             person_name="총무", term_start=datetime.date(2025, 1, 1), user=world.official)
    with pytest.raises(DomainError):
        services.officer_add(association_id=world.association.pk, official=world.official, role="secretary",
                             person_name="총무", term_start=datetime.date(2025, 1, 1),
                             term_end=datetime.date(2024, 1, 1))
    officer = services.officer_end_term(officer_id=world.officer_record.pk, official=world.official,
                                        term_end=TODAY())
    assert officer.term_end == TODAY()


def test_meetings_take_pdf_and_hwp_minutes_and_refuse_other_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = services.meeting_record(association_id=world.association.pk, actor=world.official,
                                      held_on=datetime.date(2026, 1, 10), attendance=12, agenda="정기총회",
                                      minutes_file=pdf())
    assert meeting.minutes_content_type == "application/pdf" and meeting.minutes.name.endswith(".pdf")
    meeting = services.meeting_record(association_id=world.association.pk, actor=world.official,
                                      held_on=datetime.date(2026, 2, 10), attendance=8, agenda="임시총회",
                                      minutes_file=hwp())
    assert meeting.minutes_content_type == "application/x-hwp" and meeting.minutes.name.endswith(".hwp")
    hwpx = SimpleUploadedFile("회의록.hwpx",
                              b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/hwp+zip" + b"\x00" * 64)
    meeting = services.meeting_record(association_id=world.association.pk, actor=world.official,
                                      held_on=datetime.date(2026, 2, 11), attendance=8, agenda="이사회",
                                      minutes_file=hwpx)
    assert meeting.minutes_content_type == "application/hwp+zip" and meeting.minutes.name.endswith(".hwpx")
    for bad in (SimpleUploadedFile("회의록.pdf", b"MZ\x90\x00 not a pdf"),
                SimpleUploadedFile("회의록.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # an .xls
                SimpleUploadedFile("회의록.hwpx", b"PK\x03\x04" + b"\x00" * 200),  # a zip, not HWPX
                SimpleUploadedFile("회의록.pdf", b"")):
        with pytest.raises(DomainError) as error:
            services.meeting_record(association_id=world.association.pk, actor=world.official,
                                    held_on=datetime.date(2026, 3, 1), attendance=5, agenda="x", minutes_file=bad)
        assert error.value.field == "minutes"
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError) as error:
        services.meeting_record(association_id=world.association.pk, actor=world.official,
                                held_on=datetime.date(2026, 3, 1), attendance=5, agenda="x",
                                minutes_file=hwp())
    assert "MB" in str(error.value)
    assert Meeting.objects.filter(association=world.association).count() == 3


def _propose_member(world, store=None, **extra):
    return services.proposal_submit(association_id=world.association.pk, merchant=world.officer,
                                    kind=ChangeRequest.Kind.MEMBER_ADD, store_id=(store or world.stores[1]).pk,
                                    effective_on=TODAY(), **extra)


def test_a_proposal_changes_nothing_until_approved(world):
    proposal = _propose_member(world)
    assert proposal.state == ChangeRequest.State.PENDING
    assert not Membership.objects.filter(store=world.stores[1]).exists()
    with pytest.raises(DomainError):  # the same change twice
        _propose_member(world)
    approved = services.proposal_approve(proposal_id=proposal.pk, official=world.official, note="확인")
    assert approved.state == ChangeRequest.State.APPROVED and approved.decided_by == world.official
    assert Membership.objects.get(store=world.stores[1]).association == world.association
    with pytest.raises(TransitionError):  # a repeat
        services.proposal_approve(proposal_id=proposal.pk, official=world.official)
    assert Membership.objects.filter(store=world.stores[1]).count() == 1


def test_a_rejected_proposal_needs_a_reason_and_never_applies(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    proposal = services.proposal_submit(association_id=world.association.pk, merchant=world.officer,
                                        kind=ChangeRequest.Kind.MEETING, effective_on=datetime.date(2026, 1, 5),
                                        attendance=9, agenda="골목 축제 준비", minutes_file=pdf())
    with pytest.raises(DomainError):
        services.proposal_reject(proposal_id=proposal.pk, official=world.official, reason=" ")
    with pytest.raises(PermissionDenied):
        services.proposal_reject(proposal_id=proposal.pk, official=world.official_other, reason="x")
    services.proposal_reject(proposal_id=proposal.pk, official=world.official, reason="회의록 서명 누락")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decision_reason) == ("rejected", "회의록 서명 누락")
    assert not Meeting.objects.filter(association=world.association).exists()
    with pytest.raises(TransitionError):
        services.proposal_approve(proposal_id=proposal.pk, official=world.official)


def test_an_approved_meeting_proposal_keeps_its_minutes(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    proposal = services.proposal_submit(association_id=world.association.pk, merchant=world.officer,
                                        kind=ChangeRequest.Kind.MEETING, effective_on=datetime.date(2026, 1, 5),
                                        attendance=9, agenda="골목 축제 준비", minutes_file=hwp())
    services.proposal_approve(proposal_id=proposal.pk, official=world.official)
    meeting = Meeting.objects.get(association=world.association)
    assert (meeting.attendance, meeting.minutes_content_type) == (9, "application/x-hwp")
    assert meeting.minutes.read() == proposal.minutes.read()


def test_member_removal_proposal(world):
    membership = services.member_add(association_id=world.association.pk, store_id=world.stores[2].pk,
                                     joined_on=datetime.date(2024, 1, 1), actor=world.official)
    proposal = services.proposal_submit(association_id=world.association.pk, merchant=world.officer,
                                        kind=ChangeRequest.Kind.MEMBER_REMOVE, membership_id=membership.pk,
                                        effective_on=TODAY(), note="탈퇴 신청")
    membership.refresh_from_db()
    assert membership.left_on is None
    services.proposal_approve(proposal_id=proposal.pk, official=world.official)
    membership.refresh_from_db()
    assert membership.left_on == TODAY()


def test_only_current_officers_may_propose(world):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(association_id=world.association.pk, merchant=world.merchant_b,
                                 kind=ChangeRequest.Kind.MEMBER_ADD, store_id=world.stores[1].pk, effective_on=TODAY())
    services.officer_end_term(officer_id=world.officer_record.pk, official=world.official,
                              term_end=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _propose_member(world)
    with pytest.raises(PermissionDenied):  # an official is no officer either
        services.proposal_submit(association_id=world.association.pk, merchant=world.official,
                                 kind=ChangeRequest.Kind.MEMBER_ADD, store_id=world.stores[1].pk, effective_on=TODAY())


def test_approval_is_refused_when_the_store_joined_elsewhere_meanwhile(world):
    proposal = _propose_member(world)
    services.member_add(association_id=world.association.pk, store_id=world.stores[1].pk, joined_on=TODAY(),
                        actor=world.official)
    with pytest.raises(DomainError):
        services.proposal_approve(proposal_id=proposal.pk, official=world.official)
    proposal.refresh_from_db()
    assert proposal.state == ChangeRequest.State.PENDING


def test_withdrawn_by_its_officer_only(world):
    proposal = _propose_member(world)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal_id=proposal.pk, merchant=world.merchant_b)
    services.proposal_withdraw(proposal_id=proposal.pk, merchant=world.officer)
    with pytest.raises(TransitionError):
        services.proposal_approve(proposal_id=proposal.pk, official=world.official)

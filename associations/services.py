"""Every write of merchant associations, one guarded function per change.

Each function checks who acts (an official of the association's government, or for proposals a
merchant holding a current office), locks the rows it changes (`select_for_update` inside `atomic`),
checks the state and, for edits, the version the user loaded (optimistic concurrency), saves with
`update_fields` and records an AssociationEvent (who, when, why). Officers' proposals
(ChangeRequest) change nothing until an official approves them: approval applies them through the
same functions an official uses directly, in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import phones
from core.errors import ConflictError, DomainError, TransitionError
from districts import geo
from districts.models import District
from merchants import bizno
from merchants.models import Store

from . import selectors
from .models import AssociationEvent, ChangeRequest, Meeting, Membership, MerchantAssociation, Officer
from .uploads import check_minutes

Status = MerchantAssociation.Status
# Districts that share an association lie at most this far apart (boundaries, in metres, EPSG:5186).
ADJACENT_M = 150.0

TRANSITIONS = {
    Status.ACTIVE: {Status.DORMANT, Status.DISSOLVED},
    Status.DORMANT: {Status.ACTIVE, Status.DISSOLVED},
    Status.DISSOLVED: set(),
}


def _today() -> datetime.date:
    return timezone.localdate()


def _locked(association_id: int, actor) -> MerchantAssociation:
    try:
        association = MerchantAssociation.objects.select_for_update().get(pk=association_id)
    except MerchantAssociation.DoesNotExist as exc:
        raise DomainError(_("This association does not exist.")) from exc
    ensure_official_of(actor, association.local_government_id)
    return association


def _check_version(association: MerchantAssociation, expected_version) -> None:
    if expected_version is not None and int(expected_version) != association.version:
        raise ConflictError(_("Someone else changed this association while you were editing it. Check the current "
                              "details below and save again."))


def _bump(association: MerchantAssociation, *fields: str) -> None:
    association.version += 1
    association.save(update_fields=[*fields, "version", "updated_at"])


def _event(association, kind, actor, *, reason="", data=None, **extra) -> AssociationEvent:
    return AssociationEvent.objects.create(association=association, kind=kind, actor=actor, reason=reason or "",
                                           data=data or {}, **extra)


def clean_registration_number(value: str) -> str:
    """The 10 digits of a 고유번호 (000-00-00000, checked like a business number), or '' when none."""
    if not (value or "").strip():
        return ""
    try:
        return bizno.validate(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="registration_number") from exc


def clean_phone(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return phones.normalise(value)
    except phones.InvalidPhone as exc:
        raise DomainError(_("Enter a Korean phone number such as 010-1234-5678, 062-123-4567 or 1588-1234."),
                          field="phone") from exc


def _check_districts(local_government_id: int, district_ids, *, exclude_association_id=None) -> list[District]:
    ids = sorted({int(pk) for pk in district_ids})
    if not ids:
        raise DomainError(_("Choose at least one alley district."), field="districts")
    districts = list(District.objects.filter(pk__in=ids, local_government_id=local_government_id))
    if len(districts) != len(ids):
        raise DomainError(_("Choose alley districts of your own local government."), field="districts")
    taken = (MerchantAssociation.objects.filter(districts__in=ids).exclude(status=Status.DISSOLVED)
             .exclude(pk=exclude_association_id).distinct())
    for other in taken:
        names = ", ".join(d.name for d in other.districts.filter(pk__in=ids))
        raise DomainError(_("%(districts)s already has an association: %(name)s.") % {"districts": names,
                                                                                    "name": other.name},
                          field="districts")
    if len(districts) > 1 and not _connected(districts):
        raise DomainError(_("An association may be shared only by adjacent districts (at most %(m)s m apart).")
                          % {"m": int(ADJACENT_M)}, field="districts")
    return districts


def _connected(districts) -> bool:
    shapes = [geo.to_korea_tm(geo.validate_geometry(d.boundary)) for d in districts]
    reached, frontier = {0}, [0]
    while frontier:
        current = frontier.pop()
        for index, shape in enumerate(shapes):
            if index not in reached and shapes[current].distance(shape) <= ADJACENT_M:
                reached.add(index)
                frontier.append(index)
    return len(reached) == len(shapes)


def association_create(*, official, name: str, district_ids, registration_number: str = "",
                       founded_on: datetime.date | None = None, contact_name: str = "", phone: str = "",
                       note: str = "", status: str = Status.ACTIVE) -> MerchantAssociation:
    government = official.local_government
    ensure_official_of(official, government)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter the association's name."), field="name")
    if status == Status.DISSOLVED:
        raise DomainError(_("A new association cannot be dissolved."), field="status")
    with transaction.atomic():
        districts = _check_districts(government.pk, district_ids)
        association = MerchantAssociation.objects.create(
            local_government=government, name=name, registration_number=clean_registration_number(registration_number),
            founded_on=founded_on, contact_name=(contact_name or "").strip(), phone=clean_phone(phone),
            note=note or "", status=status, status_changed_on=founded_on or _today(), created_by=official)
        association.districts.set(districts)
        _event(association, AssociationEvent.Kind.CREATED, official, to_status=status,
               effective_on=founded_on or _today(), data={"districts": [d.pk for d in districts]})
    return association


EDITABLE = ("name", "registration_number", "founded_on", "contact_name", "phone", "note")


def association_update(*, association_id: int, official, expected_version, district_ids=None,
                       **changes) -> MerchantAssociation:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        association = _locked(association_id, official)
        _check_version(association, expected_version)
        if association.status == Status.DISSOLVED:
            raise TransitionError(_("A dissolved association cannot be changed."))
        if "registration_number" in changes:
            changes["registration_number"] = clean_registration_number(changes["registration_number"])
        if "phone" in changes:
            changes["phone"] = clean_phone(changes["phone"])
        if "name" in changes:
            changes["name"] = (changes["name"] or "").strip()
            if not changes["name"]:
                raise DomainError(_("Enter the association's name."), field="name")
        changed = {}
        for key, value in changes.items():
            value = value if value is not None or key == "founded_on" else ""
            if getattr(association, key) != value:
                changed[key] = [str(getattr(association, key) or ""), str(value or "")]
                setattr(association, key, value)
        if district_ids is not None:
            old = sorted(association.districts.values_list("pk", flat=True))
            new = sorted({int(pk) for pk in district_ids})
            if old != new:
                districts = _check_districts(association.local_government_id, new,
                                             exclude_association_id=association.pk)
                association.districts.set(districts)
                changed["districts"] = [old, new]
        if not changed:
            return association
        _bump(association, *[key for key in changed if key != "districts"])
        _event(association, AssociationEvent.Kind.UPDATED, official, data={"changed": changed})
    return association


def association_change_status(*, association_id: int, official, to_status: str, reason: str,
                              effective_on: datetime.date | None = None, expected_version=None) -> MerchantAssociation:
    """The one way to make an association active, dormant or dissolved (with who, when and why).

    Dissolving ends the open memberships and the officers' running terms on that day."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the change."), field="reason")
    effective_on = effective_on or _today()
    with transaction.atomic():
        association = _locked(association_id, official)
        _check_version(association, expected_version)
        if to_status not in TRANSITIONS.get(association.status, set()):
            raise TransitionError(_("An association that is %(current)s cannot become %(new)s.") % {
                "current": association.get_status_display(), "new": Status(to_status).label
                if to_status in Status.values else to_status})
        if effective_on > _today():
            raise DomainError(_("The date cannot be in the future."), field="effective_on")
        if association.status_changed_on and effective_on < association.status_changed_on:
            raise DomainError(_("The date cannot be before the last status change (%(date)s).")
                              % {"date": association.status_changed_on.isoformat()}, field="effective_on")
        from_status = association.status
        association.status, association.status_changed_on = to_status, effective_on
        _bump(association, "status", "status_changed_on")
        data = {}
        if to_status == Status.DISSOLVED:
            data["memberships_ended"] = (association.memberships.filter(left_on__isnull=True)
                                         .update(left_on=effective_on))
            running = association.officers.filter(term_start__lte=effective_on).exclude(term_end__lt=effective_on)
            data["terms_ended"] = running.update(term_end=effective_on)
        _event(association, AssociationEvent.Kind.STATUS, official, from_status=from_status, to_status=to_status,
               effective_on=effective_on, reason=reason, data=data)
    return association


def _ensure_open(association) -> None:
    if association.status == Status.DISSOLVED:
        raise TransitionError(_("A dissolved association cannot be changed."))


def member_add(*, association_id: int, store_id: int, joined_on: datetime.date, actor,
               _checked: bool = False) -> Membership:
    """A store joins. It must be open, in one of the association's districts, and in no other association then."""
    with transaction.atomic():
        association = _locked(association_id, actor) if not _checked else (
            MerchantAssociation.objects.select_for_update().get(pk=association_id))
        _ensure_open(association)
        try:
            store = Store.objects.select_for_update().get(pk=store_id,
                                                          local_government_id=association.local_government_id)
        except Store.DoesNotExist as exc:
            raise DomainError(_("Choose a store of your own local government."), field="store") from exc
        if store.status != Store.Status.OPEN:
            raise DomainError(_("A closed store cannot join."), field="store")
        if not association.districts.filter(pk=store.district_id).exists():
            raise DomainError(_("The store is not inside the association's districts."), field="store")
        if joined_on > _today():
            raise DomainError(_("The date cannot be in the future."), field="joined_on")
        current = Membership.objects.filter(store=store, left_on__isnull=True).select_related("association").first()
        if current is not None:
            raise DomainError(_("%(store)s is already a member of %(name)s.") % {
                "store": store.name, "name": current.association.name}, field="store")
        if Membership.objects.filter(store=store, left_on__gt=joined_on).exists():
            raise DomainError(_("The store was a member elsewhere until after that date."), field="joined_on")
        try:
            with transaction.atomic():
                membership = Membership.objects.create(association=association, store=store, joined_on=joined_on)
        except IntegrityError as exc:  # a concurrent join of the same store
            raise DomainError(_("This store has just joined an association."), field="store") from exc
        _event(association, AssociationEvent.Kind.MEMBER_ADDED, actor, effective_on=joined_on,
               data={"store": store.pk, "store_name": store.name})
    return membership


def member_remove(*, membership_id: int, left_on: datetime.date, actor, reason: str = "",
                  _checked: bool = False) -> Membership:
    with transaction.atomic():
        try:
            membership = Membership.objects.select_for_update().select_related("store").get(pk=membership_id)
        except Membership.DoesNotExist as exc:
            raise DomainError(_("This membership does not exist.")) from exc
        association = _locked(membership.association_id, actor) if not _checked else membership.association
        if membership.left_on is not None:
            raise TransitionError(_("This store has already left the association."))
        if left_on < membership.joined_on:
            raise DomainError(_("The store cannot leave before it joined (%(date)s).")
                              % {"date": membership.joined_on.isoformat()}, field="left_on")
        if left_on > _today():
            raise DomainError(_("The date cannot be in the future."), field="left_on")
        membership.left_on = left_on
        membership.save(update_fields=["left_on"])
        _event(association, AssociationEvent.Kind.MEMBER_REMOVED, actor, effective_on=left_on, reason=reason,
               data={"store": membership.store_id, "store_name": membership.store.name})
    return membership


def officer_add(*, association_id: int, official, role: str, person_name: str, term_start: datetime.date,
                term_end: datetime.date | None = None, user=None) -> Officer:
    person_name = (person_name or "").strip()
    if not person_name:
        raise DomainError(_("Enter the officer's name."), field="person_name")
    if role not in Officer.Role.values:
        raise DomainError(_("Choose the office."), field="role")
    if term_end is not None and term_end < term_start:
        raise DomainError(_("The term cannot end before it starts."), field="term_end")
    if user is not None and not user.is_merchant:
        raise DomainError(_("Only a merchant account can be linked to an officer."), field="user")
    with transaction.atomic():
        association = _locked(association_id, official)
        _ensure_open(association)
        officer = Officer.objects.create(association=association, role=role, person_name=person_name,
                                         term_start=term_start, term_end=term_end, user=user)
        _event(association, AssociationEvent.Kind.OFFICER_ADDED, official, effective_on=term_start,
               data={"officer": officer.pk, "role": role, "name": person_name, "user": getattr(user, "pk", None)})
    return officer


def officer_end_term(*, officer_id: int, official, term_end: datetime.date, reason: str = "") -> Officer:
    with transaction.atomic():
        try:
            officer = Officer.objects.select_for_update().get(pk=officer_id)
        except Officer.DoesNotExist as exc:
            raise DomainError(_("This officer does not exist.")) from exc
        association = _locked(officer.association_id, official)
        if term_end < officer.term_start:
            raise DomainError(_("The term cannot end before it starts."), field="term_end")
        if officer.term_end is not None and officer.term_end <= term_end:
            raise TransitionError(_("This term already ends on %(date)s.") % {"date": officer.term_end.isoformat()})
        officer.term_end = term_end
        officer.save(update_fields=["term_end"])
        _event(association, AssociationEvent.Kind.OFFICER_ENDED, official, effective_on=term_end, reason=reason,
               data={"officer": officer.pk, "role": officer.role, "name": officer.person_name})
    return officer


def _check_meeting(held_on, attendance, agenda) -> None:
    if held_on > _today():
        raise DomainError(_("The date cannot be in the future."), field="held_on")
    if attendance is None or attendance < 0:
        raise DomainError(_("Enter the number of people who attended."), field="attendance")
    if not (agenda or "").strip():
        raise DomainError(_("Enter the agenda."), field="agenda")


def meeting_record(*, association_id: int, actor, held_on: datetime.date, attendance: int, agenda: str,
                   minutes_file=None, _checked: bool = False, _stored=None) -> Meeting:
    """A meeting with its minutes (PDF, HWP or an image, checked by content)."""
    _check_meeting(held_on, attendance, agenda)
    checked = check_minutes(minutes_file) if minutes_file is not None else None
    with transaction.atomic():
        association = (MerchantAssociation.objects.select_for_update().get(pk=association_id) if _checked
                       else _locked(association_id, actor))
        _ensure_open(association)
        meeting = Meeting(association=association, held_on=held_on, attendance=attendance, agenda=agenda.strip(),
                          created_by=actor)
        if checked is not None:
            meeting.minutes.save(f"minutes.{checked.extension}", minutes_file, save=False)
            meeting.minutes_name = (getattr(minutes_file, "name", "") or "")[:200]
            meeting.minutes_content_type = checked.content_type
        elif _stored is not None:  # an approved proposal hands over the file it already holds
            meeting.minutes, meeting.minutes_name, meeting.minutes_content_type = _stored
        meeting.save()
        _event(association, AssociationEvent.Kind.MEETING, actor, effective_on=held_on,
               data={"meeting": meeting.pk, "attendance": attendance})
    return meeting


# --- officers' proposals -------------------------------------------------------------------------------

def _officer_association(association_id: int, user) -> MerchantAssociation:
    association = selectors.associations_of_officer(user).filter(pk=association_id).first()
    if association is None:
        raise PermissionDenied(_("Only the association's current officers may propose changes."))
    return association


def proposal_submit(*, association_id: int, merchant, kind: str, effective_on: datetime.date, store_id=None,
                    membership_id=None, attendance=None, agenda: str = "", minutes_file=None,
                    note: str = "") -> ChangeRequest:
    """An officer proposes a change of their association; nothing changes until an official approves it."""
    association = _officer_association(association_id, merchant)
    if association.status == Status.DISSOLVED:
        raise TransitionError(_("A dissolved association cannot be changed."))
    if effective_on > _today():
        raise DomainError(_("The date cannot be in the future."), field="effective_on")
    request = ChangeRequest(association=association, kind=kind, proposed_by=merchant, effective_on=effective_on,
                            note=(note or "").strip())
    if kind == ChangeRequest.Kind.MEMBER_ADD:
        store = Store.objects.filter(pk=store_id, local_government_id=association.local_government_id,
                                     district__in=association.districts.all(), status=Store.Status.OPEN).first()
        if store is None:
            raise DomainError(_("Choose an open store inside the association's districts."), field="store")
        if Membership.objects.filter(store=store, left_on__isnull=True).exists():
            raise DomainError(_("%(store)s is already a member of an association.") % {"store": store.name},
                              field="store")
        request.store = store
    elif kind == ChangeRequest.Kind.MEMBER_REMOVE:
        membership = association.memberships.filter(pk=membership_id, left_on__isnull=True).first()
        if membership is None:
            raise DomainError(_("Choose a current member."), field="membership")
        request.membership, request.store = membership, membership.store
    elif kind == ChangeRequest.Kind.MEETING:
        _check_meeting(effective_on, attendance, agenda)
        request.attendance, request.agenda = attendance, agenda.strip()
        if minutes_file is not None:
            checked = check_minutes(minutes_file)
            request.minutes.save(f"minutes.{checked.extension}", minutes_file, save=False)
            request.minutes_name = (getattr(minutes_file, "name", "") or "")[:200]
            request.minutes_content_type = checked.content_type
    else:
        raise DomainError(_("Unknown kind of change."))
    duplicate = ChangeRequest.objects.filter(association=association, kind=kind, state=ChangeRequest.State.PENDING)
    if kind != ChangeRequest.Kind.MEETING and duplicate.filter(store=request.store).exists():
        raise DomainError(_("The same change is already waiting for review."), field="store")
    request.save()
    return request


def _locked_proposal(proposal_id: int, official) -> ChangeRequest:
    try:
        proposal = ChangeRequest.objects.select_for_update().select_related("association").get(pk=proposal_id)
    except ChangeRequest.DoesNotExist as exc:
        raise DomainError(_("This proposal does not exist.")) from exc
    ensure_official_of(official, proposal.association.local_government_id)
    if proposal.state != ChangeRequest.State.PENDING:
        raise TransitionError(_("This proposal has already been decided (%(state)s).")
                              % {"state": proposal.get_state_display()})
    return proposal


def proposal_approve(*, proposal_id: int, official, note: str = "") -> ChangeRequest:
    """Apply an officer's proposal and mark it approved, in one transaction; a change that no longer fits
    (the store joined elsewhere meanwhile) is refused and the proposal stays waiting."""
    with transaction.atomic():
        proposal = _locked_proposal(proposal_id, official)
        association = _locked(proposal.association_id, official)
        if proposal.kind == ChangeRequest.Kind.MEMBER_ADD:
            member_add(association_id=association.pk, store_id=proposal.store_id, joined_on=proposal.effective_on,
                       actor=official, _checked=True)
        elif proposal.kind == ChangeRequest.Kind.MEMBER_REMOVE:
            member_remove(membership_id=proposal.membership_id, left_on=proposal.effective_on, actor=official,
                          reason=proposal.note, _checked=True)
        else:
            stored = (proposal.minutes.name, proposal.minutes_name, proposal.minutes_content_type) \
                if proposal.minutes else None
            proposal.applied_meeting = meeting_record(
                association_id=association.pk, actor=official, held_on=proposal.effective_on,
                attendance=proposal.attendance or 0, agenda=proposal.agenda, _checked=True, _stored=stored)
        proposal.state, proposal.decided_by = ChangeRequest.State.APPROVED, official
        proposal.decided_at = timezone.now()
        proposal.decision_reason = (note or "").strip()
        proposal.save(update_fields=["state", "decided_by", "decided_at", "decision_reason", "applied_meeting"])
        _event(association, AssociationEvent.Kind.PROPOSAL_APPROVED, official, reason=proposal.decision_reason,
               data={"proposal": proposal.pk, "kind": proposal.kind, "proposed_by": proposal.proposed_by_id})
    return proposal


def proposal_reject(*, proposal_id: int, official, reason: str) -> ChangeRequest:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the rejection; the officer reads it."), field="reason")
    with transaction.atomic():
        proposal = _locked_proposal(proposal_id, official)
        proposal.state, proposal.decided_by = ChangeRequest.State.REJECTED, official
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason
        proposal.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        _event(proposal.association, AssociationEvent.Kind.PROPOSAL_REJECTED, official, reason=reason,
               data={"proposal": proposal.pk, "kind": proposal.kind, "proposed_by": proposal.proposed_by_id})
    return proposal


def proposal_withdraw(*, proposal_id: int, merchant) -> ChangeRequest:
    with transaction.atomic():
        proposal = ChangeRequest.objects.select_for_update().filter(pk=proposal_id, proposed_by=merchant).first()
        if proposal is None:
            raise PermissionDenied
        if proposal.state != ChangeRequest.State.PENDING:
            raise TransitionError(_("This proposal has already been decided (%(state)s).")
                                  % {"state": proposal.get_state_display()})
        proposal.state, proposal.decided_at = ChangeRequest.State.WITHDRAWN, timezone.now()
        proposal.save(update_fields=["state", "decided_at"])
    return proposal

"""A merchant claims a store; an official confirms, rejects or, explicitly, transfers ownership.

A store has one owner. Knowing a store's 사업자등록번호 (it is printed on every receipt) is not proof:
a claim carries evidence, either the business registration certificate (reviewed by an official)
or, when settings.NTS_VERIFICATION_ENABLED, the National Tax Service's confirmation of the number,
opening date and representative name. Only that confirmation, on an unowned store whose record holds
the same number, makes the merchant its owner at once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox
from core.errors import DomainError, TransitionError
from core.uploads import check_document

from .. import bizno, nts
from ..models import Store, StoreClaim, StoreEvent
from .stores import lock_store, save_store_change


def _merchant_of(user):
    merchant = getattr(user, "merchant", None) if user is not None and user.is_merchant else None
    if merchant is None:
        raise PermissionDenied(_("Only merchants can claim a store."))
    return merchant


def _nts_answer(number: str, opening_date, representative_name: str):
    """The National Tax Service's answer, or None when the check is off, not asked for, or unavailable."""
    if not (nts.enabled() and opening_date and (representative_name or "").strip()):
        return None
    try:
        return nts.client().validate(number=number, opening_date=opening_date,
                                     representative_name=representative_name)
    except nts.NtsUnavailable:
        return None


def claim_store(*, store_id: int, merchant_user, business_number: str, evidence=None, opening_date=None,
                representative_name: str = "") -> StoreClaim:
    """Claim a store with evidence. Waits for an official, unless the National Tax Service confirms the
    business and the unowned store's record holds the same number. Refused when the record holds another
    number or when there is no evidence at all."""
    merchant = _merchant_of(merchant_user)
    try:
        number = bizno.validate(business_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="business_number") from exc
    checked = check_document(evidence, field="evidence") if evidence else None
    answer = _nts_answer(number, opening_date, representative_name)
    if answer is not None and not answer.confirmed and checked is None:
        raise DomainError(_(
            "The National Tax Service could not confirm this number with that opening date and representative "
            "name (or the business is closed). Check them against your registration certificate, or attach the "
            "certificate instead."), field="representative_name")
    confirmed = answer is not None and answer.confirmed
    if checked is None and not confirmed:
        raise DomainError(_(
            "Attach your business registration certificate (사업자등록증) as PDF, JPEG or PNG. The district office "
            "checks it before you manage the store."), field="evidence")
    with transaction.atomic():
        store = lock_store(store_id)
        if store.status != Store.Status.OPEN:
            raise TransitionError(_("This store is recorded as closed and cannot be claimed. If it is open, "
                                    "ask the district office to reopen it."))
        if store.owner_id == merchant.pk:
            raise TransitionError(_("You already manage this store."))
        if StoreClaim.objects.filter(store=store, merchant=merchant, status=StoreClaim.Status.PENDING).exists():
            raise TransitionError(_("Your claim for this store is already waiting for the district office."))
        if store.business_number and store.business_number != number:
            raise DomainError(_(
                "This business registration number does not match the one recorded for this store. Check the "
                "number on your registration certificate, or ask the district office to correct the record."),
                field="business_number")
        immediate = confirmed and store.owner_id is None and store.business_number == number
        now = timezone.now()
        claim = StoreClaim(
            store=store, merchant=merchant, business_number=number,
            status=StoreClaim.Status.APPROVED if immediate else StoreClaim.Status.PENDING,
            decided_at=now if immediate else None,
            decision_note=_("Confirmed at once: the National Tax Service confirmed the business and the number "
                            "matches the store record.") if immediate else "",
            opening_date=opening_date if confirmed else None,
            representative_name=(representative_name or "").strip()[:100] if confirmed else "",
            nts_confirmed_at=now if confirmed else None,
        )
        if checked is not None:
            claim.evidence_name = (evidence.name or "document")[-255:]
            claim.evidence_content_type, claim.evidence_sha256 = checked.content_type, checked.sha256
            claim.evidence.save(f"certificate.{checked.extension}", evidence, save=False)
        try:
            claim.save()
        except Exception:
            if claim.evidence:  # the claim is not stored, so neither is its file
                claim.evidence.storage.delete(claim.evidence.name)
            raise
        if immediate:
            store.owner = merchant
            save_store_change(store, {"owner": [None, merchant.pk]}, actor=merchant_user,
                              kind=StoreEvent.Kind.CLAIM_APPROVED, reason=claim.decision_note)
        else:  # the store itself is unchanged until an official confirms
            StoreEvent.objects.create(store=store, kind=StoreEvent.Kind.CLAIM_REQUESTED, actor=merchant_user,
                                      from_status=store.status, to_status=store.status)
    return claim


def _lock_pending(claim_id: int, official) -> tuple[StoreClaim, Store]:
    try:
        claim = StoreClaim.objects.select_for_update().get(pk=claim_id)
    except StoreClaim.DoesNotExist:
        raise Http404(_("No such claim.")) from None
    store = Store.objects.select_for_update().get(pk=claim.store_id)
    ensure_official_of(official, store.local_government_id)
    if claim.status != StoreClaim.Status.PENDING:
        raise TransitionError(_("This claim has already been decided (%(status)s).")
                              % {"status": claim.get_status_display()})
    return claim, store


def _notify(claim_id: int) -> None:
    outbox.enqueue("merchants.notify_claim_decision", claim_id)


def claim_approve(*, claim_id: int, official, note: str = "", transfer: bool = False,
                  transfer_reason: str = "") -> StoreClaim:
    """Confirm a waiting claim: the merchant becomes the store's owner and its number is recorded.

    A store has one owner: when another merchant manages it, the claim is confirmed only as an explicit
    transfer with a reason (recorded as its own event; both merchants are told). A record that holds
    another number is never overwritten here: the official corrects the store record first.
    """
    transfer_reason = (transfer_reason or "").strip()
    with transaction.atomic():
        claim, store = _lock_pending(claim_id, official)
        previous_owner_id = store.owner_id if store.owner_id not in (None, claim.merchant_id) else None
        if previous_owner_id is not None and not transfer:
            raise DomainError(_(
                "Another merchant already manages this store. To give it to this merchant instead, choose "
                "\"transfer ownership\" and write the reason; otherwise reject the claim."), field="transfer")
        if previous_owner_id is not None and not transfer_reason:
            raise DomainError(_("Write why the ownership is transferred; both merchants are told."),
                              field="transfer_reason")
        if store.business_number and store.business_number != claim.business_number:
            raise DomainError(_(
                "The store record now holds another business registration number (%(number)s). Correct the store "
                "record first if the claim's number is right, or reject the claim.")
                % {"number": bizno.format_number(store.business_number)})
        changes = {}
        if store.owner_id != claim.merchant_id:
            changes["owner"] = [store.owner_id, claim.merchant_id]
            store.owner_id = claim.merchant_id
        if store.business_number != claim.business_number:
            changes["business_number"] = [store.business_number, claim.business_number]
            store.business_number = claim.business_number
        if previous_owner_id is not None:
            save_store_change(store, changes, actor=official, kind=StoreEvent.Kind.OWNER_TRANSFERRED,
                              reason=transfer_reason)
        else:
            save_store_change(store, changes, actor=official, kind=StoreEvent.Kind.CLAIM_APPROVED, reason=note)
        claim.status, claim.decided_by, claim.decided_at = StoreClaim.Status.APPROVED, official, timezone.now()
        claim.decision_note = note if previous_owner_id is None else (note or transfer_reason)
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        _notify(claim.pk)
        if previous_owner_id is not None:
            from ..tasks import notify_ownership_transferred

            claim_pk = claim.pk
            transaction.on_commit(lambda: notify_ownership_transferred.delay(claim_pk, previous_owner_id))
    return claim


def claim_reject(*, claim_id: int, official, note: str) -> StoreClaim:
    """Refuse a waiting claim; the merchant is told why."""
    if not (note or "").strip():
        raise DomainError(_("Write the reason for the merchant."), field="note")
    with transaction.atomic():
        claim, store = _lock_pending(claim_id, official)
        claim.status, claim.decided_by, claim.decided_at = StoreClaim.Status.REJECTED, official, timezone.now()
        claim.decision_note = note.strip()
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        StoreEvent.objects.create(store=store, kind=StoreEvent.Kind.CLAIM_REJECTED, actor=official,
                                  reason=claim.decision_note, from_status=store.status, to_status=store.status)
        _notify(claim.pk)
    return claim

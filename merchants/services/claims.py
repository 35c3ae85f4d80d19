"""A merchant claims a store by 사업자등록번호; an official confirms or rejects the claims that wait."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox
from core.errors import DomainError, TransitionError

from .. import bizno
from ..models import Store, StoreClaim, StoreEvent
from .stores import lock_store, save_store_change


def _merchant_of(user):
    merchant = getattr(user, "merchant", None) if user is not None and user.is_merchant else None
    if merchant is None:
        raise PermissionDenied(_("Only merchants can claim a store."))
    return merchant


def claim_store(*, store_id: int, merchant_user, business_number: str) -> StoreClaim:
    """Claim a store. Immediate when the record holds the same number and no owner; refused when it holds
    another number; otherwise waiting for an official."""
    merchant = _merchant_of(merchant_user)
    try:
        number = bizno.validate(business_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="business_number") from exc
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
        immediate = store.business_number == number and store.owner_id is None
        now = timezone.now()
        claim = StoreClaim.objects.create(
            store=store, merchant=merchant, business_number=number,
            status=StoreClaim.Status.APPROVED if immediate else StoreClaim.Status.PENDING,
            decided_at=now if immediate else None,
            decision_note=_("Confirmed at once: the number matches the store record.") if immediate else "",
        )
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


def claim_approve(*, claim_id: int, official, note: str = "") -> StoreClaim:
    """Confirm a waiting claim: the merchant becomes the store's owner and its number is recorded."""
    with transaction.atomic():
        claim, store = _lock_pending(claim_id, official)
        changes = {}
        if store.owner_id != claim.merchant_id:
            changes["owner"] = [store.owner_id, claim.merchant_id]
            store.owner_id = claim.merchant_id
        if store.business_number != claim.business_number:
            changes["business_number"] = [store.business_number, claim.business_number]
            store.business_number = claim.business_number
        save_store_change(store, changes, actor=official, kind=StoreEvent.Kind.CLAIM_APPROVED, reason=note)
        claim.status, claim.decided_by, claim.decided_at = StoreClaim.Status.APPROVED, official, timezone.now()
        claim.decision_note = note
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        _notify(claim.pk)
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

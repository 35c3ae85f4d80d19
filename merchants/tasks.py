"""Celery tasks of the merchants app: thin wrappers that take ids and call a service."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(name="merchants.run_store_import")
def run_store_import(import_id: int) -> str:
    """Run a queued store import; running it again (or twice at once) changes nothing."""
    from .services import store_import_run

    return store_import_run(import_id=import_id).status


@shared_task(name="merchants.recover_imports")
def recover_imports() -> dict:
    """Beat, every minute: run again the store imports whose worker died (stale heartbeat); the sales
    imports have their own beat task (sales.recover_imports)."""
    from .services import store_imports_recover

    return {"store_imports": store_imports_recover()}


@shared_task(name="merchants.notify_claim_decision")
def notify_claim_decision(claim_id: int) -> bool:
    """Mail the merchant the decision on their store claim (once per decision)."""
    from .models import StoreClaim

    claim = StoreClaim.objects.select_related("store", "merchant__user").filter(pk=claim_id).first()
    if claim is None or claim.status == StoreClaim.Status.PENDING or not claim.merchant.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"claim": claim, "site_url": settings.SITE_URL}
        subject = render_to_string("merchants/email/claim_decision_subject.txt", context).strip()
        body = render_to_string("merchants/email/claim_decision.txt", context)
    send_mail(subject, body, None, [claim.merchant.user.email])
    return True


@shared_task(name="merchants.notify_ownership_transferred")
def notify_ownership_transferred(claim_id: int, previous_owner_id: int) -> bool:
    """Tell the merchant who managed a store that an official gave it to another merchant, and why."""
    from .models import Merchant, StoreClaim, StoreEvent

    claim = StoreClaim.objects.select_related("store").filter(pk=claim_id).first()
    previous = Merchant.objects.select_related("user").filter(pk=previous_owner_id).first()
    if claim is None or previous is None or not previous.user.email:
        return False
    event = (StoreEvent.objects.filter(store=claim.store, kind=StoreEvent.Kind.OWNER_TRANSFERRED)
             .order_by("-created_at", "-id").first())
    with translation.override(settings.LANGUAGE_CODE):
        context = {"claim": claim, "merchant": previous, "reason": event.reason if event else "",
                   "site_url": settings.SITE_URL}
        subject = render_to_string("merchants/email/ownership_transferred_subject.txt", context).strip()
        body = render_to_string("merchants/email/ownership_transferred.txt", context)
    send_mail(subject, body, None, [previous.user.email])
    return True

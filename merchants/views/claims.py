"""Officials' queue of store claims waiting for confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core.errors import DomainError, TransitionError
from core.forms import add_domain_error
from privacy.decorators import Action, access_logged

from .. import selectors, services
from ..forms import ClaimDecisionForm
from ..models import StoreClaim


@official_required
@access_logged(Action.VIEW, "merchants.storeclaim")
def claim_queue(request, form=None, failed_claim=None):
    government = request.user.local_government
    claims = list(selectors.claims_pending_for(government))
    conflicts = selectors.number_conflicts(claims, government)
    for claim in claims:
        claim.form = form if failed_claim == claim.pk else ClaimDecisionForm(prefix=f"claim-{claim.pk}")
        claim.number_used_by = conflicts[claim.pk]
        claim.owned_by_other = claim.store.owner_id not in (None, claim.merchant_id)
    return render(request, "merchants/claim_queue.html", {
        "claims": claims,
        "decided": selectors.claims_decided_for(government),
    }, status=400 if form is not None else 200)


def _decide(request, pk, *, approve: bool):
    claim = get_object_or_404(StoreClaim.objects.select_related("store", "merchant__user").filter(
        store__local_government=request.user.local_government), pk=pk)
    form = ClaimDecisionForm(request.POST, prefix=f"claim-{claim.pk}")
    if form.is_valid():
        try:
            if approve:
                services.claim_approve(claim_id=claim.pk, official=request.user, note=form.cleaned_data["note"],
                                       transfer=form.cleaned_data["transfer"],
                                       transfer_reason=form.cleaned_data["transfer_reason"])
                messages.success(request, _("The claim is confirmed: %(merchant)s now manages %(store)s.")
                                 % {"merchant": claim.merchant, "store": claim.store})
            else:
                services.claim_reject(claim_id=claim.pk, official=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("The claim is rejected and the merchant is told why."))
            return redirect("merchants:claim_queue")
        except TransitionError as exc:  # decided meanwhile (another official, a second click)
            messages.error(request, str(exc))
            return redirect("merchants:claim_queue")
        except DomainError as exc:
            add_domain_error(form, exc)
    return claim_queue(request, form=form, failed_claim=claim.pk)


@official_required
@require_POST
@access_logged(Action.CHANGE, "merchants.storeclaim", id_kwarg="pk")
def claim_approve(request, pk):
    return _decide(request, pk, approve=True)


@official_required
@require_POST
@access_logged(Action.CHANGE, "merchants.storeclaim", id_kwarg="pk")
def claim_reject(request, pk):
    return _decide(request, pk, approve=False)

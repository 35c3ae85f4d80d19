"""Officials: the government's franchises, one franchise's history, cancellation; document settings."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from privacy.decorators import Action, access_logged

from .. import documents, rules, selectors, services
from ..forms import DocumentRequirementForm, FranchiseCancelForm, FranchiseFilterForm
from ..models import DocumentRequirement, FranchiseEvent
from .common import paginate, run_form


@official_required
@access_logged(Action.VIEW, "giftcerts.franchise")
def franchise_list(request):
    government = request.user.local_government
    form = FranchiseFilterForm(request.GET or None, local_government=government)
    filters = form.cleaned_data if form.is_valid() else {}
    franchises = selectors.official_franchises(
        request.user, status=filters.get("status") or "", dong_id=filters.get("dong"),
        expiring_within_days=filters.get("expiring"), q=filters.get("q") or "")
    return render(request, "giftcerts/franchise_list.html", {
        "form": form, "page_obj": paginate(request, franchises, 50), "today": timezone.localdate(),
    })


def _franchise(request, pk):
    return get_object_or_404(selectors.official_franchises(request.user).select_related("application"), pk=pk)


def _detail(request, franchise, form=None):
    today = timezone.localdate()
    return render(request, "giftcerts/franchise_detail.html", {
        "franchise": franchise,
        "events": FranchiseEvent.objects.filter(franchise=franchise).select_related("actor"),
        "form": form or FranchiseCancelForm(initial={"ban_until": rules.add_years(today, 1)}),
        "latest_ban": rules.add_years(today, rules.MAX_BAN_YEARS),
    })


@official_required
@access_logged(Action.VIEW, "giftcerts.franchise", id_kwarg="pk")
def franchise_detail(request, pk):
    return _detail(request, _franchise(request, pk))


@official_required
@require_POST
@access_logged(Action.CHANGE, "giftcerts.franchise", id_kwarg="pk")
def franchise_cancel(request, pk):
    franchise = _franchise(request, pk)
    form = FranchiseCancelForm(request.POST)
    if run_form(request, form, lambda data: services.franchise_cancel(
            franchise_id=franchise.pk, official=request.user, reason=data["reason"], ban_until=data["ban_until"]),
            _("The franchise was cancelled; re-registration is blocked until the date given.")):
        return redirect("giftcerts:franchise_detail", franchise.pk)
    return _detail(request, _franchise(request, pk), form)


@official_required
def document_settings(request):
    """Which documents this government asks applicants for (besides the built-in ones)."""
    government = request.user.local_government
    form = DocumentRequirementForm(request.POST or None)
    if request.method == "POST" and run_form(
            request, form, lambda data: services.document_requirement_save(official=request.user, **data),
            _("The document list was updated.")):
        return redirect("giftcerts:document_settings")
    rows = DocumentRequirement.objects.filter(local_government=government)
    return render(request, "giftcerts/document_settings.html", {
        "form": form, "specs": documents.requirements_for(government.pk, rows), "rows": rows,
    })

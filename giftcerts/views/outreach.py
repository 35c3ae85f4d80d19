"""Alley Economy 119 Project: the list of stores that could join, its Excel export, visit logging."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import official_required
from exports.views import export_response
from privacy.decorators import Action, access_logged, export_reason_required

from .. import selectors, services
from ..forms import OutreachFilterForm, OutreachVisitForm
from ..models import OutreachVisit
from .common import paginate, run_form


def _candidates(request):
    government = request.user.local_government
    form = OutreachFilterForm(request.GET or None, local_government=government)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.outreach_candidates(government, district_id=filters.get("district"),
                                         dong_id=filters.get("dong"))
    return form, rows


@official_required
@access_logged(Action.VIEW, "giftcerts.outreach")
def outreach_list(request):
    form, rows = _candidates(request)
    page = paginate(request, rows, 50)
    selectors.attach_last_visits(page.object_list)
    return render(request, "giftcerts/outreach_list.html", {
        "form": form, "page_obj": page, "total": len(rows), "today": timezone.localdate(),
        "export_url": reverse("giftcerts:outreach_export") + ("?" + request.GET.urlencode() if request.GET else ""),
    })


@official_required
@export_reason_required("giftcerts.outreach", label=gettext_lazy("stores to visit with their phone numbers"))
def outreach_export(request):
    return export_response(request, "giftcerts.outreach")


@official_required
@access_logged(Action.CHANGE, "giftcerts.outreachvisit", id_kwarg="store_id", methods=("POST",))
def outreach_visit(request, store_id):
    from merchants.models import Store

    store = get_object_or_404(Store.objects.filter(local_government=request.user.local_government)
                              .select_related("dong", "district", "industry")
                              .defer(*selectors.no_boundaries("dong", "district")), pk=store_id)
    form = OutreachVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and run_form(
            request, form, lambda data: services.outreach_visit_log(store_id=store.pk, official=request.user, **data),
            _("The visit to %(store)s was recorded.") % {"store": store}):
        return redirect("giftcerts:outreach_list")
    return render(request, "giftcerts/outreach_visit.html", {
        "store": store, "form": form,
        "visits": OutreachVisit.objects.filter(store=store).select_related("visited_by"),
    })

"""Officials' store registry: list with filters, detail with a map, edit, close/reopen, Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.permissions import official_required
from core.errors import ConflictError, DomainError
from core.forms import add_domain_error
from core.paginator import CountLightPaginator
from districts.selectors import dongs_feature_collection
from exports.views import export_response
from privacy.decorators import Action, access_logged, export_reason_required, note_record

from .. import selectors, services
from ..filters import StoreFilter
from ..forms import OfficialStoreForm, StoreCloseForm, StoreReopenForm
from ..models import Store

PAGE_SIZE = 50


def _official_store(request, pk) -> Store:
    """The store when it belongs to the official's government; 404 otherwise."""
    return get_object_or_404(selectors.stores_of(request.user.local_government).select_related(
        "industry__parent__parent", "dong", "district", "owner__user", "local_government"), pk=pk)


def _filtered(request):
    """The filter form and the stores it selects (none when the filter input is invalid)."""
    base = selectors.with_list_relations(selectors.stores_of(request.user.local_government))
    store_filter = StoreFilter(request.GET, queryset=base, request=request)
    queryset = store_filter.qs if store_filter.is_valid() else base.none()
    return store_filter, queryset


@official_required
@access_logged(Action.SEARCH, "merchants.store", search_param="q", search_only=True)
def store_list(request):
    store_filter, queryset = _filtered(request)
    for bound_field in store_filter.form:  # the API documents the filters; the page keeps the form compact
        bound_field.help_text = ""
    store_filter.form.fields["q"].widget.attrs["placeholder"] = _("Name, address or number")
    page = CountLightPaginator(selectors.list_rows(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "merchants/store_list.html", {
        "filter": store_filter,
        "page_obj": page,
        "stores": page.object_list,
        "pending_claims": selectors.claims_pending_for(request.user.local_government).count(),
        "export_query": request.GET.urlencode(),
    })


@official_required
@export_reason_required("merchants.store", label=gettext_lazy("stores with owners and business numbers"))
def store_export(request):
    return export_response(request, "merchants.stores")


@official_required
@access_logged(Action.VIEW, "merchants.store", id_kwarg="pk")
def store_detail(request, pk):
    store = _official_store(request, pk)
    note_record(request, store)
    geojson = dongs_feature_collection([store.dong], simplify_m=1, precision=6) if store.dong else None
    return render(request, "merchants/store_detail.html", {
        "store": store,
        "events": selectors.store_events(store)[:50],
        "claims": store.claims.select_related("merchant__user", "decided_by").order_by("-created_at"),
        "dong_geojson": geojson,
        "point": {"lon": store.lon, "lat": store.lat, "name": str(store)} if store.lon is not None else None,
    })


@official_required
@require_http_methods(["GET", "POST"])
@access_logged(Action.VIEW, "merchants.store", id_kwarg="pk", methods=("GET",))
@access_logged(Action.CHANGE, "merchants.store", id_kwarg="pk", methods=("POST",))
def store_edit(request, pk):
    store = _official_store(request, pk)
    form = OfficialStoreForm(request.POST or None, instance=store)
    if request.method == "POST" and form.is_valid():
        try:
            services.store_update(store_id=store.pk, official=request.user, version=form.cleaned_data["version"],
                                  values=form.changed_values(), reason=form.cleaned_data["reason"])
        except ConflictError as exc:
            add_domain_error(form, exc)
            current = Store.objects.get(pk=store.pk)
            form.data = form.data.copy()
            form.data["version"] = current.version  # saving again applies the user's input over the new state
            return render(request, "merchants/store_form.html", {"store": current, "form": form, "conflict": True},
                          status=409)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The store's details are saved."))
            return redirect("merchants:store_detail", pk=store.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "merchants/store_form.html", {"store": store, "form": form}, status=status)


def _status_change(request, pk, *, form_class, service, date_field, allowed_status, success, template_title):
    store = _official_store(request, pk)
    initial = {"version": store.version}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if store.status != allowed_status and request.method == "GET":
        messages.info(request, _("This store is already %(status)s.") % {"status": store.get_status_display()})
        return redirect("merchants:store_detail", pk=store.pk)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                service(store_id=store.pk, official=request.user, version=form.cleaned_data["version"],
                        reason=form.cleaned_data["reason"], **{date_field: form.cleaned_data[date_field]})
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 409 if isinstance(exc, ConflictError) else 400
            else:
                messages.success(request, success)
                return redirect("merchants:store_detail", pk=store.pk)
    return render(request, "merchants/store_status_form.html",
                  {"store": store, "form": form, "title": template_title, "date_field": date_field}, status=status)


@official_required
@require_http_methods(["GET", "POST"])
def store_close(request, pk):
    return _status_change(request, pk, form_class=StoreCloseForm, service=services.store_close,
                          date_field="closed_on", allowed_status=Store.Status.OPEN,
                          success=_("The store is recorded as closed."), template_title=_("Close the store"))


@official_required
@require_http_methods(["GET", "POST"])
def store_reopen(request, pk):
    return _status_change(request, pk, form_class=StoreReopenForm, service=services.store_reopen,
                          date_field="reopened_on", allowed_status=Store.Status.CLOSED,
                          success=_("The store is recorded as open again."), template_title=_("Reopen the store"))

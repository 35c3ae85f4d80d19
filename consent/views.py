"""Officials' consent pages: a district's consent list with bulk entry, one consent, a withdrawal, the
signed form's file. Scoped to the official's government (another government's district or record is a
404; merchants get 403, anonymous users the login page). Views collect input and call consent.services."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from accounts.permissions import official_required
from core import bounds
from core.errors import DomainError, TransitionError
from core.forms import add_domain_error
from privacy.decorators import Action, access_logged, note_record

from . import selectors, services
from .district_sections import section_context
from .forms import BulkConsentForm, ConsentRecordForm, WithdrawForm
from .models import ConsentRecord

RECORD_TYPE = "consent.consentrecord"


def _district(request, pk):
    return get_object_or_404(selectors.districts_of(request.user.local_government), pk=pk)


def _record(request, pk):
    return get_object_or_404(selectors.records_visible_to(request.user).select_related("district", "store"), pk=pk)


def _detail_url(district) -> str:
    return reverse("districts:district_detail", args=[district.pk]) + "#consent-status"


def _bulk_rows(request, district, counted, context, *, row_errors=None):
    """Every counted store with its current consent, and what the official typed for it."""
    current = {r.store_id: r for r in context["current"]}
    selected = {str(v) for v in request.POST.getlist("store")} if request.method == "POST" else set()
    row_errors = row_errors or {}
    rows = []
    for store in selectors.stores_of(district, counted):
        rows.append({
            "store": store, "record": current.get(store.pk),
            "selected": str(store.pk) in selected,
            "signer_name": request.POST.get(f"signer_name-{store.pk}", "") if request.method == "POST" else "",
            "signer_role": request.POST.get(f"signer_role-{store.pk}", ConsentRecord.Role.OWNER)
            if request.method == "POST" else ConsentRecord.Role.OWNER,
            "error": row_errors.get(store.pk, ""),
        })
    return rows


@official_required
@access_logged(Action.VIEW, RECORD_TYPE, methods=("GET",))
@access_logged(Action.CHANGE, RECORD_TYPE, methods=("POST",))
def district_consents(request, pk):
    """The district's stores with their consent; the official ticks several and records them at once."""
    district = _district(request, pk)
    note_record(request, district, label=district.name)
    form = BulkConsentForm(request.POST or None)
    row_errors = {}
    if request.method == "POST" and form.is_valid():
        rows = [services.BulkRow(store_id=store_id, signer_name=request.POST.get(f"signer_name-{store_id}", ""),
                                 signer_role=request.POST.get(f"signer_role-{store_id}", ConsentRecord.Role.OWNER))
                for value in request.POST.getlist("store") if (store_id := bounds.parse_int(value)) is not None]
        try:
            records = services.consent_record_many(
                official=request.user, district_id=district.pk, rows=rows,
                signed_on=form.cleaned_data["signed_on"], method=form.cleaned_data["method"])
        except services.BulkError as exc:
            row_errors = exc.errors
            form.add_error(None, str(exc))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, ngettext("The consent of %(count)d store is recorded.",
                                               "The consents of %(count)d stores are recorded.", len(records))
                             % {"count": len(records)})
            return redirect("consent:district", pk=district.pk)
    context = section_context(district, user=request.user)
    counted = selectors.counted_store_ids(district)
    rows = _bulk_rows(request, district, counted, context, row_errors=row_errors)
    return render(request, "consent/district_consents.html", {
        **context, "form": form, "rows": rows, "roles": ConsentRecord.Role.choices,
        "selectable": sum(1 for row in rows if row["record"] is None),
    }, status=400 if form.errors else 200)


@official_required
@access_logged(Action.CHANGE, RECORD_TYPE, methods=("POST",))
def record_create(request, pk):
    """Record one store's consent: choose the store, the signer, the date, how; optionally the scan."""
    district = _district(request, pk)
    counted = selectors.counted_store_ids(district)
    taken = set(ConsentRecord.objects.filter(district=district, status=ConsentRecord.Status.CURRENT)
                .values_list("store_id", flat=True))
    stores = [s for s in selectors.stores_of(district, counted) if s.pk not in taken]
    initial = {}
    if (store_id := bounds.parse_int(request.GET.get("store"))) is not None:
        initial["store"] = store_id
    form = ConsentRecordForm(request.POST or None, request.FILES or None, stores=stores, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.consent_record(
                official=request.user, district_id=district.pk, store_id=data["store"],
                signer_name=data["signer_name"], signer_role=data["signer_role"], signed_on=data["signed_on"],
                method=data["method"], uploaded_file=data.get("file"))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            note_record(request, record, label=record.store.name)
            messages.success(request, _("The consent of %(store)s is recorded.") % {"store": record.store.name})
            return redirect(_detail_url(district))
    return render(request, "consent/record_form.html", {
        "district": district, "form": form, "store_count": len(stores),
        "revoked": district.status == district.Status.REVOKED,
    }, status=400 if form.errors else 200)


@official_required
@access_logged(Action.VIEW, RECORD_TYPE, id_kwarg="pk", methods=("GET",))
@access_logged(Action.CHANGE, RECORD_TYPE, id_kwarg="pk", methods=("POST",))
def record_withdraw(request, pk):
    """Withdraw a consent (the merchant took it back): reason and date; the record stays, withdrawn."""
    record = _record(request, pk)
    note_record(request, record, label=record.store.name)
    if not record.is_current and request.method == "GET":
        messages.info(request, _("This consent was already withdrawn."))
        return redirect(_detail_url(record.district))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(official=request.user, record_id=record.pk, reason=form.cleaned_data["reason"],
                                      withdrawn_on=form.cleaned_data["withdrawn_on"])
        except TransitionError as exc:
            messages.info(request, str(exc))
            return redirect(_detail_url(record.district))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The consent of %(store)s is withdrawn; the record stays in the history.")
                             % {"store": record.store.name})
            return redirect(_detail_url(record.district))
    return render(request, "consent/withdraw_form.html", {"record": record, "district": record.district,
                                                          "form": form}, status=400 if form.errors else 200)


@never_cache
@official_required
@access_logged(Action.DOWNLOAD, RECORD_TYPE, id_kwarg="pk")
def record_file(request, pk):
    """The signed form's scan, for officials of the district's government only; 404 for anyone else."""
    record = get_object_or_404(selectors.records_visible_to(request.user).exclude(file=""), pk=pk)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This consent has no file.")) from None
    response = FileResponse(handle, content_type=record.file_content_type or "application/octet-stream",
                            as_attachment=False, filename=record.file_name or record.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response

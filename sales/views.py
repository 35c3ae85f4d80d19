"""Monthly sales pages: merchants report and correct their stores' months; officials import a CSV."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import merchant_required, official_required
from core.errors import ConflictError, DomainError
from core.exports import attachment_response
from core.forms import add_domain_error
from core.months import add_months, current_month, month_key, parse_month
from merchants.models import Store
from merchants.views.imports import job_action_page

from .forms import SalesImportForm, SalesReportForm
from .models import SalesImport, SalesReport
from .services import (
    sales_import_cancel,
    sales_import_retry,
    sales_import_start,
    sales_report_save,
    version_of,
)

RECENT_MONTHS = 12


def own_stores(user):
    return Store.objects.filter(owner__user=user).select_related("industry", "dong")


@merchant_required
def my_sales(request):
    """The merchant's stores with their last twelve reported months."""
    since = add_months(current_month(), -RECENT_MONTHS)
    stores = own_stores(request.user).order_by("name", "pk").prefetch_related(
        Prefetch("sales_reports", queryset=SalesReport.objects.filter(month__gte=since).order_by("-month"),
                 to_attr="recent_reports"))
    return render(request, "sales/my_sales.html", {
        "stores": stores, "default_month": month_key(add_months(current_month(), -1)),
    })


@merchant_required
def report(request, store_id):
    """Report a month's sales for one of the merchant's stores, or correct a month already reported."""
    store = get_object_or_404(own_stores(request.user), pk=store_id)
    if request.method == "POST":
        form = SalesReportForm(request.POST, store=store)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sales_report_save(store_id=store.pk, month=data["month"], total_won=data["total_won"],
                                  onnuri_won=data["onnuri_won"], transactions=data["transactions"],
                                  actor=request.user, reason=data["reason"], expected_version=data["version"] or "")
            except ConflictError as exc:
                current = SalesReport.objects.filter(store=store, month=data["month"]).first()
                form.add_error(None, exc.message)
                # Keep what the user typed; the new version lets a second save apply it on purpose.
                form.data = form.data.copy()
                form.data["version"] = version_of(current)
                return render(request, "sales/report_form.html",
                              {"store": store, "form": form, "current": current, "month": data["month"]})
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The sales of %(month)s for %(store)s are saved.")
                                 % {"month": data["month"].strftime("%Y-%m"), "store": store})
                return redirect("sales:my_sales")
        month = form.cleaned_data.get("month") if hasattr(form, "cleaned_data") else None
        current = SalesReport.objects.filter(store=store, month=month).first() if month else None
        return render(request, "sales/report_form.html",
                      {"store": store, "form": form, "current": current, "month": month})

    try:
        month = parse_month(request.GET.get("month") or add_months(current_month(), -1))
    except DomainError:
        month = add_months(current_month(), -1)
    current = SalesReport.objects.filter(store=store, month=month).first()
    initial = {"month": month, "version": version_of(current)}
    if current:
        initial.update(total_won=current.total_won, onnuri_won=current.onnuri_won, transactions=current.transactions)
    form = SalesReportForm(initial=initial, store=store)
    return render(request, "sales/report_form.html",
                  {"store": store, "form": form, "current": current, "month": month})


def government_imports(user):
    return SalesImport.objects.filter(local_government=user.local_government).select_related("uploaded_by")


@official_required
def import_upload(request):
    """Upload a sales CSV; the import runs in the background."""
    if request.method == "POST":
        form = SalesImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = sales_import_start(local_government=request.user.local_government, uploaded_by=request.user,
                                         filename=upload.name, content=upload.read())
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("sales:import_detail", pk=job.pk)
    else:
        form = SalesImportForm()
    recent = government_imports(request.user).defer("content", "error_csv")[:10]
    return render(request, "sales/import.html", {"form": form, "imports": recent})


@official_required
def import_detail(request, pk):
    job = get_object_or_404(government_imports(request.user).defer("content"), pk=pk)
    return render(request, "sales/import_detail.html",
                  {"job": job, "history": job.history.select_related("actor")})


def _job_action(request, pk, *, allowed_by: str, **kwargs):
    """Cancel or retry a sales import: the store imports' confirmation page, for this job."""
    job = get_object_or_404(government_imports(request.user).defer("content", "error_csv"), pk=pk)
    already = _("This import is “%(status)s”, so that is not possible now.") % {"status": job.get_status_display()}
    return job_action_page(request, job, allowed=getattr(job, allowed_by), already=already,
                           detail_url=reverse("sales:import_detail", args=[job.pk]),
                           template="sales/import_confirm.html", **kwargs)


@official_required
@require_http_methods(["GET", "POST"])
def import_cancel(request, pk):
    return _job_action(
        request, pk, service=sales_import_cancel, allowed_by="can_cancel", title=_("Cancel the import"),
        lead=_("A running import stops at the end of the batch it is writing; the rows written so far stay. "
               "The cancellation is recorded with your name and reason."),
        success=_("The import is cancelled."))


@official_required
@require_http_methods(["GET", "POST"])
def import_retry(request, pk):
    return _job_action(
        request, pk, service=sales_import_retry, allowed_by="can_retry", title=_("Import the file again"),
        lead=_("The stored file is imported again from the first line. Rows already imported are compared and "
               "not written twice. The retry is recorded with your name and reason."),
        success=_("The import is queued again; it runs in the background."))


@official_required
def import_status(request, pk):
    """Progress and summary as JSON, polled by the import page."""
    job = get_object_or_404(government_imports(request.user).defer("content", "error_csv"), pk=pk)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "percent": job.progress_percent,
        "processed": job.processed_rows, "total": job.total_rows, "created": job.created_count,
        "updated": job.updated_count, "unchanged": job.unchanged_count, "rejected": job.rejected_count,
        "message": job.message, "finished": job.is_finished,
    })


@official_required
def import_errors(request, pk):
    """The rejected rows as a CSV with a BOM, so Excel opens the Korean text correctly."""
    job = get_object_or_404(government_imports(request.user).defer("content"), pk=pk)
    return attachment_response(("\ufeff" + job.error_csv).encode("utf-8"), content_type="text/csv; charset=utf-8",
                               filename=f"sales-import-{job.pk}-rejected.csv")


@official_required
def import_template(request):
    """An example file with the expected header, as Excel opens it (UTF-8 with BOM)."""
    example = add_months(current_month(), -1).strftime("%Y-%m")
    body = ("상가업소번호,사업자등록번호,월,매출액,온누리매출,거래건수\r\n"
            f"MA0101202210000001,,{example},30000000,3000000,1200\r\n"
            f",120-81-47521,{example},18500000,0,640\r\n")
    return attachment_response(("\ufeff" + body).encode("utf-8"), content_type="text/csv; charset=utf-8",
                               filename="sales-import-template.csv")

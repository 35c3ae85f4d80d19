"""Officials' store-file imports: upload, progress (with a JSON status), summary, report downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import official_required
from core.errors import DomainError
from core.forms import add_domain_error
from privacy.decorators import Action, access_logged

from .. import selectors, services
from ..forms import ImportActionForm, StoreImportForm
from ..models import StoreImport


def _official_import(request, pk) -> StoreImport:
    return get_object_or_404(selectors.imports_of(request.user.local_government), pk=pk)


@official_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = StoreImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.store_import_create(
            official=request.user, uploaded_file=form.cleaned_data["file"],
            file_format=form.cleaned_data["file_format"], snapshot_date=form.cleaned_data["snapshot_date"])
        messages.success(request, _("The file is uploaded; the import runs in the background."))
        return redirect("merchants:import_detail", pk=job.pk)
    return render(request, "merchants/import_list.html", {
        "form": form,
        "imports": selectors.imports_of(request.user.local_government)[:30],
    }, status=400 if request.method == "POST" else 200)


@official_required
def import_detail(request, pk):
    job = _official_import(request, pk)
    return render(request, "merchants/import_detail.html", {
        "job": job,
        "history": job.history.select_related("actor"),
        "outside_areas": sorted(job.outside_by_area.items(), key=lambda item: -item[1]),
        "status_url": reverse("merchants:import_status", args=[job.pk]),
    })


@official_required
@require_GET
@never_cache
def import_status(request, pk):
    """Small JSON the import page polls while the job runs."""
    job = _official_import(request, pk)
    return JsonResponse({
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.is_finished,
        "progress": job.progress_percent,
        "rows_read": job.rows_read,
        "counts": {name: getattr(job, f"{name}_count") for name in
                   ("created", "updated", "unchanged", "closed", "reopened", "outside", "rejected", "unassigned")},
        "error": job.error_message,
    })


@official_required
@access_logged(Action.DOWNLOAD, "merchants.storeimport", id_kwarg="pk")
def import_report(request, pk, kind):
    """The rejected rows or the other-government rows of an import, as CSV (officials of that government)."""
    job = _official_import(request, pk)
    field = {"rejected": job.error_csv, "outside": job.outside_csv}.get(kind)
    if not field:
        raise Http404(_("This import has no such report."))
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("The report file is no longer available.")) from None
    stem = job.original_name.rsplit(".", 1)[0] or "import"
    return FileResponse(handle, as_attachment=True, filename=f"{stem}-{kind}.csv",
                        content_type="text/csv; charset=utf-8")



def job_action_page(request, job, *, service, allowed: bool, already: str, title: str, lead: str, success: str,
                    detail_url: str, template: str):
    """Confirmation page (GET) and the action (POST) for cancelling or retrying an import job (stores or sales)."""
    if request.method == "GET" and not allowed:
        messages.info(request, already)
        return redirect(detail_url)
    form = ImportActionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                service(import_id=job.pk, official=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 409
            else:
                messages.success(request, success)
                return redirect(detail_url)
    return render(request, template, {"job": job, "form": form, "title": title, "lead": lead}, status=status)


def _job_action(request, job, **kwargs):
    return job_action_page(request, job, detail_url=reverse("merchants:import_detail", args=[job.pk]),
                           template="merchants/import_confirm.html", **kwargs)


@official_required
@require_http_methods(["GET", "POST"])
def import_cancel(request, pk):
    job = _official_import(request, pk)
    return _job_action(
        request, job, service=services.store_import_cancel, allowed=job.can_cancel,
        title=_("Cancel the import"),
        lead=_("A running import stops at the end of the batch it is writing; the rows written so far stay. "
               "The cancellation is recorded with your name and reason."),
        success=_("The import is cancelled."),
        already=_("This import has already ended (%(status)s).") % {"status": job.get_status_display()})


@official_required
@require_http_methods(["GET", "POST"])
def import_retry(request, pk):
    job = _official_import(request, pk)
    return _job_action(
        request, job, service=services.store_import_retry, allowed=job.can_retry,
        title=_("Import the file again"),
        lead=_("The stored file is imported again from the first line. Rows already imported are compared and "
               "not written twice. The retry is recorded with your name and reason."),
        success=_("The import is queued again; it runs in the background."),
        already=_("Only a failed or cancelled import can be started again."))

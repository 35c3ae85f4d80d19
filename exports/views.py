"""The export entry every list uses (`export_response`), and the pages of a background export:
progress (with a JSON status the page polls; a plain reload link without JS) and the download."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.exports import attachment_response
from privacy.decorators import Action, access_logged, note_record

from . import registry, selectors, services


def export_response(request, name: str, *, kwargs: dict | None = None):
    """The file at once for a small export; for a big one, a job and a redirect to its progress page.

    The list's filters are the query string, as on the list page; the reason comes from
    `export_reason_required` (which logs the export with the row count set here)."""
    context = services.context_for(user=request.user, name=name, params=request.GET, kwargs=kwargs)
    rows, job = services.export_decide(context=context, name=name, reason=getattr(request, "export_reason", ""))
    request.export_rows = rows
    if job is not None:
        return redirect("exports:job", job_id=job.pk)
    stream = io.BytesIO()  # a small file by definition (at most EXPORT_INLINE_MAX_ROWS rows)
    services.export_write(context=context, name=name, stream=stream)
    export = registry.get(name)
    return attachment_response(stream.getvalue(), filename=export.filename(context), content_type=export.content_type)


def _status(job) -> dict:
    return {
        "id": str(job.pk), "status": job.status, "status_label": str(job.get_status_display()),
        "finished": job.is_finished, "progress": job.progress_percent, "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "download_url": job.download_url if job.status == job.Status.DONE else None,
    }


@login_required
@require_GET
@never_cache
def job_detail(request, job_id):
    job = selectors.job_for(request.user, job_id)
    return render(request, "exports/job.html", {"job": job, "status": _status(job)})


@login_required
@require_GET
@never_cache
def job_status(request, job_id):
    """Small JSON the progress page polls while the file is written."""
    return JsonResponse(_status(selectors.job_for(request.user, job_id)))


@login_required
@require_GET
@access_logged(Action.DOWNLOAD, "exports.exportjob", id_kwarg="job_id")
def job_download(request, job_id):
    job = selectors.job_for(request.user, job_id)
    if job.status != job.Status.DONE or not job.file:
        raise Http404(_("This export has no file (not finished yet, or expired)."))
    note_record(request, job, label=job.filename)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this export is gone.")) from exc
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)

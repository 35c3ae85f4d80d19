"""Exports: small ones at once, big ones as a background job (queued through the outbox).

- `export_decide(...)`: count the rows; at most EXPORT_INLINE_MAX_ROWS -> None (the view writes the
  file at once), more -> an `ExportJob`, queued in the same transaction as its outbox row, so the
  request never depends on Redis. A job already waiting or running for the same user, export and
  filters is returned instead of a second one (a repeated click).
- `export_job_run(job_id)` (the worker): rebuilds the list from the stored filters, streams the
  file to a temporary file, stores it privately and marks the job done with its expiry.
- `export_jobs_expire()` (beat): deletes the files of jobs past their expiry.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from core import outbox

from . import registry
from .models import ExportJob

logger = logging.getLogger(__name__)

Status = ExportJob.Status
RUN_TASK = "exports.run_job"


def context_for(*, user, name: str, params: QueryDict | str, kwargs: dict | None = None,
                government=None) -> registry.ExportContext:
    if isinstance(params, str):
        params = QueryDict(params)
    return registry.ExportContext(user=user, government=government or getattr(user, "local_government", None),
                                  params=params, kwargs=dict(kwargs or {}))


def _dedupe_key(*, user, government, name: str, params: str, kwargs: dict) -> str:
    text = json.dumps([user.pk, getattr(government, "pk", None), name, params, kwargs], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def export_queue(*, context: registry.ExportContext, name: str, reason: str = "", rows: int = 0) -> ExportJob:
    """Queue a background export (or return the same request's job that is still waiting or running)."""
    params = context.params.urlencode()
    key = _dedupe_key(user=context.user, government=context.government, name=name, params=params,
                      kwargs=context.kwargs)
    with transaction.atomic():
        running = ExportJob.objects.filter(dedupe_key=key, status__in=ExportJob.ACTIVE).first()
        if running is not None:
            return running
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin must not spoil the transaction
                job = ExportJob.objects.create(
                    name=name, params=params, kwargs=context.kwargs, dedupe_key=key, rows_total=rows,
                    requested_by=context.user, local_government=context.government, reason=reason[:500])
        except IntegrityError:  # the same request queued in parallel: join it
            return ExportJob.objects.get(dedupe_key=key, status__in=ExportJob.ACTIVE)
        outbox.enqueue(RUN_TASK, str(job.pk), dedupe_key=f"export:{job.pk}")
    return job


def export_decide(*, context: registry.ExportContext, name: str, reason: str = "") -> tuple[int, ExportJob | None]:
    """(rows, None) for an export small enough to write in the request; (rows, job) otherwise."""
    export = registry.get(name)
    rows = export.count(context)
    if rows <= settings.EXPORT_INLINE_MAX_ROWS:
        return rows, None
    return rows, export_queue(context=context, name=name, reason=reason, rows=rows)


def export_write(*, context: registry.ExportContext, name: str, stream, progress=None) -> int:
    """Write the export to a binary stream; return its rows."""
    return registry.get(name).write(context, stream, progress or (lambda _done: None))


def _user_context(job: ExportJob) -> registry.ExportContext:
    user = get_user_model().objects.get(pk=job.requested_by_id)
    government = job.local_government
    if government is not None and user.is_superuser and user.local_government_id != government.pk:
        user.act_as_official_of(government)  # an administrator who asked while acting for that government
    return context_for(user=user, name=job.name, params=job.params, kwargs=job.kwargs, government=government)


def export_job_run(job_id: str) -> ExportJob | None:
    """Write one job's file (the worker). Runs a job once: a finished job is left alone."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status__in=ExportJob.ACTIVE).update(
        status=Status.RUNNING, started_at=now, rows_done=0, error="")
    if not claimed:
        logger.info("Export job %s is finished or gone; skipped.", job_id)
        return None
    job = ExportJob.objects.select_related("local_government").get(pk=job_id)
    export = registry.get(job.name)
    step = max(1, settings.EXPORT_PROGRESS_EVERY_ROWS)

    def progress(done: int) -> None:
        if done % step == 0:
            ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(rows_done=done)

    try:
        context = _user_context(job)
        with tempfile.TemporaryFile() as stream:
            rows = export.write(context, stream, progress)
            stream.seek(0)
            filename = export.filename(context)
            job.file.save(filename, File(stream), save=False)
    except Exception as exc:
        logger.exception("Export job %s failed.", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(status=Status.FAILED, finished_at=timezone.now(),
                                                   error=repr(exc)[:2000])
        return None
    finished = timezone.now()
    updated = ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.DONE, file=job.file.name, filename=filename, content_type=export.content_type,
        rows_done=rows, rows_total=rows, finished_at=finished,
        expires_at=finished + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS))
    if not updated:  # expired or removed meanwhile: do not leave the file behind
        job.file.delete(save=False)
    job.refresh_from_db()
    return job


def export_jobs_expire(*, now=None) -> int:
    """Delete the files of finished jobs past their expiry (the rows stay, marked expired). Idempotent."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=Status.DONE, expires_at__lt=now):
        if job.file:
            job.file.delete(save=False)
        expired += ExportJob.objects.filter(pk=job.pk, status=Status.DONE).update(status=Status.EXPIRED, file="")
    # Jobs stuck unfinished for a day (the outbox gave up) also stop blocking a new request.
    stale = now - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    ExportJob.objects.filter(status__in=ExportJob.ACTIVE, created_at__lt=stale).update(
        status=Status.FAILED, finished_at=now, error="not finished in time")
    return expired

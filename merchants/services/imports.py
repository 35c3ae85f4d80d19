"""Store import jobs: an official's upload (or the command) becomes a StoreImport run by a Celery task."""

from __future__ import annotations

import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox
from core.errors import DomainError, TransitionError
from core.signals import announce_records_changed

from ..importers import import_stores
from ..models import StoreImport, StoreImportEvent

logger = logging.getLogger(__name__)


class ImportStopped(Exception):
    """The job was cancelled, or another run took it over: this run stops at its batch boundary."""


def _stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def _is_stale(job: StoreImport, now: datetime.datetime) -> bool:
    """Running, but no sign of life for IMPORT_STALE_SECONDS: its worker died (kill -9, OOM, restart)."""
    last_sign = job.heartbeat_at or job.started_at
    return job.status == StoreImport.Status.RUNNING and (last_sign is None or last_sign < _stale_before(now))


def store_import_create(*, official, uploaded_file, file_format: str = "auto",
                        snapshot_date: datetime.date | None = None) -> StoreImport:
    """Save the upload and queue its import (the task starts after the transaction commits)."""
    ensure_official_of(official, official.local_government_id)
    job = StoreImport(local_government_id=official.local_government_id, uploaded_by=official,
                      original_name=Path(uploaded_file.name).name[:255], requested_format=file_format,
                      snapshot_date=snapshot_date, bytes_total=uploaded_file.size or 0)
    job.file.save(f"{uuid.uuid4().hex}.csv", uploaded_file, save=False)
    job.save()
    enqueue(job.pk)
    return job


def enqueue(import_id: int) -> None:
    outbox.enqueue("merchants.run_store_import", import_id)


def _relative_to_media(path: Path | None) -> str:
    if path is None:
        return ""
    return str(Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()))


def store_import_run(*, import_id: int, path=None, progress=None) -> StoreImport:
    """Run a job: QUEUED (or RUNNING with a dead worker) -> RUNNING -> DONE / FAILED.

    A finished, cancelled or live running job is left as it is, so a redelivered or repeated
    task changes nothing. A re-run starts from the first line; rows already written compare
    equal and are not written again (upsert by source and store number).
    """
    now = timezone.now()
    with transaction.atomic():
        job = StoreImport.objects.select_for_update().select_related("local_government").get(pk=import_id)
        if _is_stale(job, now):
            _record(job, StoreImportEvent.Kind.RECOVERED, to_status=StoreImport.Status.RUNNING,
                    reason=_dead_worker_reason(job))
        elif job.status != StoreImport.Status.QUEUED:
            return job
        if job.attempts >= settings.IMPORT_MAX_ATTEMPTS:
            return _abandon(job, now)
        busy = (StoreImport.objects.filter(local_government_id=job.local_government_id,
                                           status=StoreImport.Status.RUNNING, heartbeat_at__gte=_stale_before(now))
                .exclude(pk=job.pk).exists())
        if busy:
            job.status, job.finished_at = StoreImport.Status.FAILED, now
            job.error_message = _("Another import of this local government is running. Upload the file again "
                                  "when it has finished.")
            job.save(update_fields=["status", "finished_at", "error_message"])
            return job
        job.status, job.started_at, job.heartbeat_at, job.finished_at = StoreImport.Status.RUNNING, now, now, None
        job.attempts += 1
        job.rows_read = job.bytes_read = 0
        job.error_message = ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "finished_at", "attempts", "rows_read",
                                "bytes_read", "error_message"])
    run_started = job.started_at  # this run owns the job while the job's started_at is this

    def on_progress(rows: int, bytes_read: int, bytes_total: int) -> None:
        alive = (StoreImport.objects.filter(pk=job.pk, status=StoreImport.Status.RUNNING, started_at=run_started)
                 .update(rows_read=rows, bytes_read=bytes_read, bytes_total=bytes_total,
                         heartbeat_at=timezone.now()))
        if not alive:
            raise ImportStopped
        if progress:
            progress(rows, bytes_read, bytes_total)

    source = Path(path) if path else Path(job.file.path)
    try:
        result = import_stores(source, local_government=job.local_government, file_format=job.requested_format,
                               snapshot_date=job.snapshot_date, actor=job.uploaded_by, store_import=job,
                               progress=on_progress)
    except ImportStopped:
        logger.info("store import %s stopped at a batch boundary (cancelled or taken over)", job.pk)
        job.refresh_from_db()
        return job
    except DomainError as exc:
        return _finish(job, run_started, error=str(exc))
    except Exception:  # noqa: BLE001 - the job must not stay "running"; the log has the traceback
        logger.exception("store import %s failed", job.pk)
        return _finish(job, run_started, error=_("The import stopped on an unexpected error. The rows read so far "
                                                 "are saved; importing the file again is safe."))
    job.detected_format, job.encoding = result.format, result.encoding
    job.rows_read, job.bytes_read, job.bytes_total = result.rows_read, result.bytes_read, result.bytes_total
    for name in ("created", "updated", "unchanged", "closed", "reopened", "outside", "rejected", "unassigned"):
        setattr(job, f"{name}_count", getattr(result, name))
    job.categories_created = result.categories_created
    job.outside_by_area = dict(result.outside_by_area.most_common())
    job.notes = [str(note) for note in result.notes]
    job.error_csv.name = _relative_to_media(result.error_csv)
    job.outside_csv.name = _relative_to_media(result.outside_csv)
    stores_imported(local_government_id=job.local_government_id, result=result)
    return _finish(job, run_started)


def stores_imported(*, local_government_id: int, result) -> None:
    """After an import that changed stores: new and moved stores join their districts now
    (not at the nightly run) and the dashboard's metrics are recomputed (coalesced)."""
    if not (result.created or result.updated or result.closed or result.reopened):
        return
    from districts.services import districts_reassign_stores

    with transaction.atomic():
        districts_reassign_stores(local_government=local_government_id)
        announce_records_changed(local_government_id=local_government_id, since=None)


def _finish(job: StoreImport, run_started, *, error: str = "") -> StoreImport:
    """Record the outcome, unless the job was cancelled or taken over by another run meanwhile."""
    with transaction.atomic():
        current = StoreImport.objects.select_for_update().get(pk=job.pk)
        if current.status != StoreImport.Status.RUNNING or current.started_at != run_started:
            return current
        job.status = StoreImport.Status.FAILED if error else StoreImport.Status.DONE
        job.error_message = error
        job.finished_at = job.heartbeat_at = timezone.now()
        job.save()
    return job


@translation.override(settings.LANGUAGE_CODE)  # stored on the job: in the site's language, whoever runs it
def _dead_worker_reason(job: StoreImport) -> str:
    last_sign = job.heartbeat_at or job.started_at
    return (_("No sign of life from the worker since %(time)s (%(rows)s rows read): it stopped, so the import "
              "starts again from the first line.")
            % {"time": timezone.localtime(last_sign).strftime("%Y-%m-%d %H:%M:%S") if last_sign else "-",
               "rows": f"{job.rows_read:,}"})


def _record(job: StoreImport, kind: str, *, to_status: str, actor=None, reason: str = "") -> None:
    StoreImportEvent.objects.create(store_import=job, kind=kind, from_status=job.status, to_status=to_status,
                                    actor=actor, reason=reason)


def _abandon(job: StoreImport, now: datetime.datetime) -> StoreImport:
    with translation.override(settings.LANGUAGE_CODE):
        reason = (_("The import stopped %(count)d times without finishing (its worker died each time), so it is "
                    "not started again. Check the file and the worker's memory, then import again.")
                  % {"count": job.attempts})
    _record(job, StoreImportEvent.Kind.ABANDONED, to_status=StoreImport.Status.FAILED, reason=reason)
    job.status, job.finished_at, job.error_message = StoreImport.Status.FAILED, now, reason
    job.save(update_fields=["status", "finished_at", "error_message"])
    return job


def store_imports_recover() -> int:
    """Beat: take up running jobs whose worker died. Queue them again from the start (or fail them after
    IMPORT_MAX_ATTEMPTS, or when the file was the command's and is not stored). Returns how many."""
    now = timezone.now()
    cutoff = _stale_before(now)
    candidates = list(StoreImport.objects.filter(status=StoreImport.Status.RUNNING)
                      .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
                      .values_list("pk", flat=True))
    recovered = 0
    for import_id in candidates:
        with transaction.atomic():
            job = StoreImport.objects.select_for_update().get(pk=import_id)
            if not _is_stale(job, now):  # it beat meanwhile, or another recovery took it
                continue
            recovered += 1
            if job.attempts >= settings.IMPORT_MAX_ATTEMPTS:
                _abandon(job, now)
            elif not job.file:
                with translation.override(settings.LANGUAGE_CODE):
                        reason = _("The import command stopped before it finished. Run the command again; rows "
                               "already imported are not written twice.")
                _record(job, StoreImportEvent.Kind.ABANDONED, to_status=StoreImport.Status.FAILED, reason=reason)
                job.status, job.finished_at, job.error_message = StoreImport.Status.FAILED, now, reason
                job.save(update_fields=["status", "finished_at", "error_message"])
            else:
                _record(job, StoreImportEvent.Kind.RECOVERED, to_status=StoreImport.Status.QUEUED,
                        reason=_dead_worker_reason(job))
                job.status = StoreImport.Status.QUEUED
                job.save(update_fields=["status"])
                enqueue(job.pk)
    if recovered:
        logger.warning("store imports: %d job(s) without a live worker taken up again or given up", recovered)
    return recovered


def store_import_cancel(*, import_id: int, official, reason: str) -> StoreImport:
    """Cancel a waiting or running job. A running one stops at its next batch boundary; the batches
    already written stay (each is a whole transaction). Cancelling a cancelled job changes nothing."""
    with transaction.atomic():
        job = StoreImport.objects.select_for_update().get(pk=import_id)
        ensure_official_of(official, job.local_government_id)
        if job.status == StoreImport.Status.CANCELLED:
            return job
        if not job.can_cancel:
            raise TransitionError(_("Only a waiting or running import can be cancelled; this one has ended."))
        _record(job, StoreImportEvent.Kind.CANCELLED, to_status=StoreImport.Status.CANCELLED, actor=official,
                reason=reason)
        job.status, job.finished_at = StoreImport.Status.CANCELLED, timezone.now()
        job.save(update_fields=["status", "finished_at"])
    return job


def store_import_retry(*, import_id: int, official, reason: str) -> StoreImport:
    """Queue a failed or cancelled job again, from the first line, with a fresh count of attempts.
    Retrying a job that is already waiting changes nothing."""
    with transaction.atomic():
        job = StoreImport.objects.select_for_update().get(pk=import_id)
        ensure_official_of(official, job.local_government_id)
        if job.status == StoreImport.Status.QUEUED:
            return job
        if not job.file:
            raise TransitionError(_("This import ran from the command line and its file is not stored here; run "
                                    "the command again."))
        if not job.can_retry:
            raise TransitionError(_("Only a failed or cancelled import can be started again."))
        _record(job, StoreImportEvent.Kind.RETRIED, to_status=StoreImport.Status.QUEUED, actor=official,
                reason=reason)
        job.status, job.attempts, job.finished_at, job.error_message = StoreImport.Status.QUEUED, 0, None, ""
        job.rows_read = job.bytes_read = 0
        job.save(update_fields=["status", "attempts", "finished_at", "error_message", "rows_read", "bytes_read"])
        enqueue(job.pk)
    return job

"""Store import jobs: an official's upload (or the command) becomes a StoreImport run by a Celery task."""

from __future__ import annotations

import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox
from core.errors import DomainError
from core.signals import announce_records_changed

from ..importers import import_stores
from ..models import StoreImport

logger = logging.getLogger(__name__)

# A job still "running" after the task time limit died with its worker.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800))


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
    """Run a queued job once: QUEUED -> RUNNING -> DONE / FAILED. A second call changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        job = StoreImport.objects.select_for_update().select_related("local_government").get(pk=import_id)
        if job.status != StoreImport.Status.QUEUED:
            return job
        busy = (StoreImport.objects.filter(local_government_id=job.local_government_id,
                                           status=StoreImport.Status.RUNNING, started_at__gte=now - STALE_AFTER)
                .exclude(pk=job.pk).exists())
        if busy:
            job.status, job.finished_at = StoreImport.Status.FAILED, now
            job.error_message = _("Another import of this local government is running. Upload the file again "
                                  "when it has finished.")
            job.save(update_fields=["status", "finished_at", "error_message"])
            return job
        job.status, job.started_at = StoreImport.Status.RUNNING, now
        job.save(update_fields=["status", "started_at"])

    def on_progress(rows: int, bytes_read: int, bytes_total: int) -> None:
        StoreImport.objects.filter(pk=job.pk).update(rows_read=rows, bytes_read=bytes_read, bytes_total=bytes_total)
        if progress:
            progress(rows, bytes_read, bytes_total)

    source = Path(path) if path else Path(job.file.path)
    try:
        result = import_stores(source, local_government=job.local_government, file_format=job.requested_format,
                               snapshot_date=job.snapshot_date, actor=job.uploaded_by, store_import=job,
                               progress=on_progress)
    except DomainError as exc:
        return _finish(job, error=str(exc))
    except Exception:  # noqa: BLE001 - the job must not stay "running"; the log has the traceback
        logger.exception("store import %s failed", job.pk)
        return _finish(job, error=_("The import stopped on an unexpected error. The rows read so far are saved; "
                                    "importing the file again is safe."))
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
    return _finish(job)


def stores_imported(*, local_government_id: int, result) -> None:
    """After an import that changed stores: new and moved stores join their districts now
    (not at the nightly run) and the dashboard's metrics are recomputed (coalesced)."""
    if not (result.created or result.updated or result.closed or result.reopened):
        return
    from districts.services import districts_reassign_stores

    with transaction.atomic():
        districts_reassign_stores(local_government=local_government_id)
        announce_records_changed(local_government_id=local_government_id, since=None)


def _finish(job: StoreImport, *, error: str = "") -> StoreImport:
    job.status = StoreImport.Status.FAILED if error else StoreImport.Status.DONE
    job.error_message = error
    job.finished_at = timezone.now()
    job.save()
    return job

"""Monthly sales: the one guarded service that reports or corrects a month, and starting an import.

Rules (one place, used by the merchant's form, the import and the API):
amounts are whole won and not negative; Onnuri takings are at most the total;
the month is not in the future nor after the store closed. A change of a month
already reported is recorded as a SalesRevision (before, after, who, why).
After commit the dashboard is asked to re-aggregate the months that use these
sales (the month, the next month's MoM, the YoY a year later).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import bounds, outbox
from core.errors import ConflictError, DomainError, TransitionError
from core.korean import particles
from core.months import current_month, month_key, parse_month
from core.signals import announce_sales_changed
from merchants.models import Store

from .models import SalesImport, SalesImportEvent, SalesReport, SalesRevision

MAX_WON = 10**14  # a sanity bound far above any store's monthly sales


@dataclass(frozen=True)
class SalesFigures:
    total_won: int
    onnuri_won: int
    transactions: int

    @classmethod
    def of(cls, report: SalesReport) -> SalesFigures:
        return cls(report.total_won, report.onnuri_won, report.transactions)


def figure_errors(*, month: datetime.date, total_won: int, onnuri_won: int, transactions: int,
                  store: Store | None = None) -> list[tuple[str, str]]:
    """[(field, Korean message)] for every rule the figures break; empty when they are fine."""
    errors = []
    for field, value, label in (("total_won", total_won, _("Total sales")),
                                ("onnuri_won", onnuri_won, _("Onnuri takings")),
                                ("transactions", transactions, _("Transactions"))):
        if value < 0:
            errors.append((field, _("%(field)s%(field_neun)s cannot be negative.")
                           % particles({"field": label}, field="은/는")))
        elif value > (bounds.MAX_INTEGER if field == "transactions" else MAX_WON):  # transactions: an integer column
            errors.append((field, _("%(field)s%(field_ga)s is too large; check the number of digits.")
                           % particles({"field": label}, field="이/가")))
    if 0 <= total_won < onnuri_won:
        errors.append(("onnuri_won", _("Onnuri takings (%(onnuri)s won) cannot exceed total sales (%(total)s won).")
                       % {"onnuri": f"{onnuri_won:,}", "total": f"{total_won:,}"}))
    if month > current_month():
        errors.append(("month", _("%(month)s%(month_neun)s is in the future; report a month that has begun.")
                       % particles({"month": month_key(month)}, month="은/는")))
    elif store is not None and store.closed_on and month > store.closed_on:
        errors.append(("month", _("The store closed on %(date)s; it has no sales for %(month)s.")
                       % {"date": store.closed_on.isoformat(), "month": month_key(month)}))
    return errors


def version_of(report: SalesReport | None) -> str:
    """The optimistic-lock token of a report: its last change time ('' when not reported yet)."""
    return report.updated_at.isoformat() if report and report.updated_at else ""


def ensure_can_report(user, store: Store) -> None:
    """Merchants report for their own stores; officials for their government's stores."""
    if getattr(user, "is_official", False) and user.local_government_id == store.local_government_id:
        return
    if getattr(user, "is_merchant", False) and store.owner_id and store.owner.user_id == user.pk:
        return
    raise PermissionDenied(_("You can report sales only for your own stores."))


def sales_report_save(*, store_id: int, month, total_won: int, onnuri_won: int, transactions: int, actor,
                      reason: str = "", expected_version: str | None = None) -> SalesReport:
    """Report a month's sales for a store, or correct a month already reported.

    `expected_version` is the version the user saw ('' for a new report); if the
    month changed since, ConflictError tells them to check the current figures.
    Saving the same figures again changes nothing.
    """
    month = parse_month(month)
    figures = SalesFigures(int(total_won), int(onnuri_won), int(transactions))
    with transaction.atomic():
        store = Store.objects.select_for_update(of=("self",)).select_related("owner").get(pk=store_id)
        ensure_can_report(actor, store)
        errors = figure_errors(month=month, store=store, **asdict(figures))
        if errors:
            field, message = errors[0]
            raise DomainError(message, field=field)
        report = SalesReport.objects.select_for_update().filter(store=store, month=month).first()
        if report is not None and SalesFigures.of(report) == figures:
            return report  # the same figures again (a double submit, a repeated import): nothing to do
        if expected_version is not None and expected_version != version_of(report):
            raise ConflictError(_("The sales of %(month)s were changed by someone else while you were editing. "
                                  "The current figures are shown; check them and save again.")
                                % {"month": month_key(month)})
        source = SalesReport.Source.MERCHANT if getattr(actor, "is_merchant", False) else SalesReport.Source.IMPORT
        if report is None:
            try:
                with transaction.atomic():
                    report = SalesReport.objects.create(store=store, month=month, source=source, reported_by=actor,
                                                        **asdict(figures))
            except IntegrityError as exc:  # reported at the same moment elsewhere
                raise ConflictError(_("The sales of %(month)s were reported at the same moment elsewhere. "
                                      "Check the current figures and save again.")
                                    % {"month": month_key(month)}) from exc
            record_revision(report, before=None, after=figures, actor=actor, source=source, reason=reason)
        else:
            before = SalesFigures.of(report)
            report.total_won, report.onnuri_won, report.transactions = (
                figures.total_won, figures.onnuri_won, figures.transactions)
            report.source, report.reported_by = source, actor
            report.save(update_fields=["total_won", "onnuri_won", "transactions", "source", "reported_by",
                                       "updated_at"])
            record_revision(report, before=before, after=figures, actor=actor, source=source, reason=reason)
        queue_aggregation(store.local_government_id, [month])
    return report


def record_revision(report, *, before: SalesFigures | None, after: SalesFigures, actor, source: str, reason: str,
                    sales_import=None):
    return SalesRevision.objects.create(report=report, actor=actor, source=source, sales_import=sales_import,
                                        before=asdict(before) if before else {}, after=asdict(after), reason=reason)


def queue_aggregation(local_government_id: int, months) -> None:
    """Tell whoever derives figures from sales that these months changed (core.signals.sales_changed): the
    dashboard queues the months they feed as coalesced outbox rows of this transaction, run after the commit."""
    announce_sales_changed(local_government_id=local_government_id, months=sorted(set(months)))


# --- Bulk import (the import itself is in importer.py) ----------------------------------------

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def sales_import_start(*, local_government, uploaded_by, filename: str, content: bytes):
    """Record an uploaded sales CSV and queue its import in the background."""
    if not getattr(uploaded_by, "is_official", False) or uploaded_by.local_government_id != local_government.pk:
        raise PermissionDenied(_("Only officials of this local government may import sales."))
    if not content:
        raise DomainError(_("The file is empty."), field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise DomainError(_("The file is larger than 10 MB; split it by month and import the parts."), field="file")
    job = SalesImport.objects.create(local_government=local_government, uploaded_by=uploaded_by,
                                     filename=filename[:255], content=content)
    enqueue_sales_import(job.pk)
    return job


def enqueue_sales_import(import_id: int) -> None:
    outbox.enqueue("sales.run_import", import_id)


def _locked_import_of(official, import_id: int):
    job = SalesImport.objects.select_for_update().defer("content").get(pk=import_id)
    ensure_official_of(official, job.local_government_id)
    return job


def sales_import_cancel(*, import_id: int, official, reason: str):
    """Cancel a waiting or running sales import; a running one stops after the batch it is writing.
    Cancelling a cancelled import changes nothing."""
    with transaction.atomic():
        job = _locked_import_of(official, import_id)
        if job.status == SalesImport.Status.CANCELLED:
            return job
        if not job.can_cancel:
            raise TransitionError(_("Only a waiting or running import can be cancelled; this one has ended."))
        SalesImportEvent.objects.create(sales_import=job, kind=SalesImportEvent.Kind.CANCELLED, actor=official,
                                        from_status=job.status, to_status=SalesImport.Status.CANCELLED,
                                        reason=reason)
        job.status, job.finished_at = SalesImport.Status.CANCELLED, timezone.now()
        job.save(update_fields=["status", "finished_at"])
    return job


def sales_import_retry(*, import_id: int, official, reason: str):
    """Queue a failed or cancelled sales import again, from the first row (rows already written compare
    equal and are not written again). Retrying a waiting import changes nothing."""
    with transaction.atomic():
        job = _locked_import_of(official, import_id)
        if job.status == SalesImport.Status.QUEUED:
            return job
        if not job.can_retry:
            raise TransitionError(_("Only a failed or cancelled import can be started again."))
        SalesImportEvent.objects.create(sales_import=job, kind=SalesImportEvent.Kind.RETRIED, actor=official,
                                        from_status=job.status, to_status=SalesImport.Status.QUEUED, reason=reason)
        job.status, job.attempts, job.finished_at, job.message = SalesImport.Status.QUEUED, 0, None, ""
        job.processed_rows = 0
        job.save(update_fields=["status", "attempts", "finished_at", "message", "processed_rows"])
        enqueue_sales_import(job.pk)
    return job

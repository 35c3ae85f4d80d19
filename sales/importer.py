"""Bulk monthly sales from a CSV file: the officials' import (browser task and `import_sales`).

Columns (header row, Korean or English names, any order):
  상가업소번호 (external_id) and/or 사업자등록번호 (business_number) - which store
  월 / 기준월 (month)            YYYY-MM
  매출액 / 총매출 (total_won)     whole won
  온누리매출 (onnuri_won)          whole won, optional (0)
  거래건수 (transactions)          optional (0)
Files in UTF-8 (with or without BOM) or CP949 are read. Bad rows are listed
with their line number and the reason, in Korean, and the good rows go in.
Rows are upserted by (store, month): importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.exports import SafeCSVWriter
from core.korean import particles
from core.maintenance import analyze_tables
from core.months import month_key, parse_month
from merchants import bizno
from merchants.importers.reading import Encoding, RowReader, describe_problem
from merchants.models import Store

from .models import SalesImport, SalesReport, SalesRevision
from .services import SalesFigures, enqueue_sales_import, figure_errors, queue_aggregation, record_revision

COLUMNS = {
    "external_id": ("상가업소번호", "점포id", "점포번호", "external_id"),
    "business_number": ("사업자등록번호", "business_number"),
    "month": ("월", "기준월", "매출월", "month"),
    "total_won": ("매출액", "총매출", "총매출액", "total_won", "total"),
    "onnuri_won": ("온누리매출", "온누리매출액", "온누리", "onnuri_won", "onnuri"),
    "transactions": ("거래건수", "결제건수", "transactions"),
}
BATCH = 2_000
ERROR_HEADER = ["줄 번호", "사유"]


@dataclass
class RejectedRow:
    line: int
    reason: str
    values: list[str]


@dataclass
class SalesImportResult:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    months: set = field(default_factory=set)
    header: list[str] = field(default_factory=list)

    def error_csv(self) -> str:
        """The rejected rows as CSV text: line number, reason, then the row as it was."""
        buffer = io.StringIO()
        writer = SafeCSVWriter(buffer)  # the rows come from the uploaded file
        writer.writerow([*ERROR_HEADER, *self.header])
        for row in self.rejected:
            writer.writerow([row.line, row.reason, *row.values])
        return buffer.getvalue()


def encoding_of(content: bytes) -> Encoding:
    """UTF-8 (a BOM is dropped by the reader) or CP949, whichever decodes the whole file, tried in that order."""
    for codec in ("utf-8", "cp949"):
        try:
            content.decode(codec)
        except UnicodeDecodeError:
            continue
        return Encoding(codec)
    raise DomainError(_("The file cannot be read as text: save it as CSV in UTF-8 or CP949 (EUC-KR)."))


def header_positions(header: list[str]) -> dict[str, int]:
    normalised = ["".join(h.split()).lower() for h in header]
    positions = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name.lower() in normalised:
                positions[key] = normalised.index(name.lower())
                break
    missing = []
    if "external_id" not in positions and "business_number" not in positions:
        missing.append("상가업소번호 / 사업자등록번호")
    for key, label in (("month", "월"), ("total_won", "매출액")):
        if key not in positions:
            missing.append(label)
    if missing:
        raise DomainError(_("The header row lacks these columns: %(columns)s. The first row must name the columns "
                            "(상가업소번호 or 사업자등록번호, 월, 매출액, 온누리매출, 거래건수).")
                          % {"columns": ", ".join(missing)})
    return positions


def parse_won(value: str, label: str) -> int:
    text = value.strip().replace(",", "").replace("원", "").strip()
    if text == "":
        return 0
    if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
        raise DomainError(_("%(field)s%(field_neun)s cannot be negative.") % particles({"field": label}, field="은/는"))
    if not (text.isascii() and text.isdigit()):  # '²' passes isdigit() alone and int() refuses it
        raise DomainError(_("%(field)s must be a whole number (digits only), not “%(value)s”%(value_neun)s.")
                          % particles({"field": label, "value": value.strip()}, value="은/는"))
    return int(text)


class StoreFinder:
    """Finds a government's store by 상가업소번호 or 사업자등록번호, from two maps loaded once."""

    def __init__(self, local_government):
        self.government = local_government
        self.by_external: dict[str, list[Store]] = {}
        self.by_number: dict[str, list[Store]] = {}
        stores = Store.objects.filter(local_government=local_government).only(
            "pk", "external_id", "business_number", "closed_on", "local_government_id")
        for store in stores:
            if store.external_id:
                self.by_external.setdefault(store.external_id, []).append(store)
            if store.business_number:
                self.by_number.setdefault(store.business_number, []).append(store)

    def find(self, external_id: str, number: str) -> Store:
        by_external = None
        if external_id:
            matches = self.by_external.get(external_id, [])
            if not matches:
                raise DomainError(_("No store of %(government)s has the 상가업소번호 %(value)s.")
                                  % {"government": self.government.name, "value": external_id})
            if len(matches) > 1:
                raise DomainError(_("Several stores have the 상가업소번호 %(value)s; give the 사업자등록번호 as well.")
                                  % {"value": external_id})
            by_external = matches[0]
        if number:
            if not bizno.is_valid(number):
                raise DomainError(_(
                    "The 사업자등록번호 %(value)s%(value_ga)s is not valid (check digit); check each digit.")
                                  % particles({"value": number}, value="이/가"))
            matches = self.by_number.get(bizno.normalise(number), [])
            if by_external is not None:
                if by_external not in matches:
                    raise DomainError(_("The 상가업소번호 and the 사업자등록번호 point to different stores."))
                return by_external
            if not matches:
                raise DomainError(_("No store of %(government)s has the 사업자등록번호 %(value)s.")
                                  % {"government": self.government.name, "value": bizno.format_number(number)})
            if len(matches) > 1:
                raise DomainError(_("Several stores have the 사업자등록번호 %(value)s; give the 상가업소번호 instead.")
                                  % {"value": bizno.format_number(number)})
            return matches[0]
        if by_external is None:
            raise DomainError(_("Give the store's 상가업소번호 or 사업자등록번호."))
        return by_external


def read_rows(content: bytes, local_government, result: SalesImportResult) -> dict:
    """Validate every row; {(store_id, month): (line, figures)} for the good ones."""
    encoding = encoding_of(content)
    # The capped reader of the store import: over-long lines are skipped unread, control characters
    # (NUL ...) mark their row, and every row carries the line it starts on.
    rows = iter(RowReader(io.BytesIO(content), encoding))
    header_row = next(rows, None)
    if header_row is None or not header_row.values:
        raise DomainError(_("The file is empty."))
    header = header_row.values
    result.header = header
    positions = header_positions(header)
    finder = StoreFinder(local_government)
    labels = {"total_won": _("Total sales"), "onnuri_won": _("Onnuri takings"), "transactions": _("Transactions")}
    good: dict[tuple[int, object], tuple[int, SalesFigures]] = {}
    for raw in rows:
        line, row = raw.line, raw.values
        if not raw.problem and not raw.csv_error and not any(cell.strip() for cell in row):
            continue
        result.total_rows += 1
        try:
            problem = describe_problem(raw, encoding_label=encoding.label)
            if problem:
                raise DomainError(problem)
            if len(row) != len(header):
                raise DomainError(_("The row has %(count)d columns; the header has %(expected)d.")
                                  % {"count": len(row), "expected": len(header)})

            def cell(key, row=row):
                return row[positions[key]].strip() if key in positions else ""

            store = finder.find(cell("external_id"), cell("business_number"))
            month = parse_month(cell("month"))
            figures = SalesFigures(*(parse_won(cell(key), labels[key]) for key in labels))
            errors = figure_errors(month=month, store=store, total_won=figures.total_won,
                                   onnuri_won=figures.onnuri_won, transactions=figures.transactions)
            if errors:
                raise DomainError(" ".join(message for _field, message in errors))
            key = (store.pk, month)
            if key in good:
                raise DomainError(_("Same store and month as line %(line)d; keep one of the two rows.")
                                  % {"line": good[key][0]})
            good[key] = (line, figures)
        except DomainError as exc:
            result.rejected.append(RejectedRow(line, str(exc), row))
    return good


def import_sales(*, local_government, content: bytes, actor=None, sales_import=None,
                 progress: Callable[[int], None] | None = None, dry_run: bool = False) -> SalesImportResult:
    """Validate and upsert a sales CSV for one government. Each batch commits on its own."""
    result = SalesImportResult()
    good = read_rows(content, local_government, result)
    items = sorted(good.items(), key=lambda item: item[1][0])
    done = len(result.rejected)
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        if not dry_run:
            with transaction.atomic():
                write_batch(batch, result, actor=actor, sales_import=sales_import)
        else:
            count_batch(batch, result)
        done += len(batch)
        if progress:
            progress(done)
    result.months = {month for (_store, month) in good}
    if not dry_run and (result.created or result.updated):
        analyze_tables(SalesReport, *([SalesRevision] if result.updated else []))
    if result.months and not dry_run and (result.created or result.updated):
        changed = {month for (_store, month), _v in items}
        queue_aggregation(local_government.pk, changed)
    return result


def existing_reports(batch) -> dict:
    store_ids = {store_id for (store_id, _month), _v in batch}
    months = {month for (_store, month), _v in batch}
    return {(r.store_id, r.month): r for r in SalesReport.objects.filter(store_id__in=store_ids, month__in=months)}


def count_batch(batch, result: SalesImportResult) -> None:
    existing = existing_reports(batch)
    for key, (_line, figures) in batch:
        report = existing.get(key)
        if report is None:
            result.created += 1
        elif SalesFigures.of(report) != figures:
            result.updated += 1
        else:
            result.unchanged += 1


def write_batch(batch, result: SalesImportResult, *, actor, sales_import) -> None:
    existing = existing_reports(batch)
    new, changed = [], []
    for (store_id, month), (_line, figures) in batch:
        report = existing.get((store_id, month))
        if report is None:
            new.append(SalesReport(store_id=store_id, month=month, source=SalesReport.Source.IMPORT,
                                   reported_by=actor, total_won=figures.total_won, onnuri_won=figures.onnuri_won,
                                   transactions=figures.transactions))
        elif SalesFigures.of(report) != figures:
            changed.append((report, SalesFigures.of(report), figures))
        else:
            result.unchanged += 1
    if new:
        # update_conflicts: a row reported by a merchant since we looked is overwritten, not a crash.
        SalesReport.objects.bulk_create(new, update_conflicts=True, unique_fields=["store", "month"],
                                        update_fields=["total_won", "onnuri_won", "transactions", "source",
                                                       "reported_by", "updated_at"])
        result.created += len(new)
    now = timezone.now()
    for report, before, after in changed:
        report.total_won, report.onnuri_won, report.transactions = after.total_won, after.onnuri_won, after.transactions
        report.source, report.reported_by, report.updated_at = SalesReport.Source.IMPORT, actor, now
        record_revision(report, before=before, after=after, actor=actor, source=SalesReport.Source.IMPORT,
                        reason=_("Bulk import"), sales_import=sales_import)
    if changed:
        SalesReport.objects.bulk_update([c[0] for c in changed],
                                        ["total_won", "onnuri_won", "transactions", "source", "reported_by",
                                         "updated_at"])
        result.updated += len(changed)


def _stale_before(now):
    return now - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def _is_stale(job, now) -> bool:
    last_sign = job.heartbeat_at or job.started_at
    return job.status == SalesImport.Status.RUNNING and (last_sign is None or last_sign < _stale_before(now))


class ImportStopped(Exception):
    """Another run took the job over (its heartbeat went stale while this one was still going)."""


def sales_import_run(*, sales_import_id: int):
    """Run a queued import job (the Celery task's body), or a running one whose worker died (stale
    heartbeat: the redelivered task or the recovery beat). A finished or live job is left as it is.
    A re-run starts from the first row; rows already written compare equal and are not written again."""
    now = timezone.now()
    with transaction.atomic():
        job = SalesImport.objects.select_for_update(of=("self",)).select_related("local_government", "uploaded_by").get(
            pk=sales_import_id)
        if job.status != SalesImport.Status.QUEUED and not _is_stale(job, now):
            return job
        if job.attempts >= settings.IMPORT_MAX_ATTEMPTS:
            with translation.override(settings.LANGUAGE_CODE):
                job.message = (_("The import stopped %(count)d times without finishing (its worker died each "
                                 "time), so it is not started again. Check the file and the worker's memory, then "
                                 "import again.") % {"count": job.attempts})
            job.status, job.finished_at = SalesImport.Status.FAILED, now
            job.save(update_fields=["status", "message", "finished_at"])
            return job
        job.status, job.started_at, job.heartbeat_at = SalesImport.Status.RUNNING, now, now
        job.attempts += 1
        job.processed_rows = 0
        job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "processed_rows"])
    run_started = job.started_at  # this run owns the job while its started_at is this

    def progress(done: int) -> None:
        alive = (SalesImport.objects.filter(pk=job.pk, status=SalesImport.Status.RUNNING, started_at=run_started)
                 .update(processed_rows=done, heartbeat_at=timezone.now()))
        if not alive:
            raise ImportStopped

    try:
        content = bytes(job.content)
        SalesImport.objects.filter(pk=job.pk).update(total_rows=max(0, content.count(b"\n") - 1))
        result = import_sales(local_government=job.local_government, content=content, actor=job.uploaded_by,
                              sales_import=job, progress=progress)
    except ImportStopped:
        job.refresh_from_db()
        return job
    except DomainError as exc:
        job.status, job.message, job.finished_at = SalesImport.Status.FAILED, str(exc), timezone.now()
        return _finish(job, run_started, ["status", "message", "finished_at"])
    job.status, job.finished_at = SalesImport.Status.DONE, timezone.now()
    job.total_rows = job.processed_rows = result.total_rows
    job.created_count, job.updated_count = result.created, result.updated
    job.unchanged_count, job.rejected_count = result.unchanged, len(result.rejected)
    job.months = sorted(month_key(m) for m in result.months)
    job.error_csv = result.error_csv() if result.rejected else ""
    return _finish(job, run_started, ["status", "finished_at", "total_rows", "processed_rows", "created_count",
                                      "updated_count", "unchanged_count", "rejected_count", "months", "error_csv"])


def _finish(job, run_started, fields: list[str]):
    """Save the outcome unless another run took the job over meanwhile."""
    with transaction.atomic():
        current = SalesImport.objects.select_for_update().only("status", "started_at").get(pk=job.pk)
        if current.status != SalesImport.Status.RUNNING or current.started_at != run_started:
            job.refresh_from_db()
            return job
        job.save(update_fields=fields)
    return job


def sales_imports_recover() -> int:
    """Beat: queue again the sales imports whose worker died (stale heartbeat). Returns how many."""
    cutoff = _stale_before(timezone.now())
    stale = list(SalesImport.objects.filter(status=SalesImport.Status.RUNNING)
                 .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
                 .values_list("pk", flat=True))
    for import_id in stale:
        # The run itself re-checks staleness under a lock and counts the attempt; a repeat is harmless.
        enqueue_sales_import(import_id)
    return len(stale)

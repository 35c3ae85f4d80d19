"""The store import: stream a file, upsert by (source, external id), report what was left out.

One pass over the file in batches (2,000 rows by default). Per batch: the points are
located in the government's dongs at once (Shapely STRtree), the existing stores of the
batch are read in one query (locked), each row is compared with what is stored, and only
new or changed rows are written (COPY / one UPDATE). A second import of the same file
therefore writes nothing, not even updated_at. Memory stays flat whatever the file size;
only the external ids of this government's rows are kept, for duplicates and snapshots.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.maintenance import analyze_tables
from districts.selectors import dong_locator

from ..models import IndustryCategory, Store, StoreEvent, StoreImport
from . import staged as staging
from . import writer
from .formats import ParsedRow, RowRejected, belongs_to, detect_format, normalise_header
from .reading import SAMPLE_BYTES, RowReader, describe_problem, detect_encoding
from .report import outside_report, rejected_report

BATCH_SIZE = 2_000
Progress = Callable[[int, int, int], None]  # (rows read, bytes read, bytes in the file)


def outside_dong_note() -> str:
    """Stored on the store, so always in the site's language (a later import compares it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("The point lies in none of this government's dongs: check the coordinates or assign a dong.")


@dataclass
class ImportResult:
    format: str = ""
    encoding: str = ""
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    reopened: int = 0
    outside: int = 0
    rejected: int = 0
    unassigned: int = 0
    categories_created: int = 0
    outside_by_area: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    error_csv: Path | None = None
    outside_csv: Path | None = None
    dry_run: bool = False
    bytes_read: int = 0
    bytes_total: int = 0
    # where the time went: reading and checking rows is the rest of the total
    seconds: Counter = field(default_factory=Counter)


class CategoryCache:
    """code -> id of IndustryCategory; codes the file brings are created, level by level, with its names."""

    def __init__(self, *, dry_run: bool):
        self.ids: dict[str, int | None] = dict(IndustryCategory.objects.values_list("code", "id"))
        self.dry_run = dry_run
        self.created = 0

    def ensure(self, chains) -> None:
        """Create the categories of `chains` that do not exist yet (a few queries per batch, not per row)."""
        missing: dict[str, tuple[str, int, str | None]] = {}
        for chain in chains:
            parent = None
            for level, (code, name) in enumerate(chain, start=1):
                if code not in self.ids and code not in missing:
                    missing[code] = (name.strip()[:100] or code, min(level, 3), parent)
                parent = code
        if not missing:
            return
        self.created += len(missing)
        if self.dry_run:
            self.ids.update(dict.fromkeys(missing))
            return
        for level in (1, 2, 3):
            new = [IndustryCategory(code=code, name=name, level=lvl, parent_id=self.ids.get(parent) if parent else None)
                   for code, (name, lvl, parent) in missing.items() if lvl == level]
            if new:
                IndustryCategory.objects.bulk_create(new, ignore_conflicts=True)  # another import may race us
                self.ids.update(IndustryCategory.objects.filter(code__in=[c.code for c in new])
                                .values_list("code", "id"))

    def resolve(self, chain) -> int | None:
        return self.ids.get(chain[-1][0]) if chain else None


def default_report_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "reports" / timezone.localdate().strftime("%Y/%m")


def import_stores(path, *, local_government, file_format: str = "auto", snapshot_date: datetime.date | None = None,
                  dry_run: bool = False, actor=None, store_import: StoreImport | None = None,
                  report_dir: Path | None = None, progress: Progress | None = None,
                  batch_size: int = BATCH_SIZE, staged: bool | None = None) -> ImportResult:
    """Import a SEMAS or market store file into `local_government`'s registry. See the module docstring.

    `staged` (default: on PostgreSQL, unless a dry run) merges each batch in SQL through a TEMP
    staging table (importers/staged.py); False keeps the row-by-row comparison in Python."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(_("File not found: %(path)s") % {"path": path})
    with open(path, "rb") as stream:
        encoding = detect_encoding(stream.read(SAMPLE_BYTES))
        stream.seek(0)
        rows = RowReader(stream, encoding)
        iterator = iter(rows)
        header_row = next(iterator, None)
        if header_row is None:
            raise DomainError(_("The file is empty."))
        header = normalise_header(header_row.values)
        try:
            fmt = detect_format(header, file_format)
        except ValueError as exc:
            raise DomainError(str(exc)) from exc
        if snapshot_date and fmt.source != Store.Source.SEMAS:
            raise DomainError(_("A snapshot date applies to SEMAS store data only: a market list covers some "
                                "markets, not the whole government."))
        _refuse_older_snapshot(local_government, snapshot_date, store_import)

        started = time.perf_counter()
        run = _ImportRun(local_government=local_government, fmt=fmt, header=header, snapshot_date=snapshot_date,
                         dry_run=dry_run, actor=actor, store_import=store_import,
                         report_dir=report_dir or default_report_dir(), stem=path.stem, staged=staged)
        run.result.encoding = encoding.label
        run.result.bytes_total = path.stat().st_size
        try:
            batch: list[tuple[ParsedRow, list[str]]] = []
            for raw in iterator:
                run.result.rows_read += 1
                parsed = run.check(raw)
                if parsed is not None:
                    batch.append((parsed, raw.values))
                # A batch boundary every batch_size rows read, also when rows fill no batch (other governments'):
                # the job's heartbeat, and where a cancelled job stops before writing more.
                if run.result.rows_read % batch_size == 0:
                    run.result.bytes_read = rows.bytes_read
                    if progress:
                        progress(run.result.rows_read, rows.bytes_read, run.result.bytes_total)
                    run.flush(batch)
                    batch = []
            run.flush(batch)
            run.close_missing()
        finally:
            run.finish_reports()
            run.drop_staging()
        run.analyze()
        run.result.bytes_read = rows.bytes_read
        run.result.seconds["total"] = time.perf_counter() - started
        if progress:
            progress(run.result.rows_read, rows.bytes_read, run.result.bytes_total)
    return run.result


def _refuse_older_snapshot(government, snapshot_date, store_import) -> None:
    if not snapshot_date:
        return
    later = (StoreImport.objects.filter(local_government=government, status=StoreImport.Status.DONE,
                                       snapshot_date__gt=snapshot_date)
             .exclude(pk=getattr(store_import, "pk", None)).order_by("-snapshot_date").first())
    if later:
        raise DomainError(
            _("A later snapshot (%(later)s) has already been imported; importing %(date)s now would close and "
              "reopen stores wrongly.") % {"later": later.snapshot_date.isoformat(), "date": snapshot_date.isoformat()})


class _ImportRun:
    """State of one import: counters, seen ids, category cache, reports."""

    def __init__(self, *, local_government, fmt, header, snapshot_date, dry_run, actor, store_import, report_dir,
                 stem, staged=None):
        self.government = local_government
        self.fmt = fmt
        self.header = header
        self.snapshot_date = snapshot_date
        self.dry_run = dry_run
        self.actor = actor
        self.store_import = store_import
        self.now = timezone.now()
        self.result = ImportResult(format=fmt.key, dry_run=dry_run)
        self.locator = dong_locator(local_government)
        self.categories = CategoryCache(dry_run=dry_run)
        self.seen: dict[str, int] = {}  # external id -> line, for this government's rows
        self._belongs: dict[tuple[str, str], bool] = {}
        had_stores = Store.objects.filter(local_government=local_government, source=fmt.source).exists()
        # A first snapshot is a baseline: its stores did not all open that day.
        self.opening_date = snapshot_date if (snapshot_date and had_stores) else None
        if snapshot_date and not had_stores:
            self.result.notes.append(_("First snapshot of this government: opening dates of its stores are left "
                                       "empty; later snapshots date the openings."))
        stamp = self.now.astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        self.rejected = rejected_report(report_dir / f"{stem}-{stamp}-rejected.csv", header)
        self.outside = outside_report(report_dir / f"{stem}-{stamp}-outside.csv", header)
        self.note = outside_dong_note()
        if staged is None:
            staged = connection.vendor == "postgresql"
        self.staged = staged and not dry_run
        if self.staged:
            with connection.cursor() as cursor:
                staging.create_staging(cursor)

    # -- per row -------------------------------------------------------------------------

    def reject(self, line: int, reason: str, values: list[str]) -> None:
        self.result.rejected += 1
        self.rejected.add(line, reason, values=values)

    def check(self, raw) -> ParsedRow | None:
        """Sort a row: rejected, outside this government, duplicate, or to import (returned)."""
        problem = describe_problem(raw, encoding_label=self.result.encoding)
        if problem:
            self.reject(raw.line, problem, raw.values)
            return None
        if len(raw.values) != len(self.header):
            self.reject(raw.line, _("The row has %(count)d columns; the header has %(expected)d.")
                        % {"count": len(raw.values), "expected": len(self.header)}, raw.values)
            return None
        try:
            parsed = self.fmt.parse(raw.line, raw.values)
        except RowRejected as exc:
            if exc.external_id and belongs_to(self.government, area_code=exc.area_code, area_name=exc.area_name):
                self.seen.setdefault(exc.external_id, raw.line)  # in the file: a snapshot must not close it
            self.reject(raw.line, exc.reason, raw.values)
            return None
        area_key = (parsed.area_code, parsed.area_name)
        belongs = self._belongs.get(area_key)
        if belongs is None:  # a file names a handful of areas: decide each once
            belongs = self._belongs[area_key] = belongs_to(self.government, area_code=parsed.area_code,
                                                            area_name=parsed.area_name)
        if not belongs:
            area = parsed.area_name or parsed.area_code
            self.result.outside += 1
            self.result.outside_by_area[area] += 1
            self.outside.add(raw.line, area, values=raw.values)
            return None
        first_line = self.seen.setdefault(parsed.external_id, raw.line)
        if first_line != raw.line:
            self.reject(raw.line, _("The same store number already appears on line %(line)d.") % {"line": first_line},
                        raw.values)
            return None
        return parsed

    # -- per batch -----------------------------------------------------------------------

    def flush(self, batch: list[tuple[ParsedRow, list[str]]]) -> None:
        if not batch:
            return
        if self.staged:
            self._flush_staged(batch)
            return
        started = time.perf_counter()
        dongs = self.locator.locate([p.lon for p, _v in batch], [p.lat for p, _v in batch])
        self.result.seconds["locating"] += time.perf_counter() - started
        with contextlib.nullcontext() if self.dry_run else transaction.atomic():
            if not self.dry_run and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A bulk load: do not wait for the WAL flush at each batch's commit. A crash can lose the
                    # last batches only (never corrupt them), and importing the file again restores them.
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            self.categories.ensure({p.industry for p, _v in batch})
            started = time.perf_counter()
            # Read without locks: in a re-import most rows are unchanged, and locking them all would write.
            existing = writer.existing_rows(self.fmt.source, [p.external_id for p, _v in batch], lock=False)
            self.result.seconds["database"] += time.perf_counter() - started
            inserts, changed = [], []
            for (row, values), dong_id in zip(batch, dongs, strict=True):
                old = existing.get(row.external_id)
                if old is not None and old["local_government_id"] != self.government.pk:
                    self.seen.pop(row.external_id, None)
                    self.reject(row.line, _("A store with this number is registered under another local government."),
                                values)
                    continue
                fields = self._file_fields(row)
                if old is None:
                    inserts.append(self._new_store(row, fields, dong_id))
                elif self._differs(old, self._merged(old, row, fields, dong_id)):
                    changed.append((row, fields, dong_id))
                else:
                    self._count(old, old)
            updates, reopened, gone = self._lock_and_merge(changed)
            inserts += [self._new_store(row, fields, dong_id) for row, fields, dong_id in gone]
            self.result.created += len(inserts)
            self.result.unassigned += sum(1 for row in inserts if row["dong_id"] is None)
            started = time.perf_counter()
            if not self.dry_run:
                writer.insert(inserts, now=self.now)
                writer.update(updates, now=self.now)
                self._events(reopened, StoreEvent.Kind.REOPENED, Store.Status.CLOSED, Store.Status.OPEN,
                             _("Listed again in the snapshot of %(date)s.") % {"date": self.snapshot_date})
        self.result.seconds["database"] += time.perf_counter() - started  # the writes and the commit
        self.result.categories_created = self.categories.created

    def _flush_staged(self, batch: list[tuple[ParsedRow, list[str]]]) -> None:
        """The batch through the staging table, merged in SQL (importers/staged.py); same counts and rules."""
        started = time.perf_counter()
        dongs = self.locator.locate([p.lon for p, _v in batch], [p.lat for p, _v in batch])
        self.result.seconds["locating"] += time.perf_counter() - started
        self.categories.ensure({p.industry for p, _v in batch})
        resolve = self.categories.resolve
        records = [(p.line, p.external_id, p.name, p.branch, resolve(p.industry), p.market_name, p.road_address,
                    p.lot_address, p.floor, p.phone, p.lon, p.lat, dong_id)
                   for (p, _v), dong_id in zip(batch, dongs, strict=True)]
        started = time.perf_counter()
        source, gov = self.fmt.source, self.government.pk
        with transaction.atomic(), connection.cursor() as cursor, staging.planned_for_small_batches(cursor):
            # A bulk load: see flush() on synchronous_commit.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(f"TRUNCATE {staging.STAGING}")
            staging.copy_rows(cursor, records)
            foreign = staging.take_foreign(cursor, source=source, government_id=gov)
            if foreign:
                values_by_line = {p.line: values for p, values in batch}
                for line, external_id in sorted(foreign):
                    self.seen.pop(external_id, None)
                    self.reject(line, _("A store with this number is registered under another local government."),
                                values_by_line[line])
            reopened = []
            if self.snapshot_date:
                reopened = staging.reopen(cursor, source=source, government_id=gov, snapshot_date=self.snapshot_date,
                                          note=self.note, now=self.now)
                self._events(reopened, StoreEvent.Kind.REOPENED, Store.Status.CLOSED, Store.Status.OPEN,
                             _("Listed again in the snapshot of %(date)s.") % {"date": self.snapshot_date})
            created, updated = staging.upsert(cursor, source=source, government_id=gov,
                                              opening_date=self.opening_date, note=self.note, now=self.now)
            unassigned = staging.count_unassigned(cursor, source=source) if None in dongs else 0
        self.result.seconds["database"] += time.perf_counter() - started
        self.result.created += created
        self.result.updated += updated
        self.result.reopened += len(reopened)
        self.result.unchanged += len(records) - len(foreign) - created - updated - len(reopened)
        self.result.unassigned += unassigned
        self.result.categories_created = self.categories.created

    def drop_staging(self) -> None:
        if self.staged and not connection.needs_rollback:  # a failed transaction keeps its own error
            with connection.cursor() as cursor:
                staging.drop_staging(cursor)

    def analyze(self) -> None:
        """Fresh planner statistics after a load that wrote stores (PostgreSQL has none for new rows)."""
        result = self.result
        if not self.dry_run and (result.created or result.updated or result.closed or result.reopened):
            analyze_tables(Store)

    @staticmethod
    def _differs(old: dict, new: dict) -> bool:
        return any(new[name] != old[name] for name in writer.UPDATE_FIELDS)

    def _count(self, old: dict, new: dict) -> None:
        if new["status"] != old["status"]:
            self.result.reopened += 1
        elif self._differs(old, new):
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        if new["dong_id"] is None:
            self.result.unassigned += 1

    def _lock_and_merge(self, changed: list) -> tuple[list[dict], list[int], list]:
        """Lock the rows that will change and merge again with what they hold now (an official may have
        edited one since the first read): no lost update, and no lock on the unchanged rows."""
        if not changed:
            return [], [], []
        started = time.perf_counter()
        current = writer.existing_rows(self.fmt.source, [row.external_id for row, _f, _d in changed],
                                       lock=not self.dry_run)
        self.result.seconds["database"] += time.perf_counter() - started
        updates, reopened, gone = [], [], []
        for row, fields, dong_id in changed:
            old = current.get(row.external_id)
            if old is None:  # deleted (in the admin) since the first read: create it again
                gone.append((row, fields, dong_id))
                continue
            new = self._merged(old, row, fields, dong_id)
            self._count(old, new)
            if new["status"] != old["status"]:
                reopened.append(old["id"])
            if self._differs(old, new):
                updates.append(new)
        return updates, reopened, gone

    def _file_fields(self, row: ParsedRow) -> dict:
        return {"name": row.name, "branch": row.branch, "industry_id": self.categories.resolve(row.industry),
                "market_name": row.market_name, "road_address": row.road_address, "lot_address": row.lot_address,
                "floor": row.floor, "lon": row.lon, "lat": row.lat}

    def _new_store(self, row: ParsedRow, fields: dict, dong_id) -> dict:
        return {**fields, "local_government_id": self.government.pk, "source": self.fmt.source,
                "external_id": row.external_id, "phone": row.phone, "dong_id": dong_id,
                "needs_review": dong_id is None, "review_note": self.note if dong_id is None else "",
                "status": Store.Status.OPEN, "opened_on": self.opening_date, "closed_on": None, "version": 1}

    def _merged(self, old: dict, row: ParsedRow, fields: dict, dong_id) -> dict:
        new = {**old, **fields}
        new["phone"] = old["phone"] or row.phone  # what a merchant typed wins over the file
        if dong_id is not None:
            new["dong_id"] = dong_id
            if old["review_note"] == self.note:
                new["needs_review"], new["review_note"] = False, ""
        elif (old["lon"], old["lat"]) != (row.lon, row.lat):
            new["dong_id"], new["needs_review"], new["review_note"] = None, True, self.note
        # else: same point outside every dong: keep what an official decided (a dong set by hand, a cleared flag)
        if self.snapshot_date and old["status"] == Store.Status.CLOSED:
            new.update(status=Store.Status.OPEN, closed_on=None, opened_on=self.snapshot_date)
        return new

    def _events(self, store_ids, kind, from_status, to_status, reason) -> None:
        if store_ids:
            StoreEvent.objects.bulk_create([
                StoreEvent(store_id=store_id, kind=kind, from_status=from_status, to_status=to_status,
                           effective_on=self.snapshot_date, actor=self.actor, reason=reason,
                           store_import=self.store_import)
                for store_id in store_ids])

    # -- at the end ----------------------------------------------------------------------

    def close_missing(self) -> None:
        """With a snapshot date: close this government's open stores of this source that the file no longer lists."""
        if not self.snapshot_date:
            return
        if not self.seen:
            self.result.notes.append(_("The file lists no store of this government, so no store was closed."))
            return
        open_stores = (Store.objects.filter(local_government=self.government, source=self.fmt.source,
                                            status=Store.Status.OPEN)
                       .values_list("id", "external_id", "opened_on"))
        to_close, too_new = [], 0
        for store_id, external_id, opened_on in open_stores.iterator(chunk_size=5_000):
            if external_id in self.seen:
                continue
            if opened_on and opened_on > self.snapshot_date:
                too_new += 1
                continue
            to_close.append(store_id)
        if too_new:
            self.result.notes.append(_("%(count)d stores missing from the file opened after %(date)s and were "
                                       "left open.") % {"count": too_new, "date": self.snapshot_date})
        self.result.closed = len(to_close)
        if self.dry_run:
            return
        reason = _("Missing from the snapshot of %(date)s.") % {"date": self.snapshot_date}
        for start in range(0, len(to_close), BATCH_SIZE):
            chunk = to_close[start:start + BATCH_SIZE]
            with transaction.atomic():
                Store.objects.filter(pk__in=chunk, status=Store.Status.OPEN).update(
                    status=Store.Status.CLOSED, closed_on=self.snapshot_date, version=F("version") + 1,
                    updated_at=self.now)
                self._events(chunk, StoreEvent.Kind.CLOSED, Store.Status.OPEN, Store.Status.CLOSED, reason)

    def finish_reports(self) -> None:
        self.result.error_csv = self.rejected.close()
        self.result.outside_csv = self.outside.close()

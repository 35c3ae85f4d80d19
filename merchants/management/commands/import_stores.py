"""python manage.py import_stores PATH [--format auto|semas|market] [--local-government 29140]
[--snapshot-date YYYY-MM-DD] [--dry-run]"""

import datetime
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.errors import DomainError
from districts.models import LocalGovernment
from merchants.importers import import_stores
from merchants.models import StoreImport
from merchants.services import store_import_run


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--snapshot-date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = ("Import a SEMAS 상가(상권)정보 file (39 columns; UTF-8, UTF-8 with BOM or CP949) or a Gwangju "
            "traditional market store list (16 columns) into a local government's store registry. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", dest="file_format", choices=["auto", "semas", "market"], default="auto")
        parser.add_argument("--local-government", default=settings.DEFAULT_LOCAL_GOVERNMENT_CODE,
                            help="5-digit 시군구 code (default: %(default)s)")
        parser.add_argument("--snapshot-date", type=_date,
                            help="reference date of a complete SEMAS file: stores it no longer lists are closed then")
        parser.add_argument("--dry-run", action="store_true", help="read and compare, write nothing to the database")

    def handle(self, *args, path, file_format, local_government, snapshot_date, dry_run, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        government = LocalGovernment.objects.filter(code=local_government).first()
        if government is None:
            raise CommandError(f"Local government {local_government} is not loaded; run load_dongs first.")
        bar = tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc=path.name,
                   disable=not sys.stderr.isatty(), file=sys.stderr)
        position = {"bytes": 0}

        def progress(rows, bytes_read, bytes_total):
            bar.update(bytes_read - position["bytes"])
            position["bytes"] = bytes_read
            bar.set_postfix(rows=f"{rows:,}")

        try:
            if dry_run:
                result = import_stores(path, local_government=government, file_format=file_format,
                                       snapshot_date=snapshot_date, dry_run=True, progress=progress)
                summary = self._from_result(result)
            else:
                job = StoreImport.objects.create(local_government=government, original_name=str(path)[-255:],
                                                 requested_format=file_format, snapshot_date=snapshot_date,
                                                 bytes_total=path.stat().st_size)
                job = store_import_run(import_id=job.pk, path=path, progress=progress)
                if job.status == StoreImport.Status.FAILED:
                    raise CommandError(job.error_message)
                summary = self._from_job(job)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        self._print(summary, government=government, dry_run=dry_run)

    @staticmethod
    def _from_result(result) -> dict:
        return {"format": result.format, "encoding": result.encoding, "rows": result.rows_read,
                "counts": {name: getattr(result, name) for name in
                           ("created", "updated", "unchanged", "closed", "reopened", "outside", "rejected",
                            "unassigned")},
                "outside_by_area": dict(result.outside_by_area), "notes": result.notes,
                "error_csv": str(result.error_csv or ""), "outside_csv": str(result.outside_csv or "")}

    @staticmethod
    def _from_job(job) -> dict:
        return {"format": job.detected_format, "encoding": job.encoding, "rows": job.rows_read,
                "counts": {name: getattr(job, f"{name}_count") for name in
                           ("created", "updated", "unchanged", "closed", "reopened", "outside", "rejected",
                            "unassigned")},
                "outside_by_area": job.outside_by_area, "notes": job.notes,
                "error_csv": job.error_csv.path if job.error_csv else "",
                "outside_csv": job.outside_csv.path if job.outside_csv else ""}

    def _print(self, summary: dict, *, government, dry_run: bool) -> None:
        write = self.stdout.write
        title = f"{government.name} ({government.code}) · {summary['format']} · {summary['encoding']}"
        write(("DRY RUN (nothing written) · " if dry_run else "") + title)
        labels = [("rows read", summary["rows"]), ("created", summary["counts"]["created"]),
                  ("updated", summary["counts"]["updated"]), ("unchanged", summary["counts"]["unchanged"]),
                  ("closed", summary["counts"]["closed"]), ("reopened", summary["counts"]["reopened"]),
                  ("outside", summary["counts"]["outside"]), ("rejected", summary["counts"]["rejected"]),
                  ("unassigned", summary["counts"]["unassigned"])]
        width = max(len(label) for label, _ in labels)
        write("+" + "-" * (width + 2) + "+" + "-" * 12 + "+")
        for label, value in labels:
            write(f"| {label:<{width}} | {value:>10,} |")
        write("+" + "-" * (width + 2) + "+" + "-" * 12 + "+")
        for area, count in summary["outside_by_area"].items():
            write(f"  outside: {area} {count:,}")
        for note in summary["notes"]:
            write(f"  note: {note}")
        if summary["error_csv"]:
            write(f"Rejected rows: {summary['error_csv']}")
        if summary["outside_csv"]:
            write(f"Rows of other governments: {summary['outside_csv']}")
        self.stdout.write(self.style.SUCCESS("Done."))

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from districts.models import LocalGovernment
from sales.importer import import_sales


class Command(BaseCommand):
    help = ("Import monthly sales from a CSV file (상가업소번호 or 사업자등록번호, 월, 매출액, 온누리매출, 거래건수). "
            "Bad rows are written with their line number and reason to PATH.rejected.csv; the good rows go in. "
            "Idempotent: a second run changes nothing. The dashboard re-aggregates the months afterwards.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--local-government", metavar="CODE", default=settings.DEFAULT_LOCAL_GOVERNMENT_CODE)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, path, local_government, dry_run=False, **options):
        government = LocalGovernment.objects.filter(code=local_government).first()
        if government is None:
            raise CommandError(f"No local government with the code {local_government}.")
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"File not found: {path}")
        started = time.monotonic()
        try:
            result = import_sales(local_government=government, content=source.read_bytes(), dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(f"{'(dry run) ' if dry_run else ''}{government.name}: {result.total_rows:,} rows in "
                          f"{elapsed:.1f} s")
        for label, value in (("created", result.created), ("updated", result.updated),
                             ("unchanged", result.unchanged), ("rejected", len(result.rejected))):
            self.stdout.write(f"  {label:<10} {value:>10,}")
        if result.rejected:
            report = source.with_name(source.name + ".rejected.csv")
            report.write_text(result.error_csv(), encoding="utf-8-sig")
            self.stdout.write(self.style.WARNING(f"Rejected rows with line numbers and reasons: {report}"))
            for row in result.rejected[:10]:
                self.stdout.write(f"  line {row.line}: {row.reason}")

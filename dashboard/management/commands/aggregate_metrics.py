import time

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from core.maintenance import analyze_tables
from dashboard import services
from dashboard.models import MetricSnapshot
from dashboard.months import add_months, current_month, month_key, months_between, parse_month
from districts.models import LocalGovernment
from merchants.models import Store
from sales import selectors as sales_selectors


class Command(BaseCommand):
    help = ("Compute the dashboard's monthly snapshots (districts, dongs, government). Default: the running and "
            "the previous month of every government. Idempotent.")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--month", help="one month, YYYY-MM")
        group.add_argument("--all", action="store_true", dest="every",
                           help="every month from the first sales report or store opening to the running month")
        parser.add_argument("--local-government", metavar="CODE", help="only this government (e.g. 29140)")

    def handle(self, *args, month=None, every=False, local_government=None, **options):
        governments = LocalGovernment.objects.order_by("code")
        if local_government:
            governments = governments.filter(code=local_government)
            if not governments.exists():
                raise CommandError(f"No local government with the code {local_government}.")
        for government in governments:
            months = self.months_for(government, month=month, every=every)
            started = time.monotonic()
            results = services.aggregate_months(local_government_id=government.pk, months=months)
            rows = sum(r.rows for r in results)
            span = f"{month_key(months[0])}..{month_key(months[-1])}" if months else "-"
            self.stdout.write(f"{government.code} {government.name}: {len(months)} month(s) {span}, "
                              f"{rows:,} snapshots in {time.monotonic() - started:.2f} s")
        if every:  # a bulk load of snapshots: fresh planner statistics for the dashboard's reads
            analyze_tables(MetricSnapshot)

    def months_for(self, government, *, month, every):
        if month:
            try:
                return [parse_month(month)]
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
        this_month = current_month()
        if not every:
            return [add_months(this_month, -1), this_month]
        first_sale = sales_selectors.first_reported_month(government.pk)
        first_store = Store.objects.filter(local_government=government, opened_on__isnull=False).order_by(
            "opened_on").values_list("opened_on", flat=True).first()
        # Store openings can go back decades; the snapshots start with the sales, or two years back.
        first = first_sale or (max(first_store.replace(day=1), add_months(this_month, -23)) if first_store
                               else this_month)
        return months_between(first, this_month)

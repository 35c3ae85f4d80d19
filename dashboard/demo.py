"""Demo step: the metrics of every month of the demo sales (sales.demo), aggregated last."""

from __future__ import annotations

from collections.abc import Callable

from .months import current_month


def seed_metrics(seed: int, log: Callable[[str], None]) -> None:
    """Every month's metrics of every government with stores.

    Fast on a second run: months that already have snapshots are not recomputed (unless they were
    aggregated before the eligible-store figures existed), but for the running month: its figures
    are read today, and an earlier step's change hook (the districts step) aggregates it before the
    franchises exist.
    """
    from districts.models import LocalGovernment
    from merchants.models import Store
    from sales.demo import sales_months

    from . import services
    from .models import MetricSnapshot

    months = sales_months()
    for government in LocalGovernment.objects.order_by("code"):
        if not Store.objects.filter(local_government=government).exists():
            log(f"  {government.code}: no stores yet, skipped")
            continue
        done = set(MetricSnapshot.objects.filter(local_government=government, scope="government",
                                                 eligible_stores__isnull=False).values_list("month", flat=True))
        todo = [m for m in months if m not in done] + [current_month()]  # the running month always
        services.aggregate_months(local_government_id=government.pk, months=todo)
        log(f"  {government.code}: metrics aggregated for {len(todo)} month(s)")


def seed_sales_and_metrics(seed: int, log: Callable[[str], None]) -> None:
    """The two last demo steps at once (sales.demo.seed_sales, then seed_metrics): for tests that need a
    dashboard with figures on the stores, districts and franchises they built."""
    from sales.demo import seed_sales

    seed_sales(seed, log)
    seed_metrics(seed, log)

"""Background work of the dashboard. Tasks take ids and JSON-friendly values and call services."""

from celery import shared_task

from . import services
from .months import add_months, current_month, month_key, parse_month


@shared_task(name="dashboard.tasks.aggregate_month")
def aggregate_month(local_government_id: int, month: str) -> dict:
    """Compute every snapshot of one month ("YYYY-MM" or an ISO date). Idempotent."""
    month_date = parse_month(month)
    # Snapshots, the stored impact study, then (after the commit) every body warmed before the switch.
    [result] = services.aggregate_months(local_government_id=local_government_id, months=[month_date])
    return {"local_government_id": local_government_id, "month": month_key(month_date), "rows": result.rows,
            "removed": result.removed}


@shared_task(name="dashboard.tasks.aggregate_recent_months")
def aggregate_recent_months() -> list[dict]:
    """Nightly (Celery beat): the running and the previous month of every government."""
    from districts.models import LocalGovernment

    this_month = current_month()
    results = []
    for government_id in LocalGovernment.objects.order_by("pk").values_list("pk", flat=True):
        for month in (add_months(this_month, -1), this_month):
            results.append(aggregate_month(government_id, month_key(month)))
    return results


@shared_task(name="dashboard.tasks.aggregate_since")
def aggregate_since(local_government_id: int, first_month: str) -> dict:
    """Every month from `first_month` to the running one (the empty dashboard's button). Idempotent."""
    from .months import months_between

    months = months_between(parse_month(first_month), current_month())
    results = services.aggregate_months(local_government_id=local_government_id, months=months)
    return {"local_government_id": local_government_id, "months": len(months), "rows": sum(r.rows for r in results)}

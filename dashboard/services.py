"""Writes of the dashboard: aggregating snapshots, queueing aggregation, cache invalidation.

After anything that changes a month's figures (a sales import, a franchise decision,
a store closing) `request_aggregation(local_government_id, month)` runs, through
`core.signals.sales_changed` (the sales app) and `core.signals.records_changed` (the other
apps): it writes one outbox row per government and month in the caller's transaction (run
after the commit), however many calls a burst makes.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import outbox

from . import extensions, impact, metrics
from .models import ImpactStudy, MetricSnapshot
from .months import add_months, as_of_date, current_month, month_key, months_between, parse_month

logger = logging.getLogger(__name__)

METRIC_FIELDS = ("open_stores", "openings", "closures", "franchise_stores", "new_franchises", "franchise_rate",
                 "eligible_stores", "eligible_franchise_stores", "franchise_rate_eligible", "total_sales_won",
                 "onnuri_sales_won", "onnuri_share", "sales_mom", "sales_yoy", "reporting_stores")


@dataclass(frozen=True)
class AggregationResult:
    local_government_id: int
    month: datetime.date
    rows: int
    removed: int


def aggregate_month(*, local_government_id: int, month, publish: bool = True) -> AggregationResult:
    """Compute and upsert every snapshot of one month. Idempotent: a rerun writes the same figures.

    Rows of scopes that no longer exist for that month (a district revoked with
    no stores left) are removed, so the month holds exactly the current result.
    With `publish`, the dashboard's bodies are rebuilt and switched to after the commit
    (`publish_dashboard`); `aggregate_months` publishes once for all its months.
    """
    month = parse_month(month)
    with transaction.atomic():
        figures = metrics.compute_month(local_government_id, month)
        extra = extensions.extra_figures(local_government_id=local_government_id, month=month,
                                         as_of=as_of_date(month))
        upserted, removed = save_snapshots(local_government_id, month, figures, extra)
        if publish:
            transaction.on_commit(lambda: publish_dashboard(local_government_id, [month]))
    return AggregationResult(local_government_id, month, upserted, removed)


def save_snapshots(local_government_id: int, month: datetime.date, figures: dict, extra: dict) -> tuple[int, int]:
    now = timezone.now()
    rows = [
        MetricSnapshot(local_government_id=local_government_id, month=month, scope=scope, scope_id=scope_id,
                       extra=extra.get((scope, scope_id), {}), computed_at=now, **values)
        for (scope, scope_id), values in figures.items()
    ]
    MetricSnapshot.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True,
        unique_fields=["local_government", "month", "scope", "scope_id"],
        update_fields=[*METRIC_FIELDS, "extra", "computed_at"],
    )
    return len(rows), remove_other_scopes(local_government_id, month, figures.keys())


def remove_other_scopes(local_government_id: int, month: datetime.date, keep) -> int:
    kept = Q(scope=metrics.GOVERNMENT)
    for scope in (metrics.DONG, metrics.DISTRICT):
        kept |= Q(scope=scope, scope_id__in=[scope_id for s, scope_id in keep if s == scope])
    removed, _ = MetricSnapshot.objects.filter(local_government_id=local_government_id, month=month).exclude(
        kept).delete()
    return removed


def aggregate_months(*, local_government_id: int, months) -> list[AggregationResult]:
    """Snapshots of each month, then their impact studies (one load of the sales), then one publish."""
    months = [parse_month(month) for month in months]
    with transaction.atomic():
        results = [aggregate_month(local_government_id=local_government_id, month=month, publish=False)
                   for month in months]
        store_impact_studies(local_government_id, months)
        transaction.on_commit(lambda: publish_dashboard(local_government_id, months))
    return results


def store_impact_studies(local_government_id: int, months) -> int:
    """Compute the event study (impact.py) as of each month and store it, so the cards read one row.

    The study needs every sales report of the government (hundreds of thousands of rows): it is
    computed here, in the background run, once for all the months of the run, never in a request.
    The body is kept as the exact JSON text the Python study gives (NaN included).
    """
    if not months:
        return 0
    panel = impact.load_panel(local_government_id)
    now = timezone.now()
    rows = [ImpactStudy(local_government_id=local_government_id, month=month, computed_at=now,
                        body=impact_json(impact.event_study(panel, as_of=month)))
            for month in sorted(set(months))]
    ImpactStudy.objects.bulk_create(rows, update_conflicts=True, unique_fields=["local_government", "month"],
                                    update_fields=["body", "computed_at"])
    return len(rows)


def impact_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


# --- Queueing, coalesced --------------------------------------------------------------------------

def aggregation_key(local_government_id: int, month: datetime.date) -> str:
    return f"dashboard.aggregate_month:{local_government_id}:{month_key(month)}"


def request_aggregation(local_government_id: int, month, *, countdown: int | None = None) -> bool:
    """Queue `aggregate_month` for this government and month, to run after the transaction commits.

    Coalesced without a cache: the first call of a burst writes one outbox row (dedupe key
    per government and month) due `countdown` seconds later (DASHBOARD_AGGREGATION_COUNTDOWN);
    further calls while that row waits do nothing. Once a worker claims the row, a new
    change queues the next run. Returns whether this call queued a run. A month after the
    running one is ignored.
    """
    month = parse_month(month)
    if month > current_month():
        return False
    if countdown is None:
        countdown = settings.DASHBOARD_AGGREGATION_COUNTDOWN
    queued = outbox.enqueue("dashboard.tasks.aggregate_month", local_government_id, month_key(month),
                            dedupe_key=aggregation_key(local_government_id, month), delay_seconds=countdown)
    return queued is not None


def request_aggregation_since(local_government_id: int, since: datetime.date | None) -> int:
    """Queue the months from `since` to the running one (None: every month already aggregated).

    Never earlier than the first aggregated month: older months were never shown.
    """
    aggregated = MetricSnapshot.objects.filter(local_government_id=local_government_id)
    first = aggregated.order_by("month").values_list("month", flat=True).first() or current_month()
    start = first if since is None else max(parse_month(since), first)
    return sum(request_aggregation(local_government_id, month) for month in months_between(start, current_month()))


def on_records_changed(sender, *, local_government_id: int, since, **kwargs) -> None:
    """Receiver of core.signals.records_changed (connected in DashboardConfig.ready)."""
    request_aggregation_since(local_government_id, since)


def months_affected_by_sales(month) -> list[datetime.date]:
    """A month's sales feed its own totals, the next month's MoM and the YoY a year later."""
    month = parse_month(month)
    return [m for m in (month, add_months(month, 1), add_months(month, 12)) if m <= current_month()]


def request_aggregation_for_sales(local_government_id: int, months) -> int:
    wanted = sorted({m for month in months for m in months_affected_by_sales(month)})
    return sum(request_aggregation(local_government_id, m) for m in wanted)


def on_sales_changed(sender, *, local_government_id: int, months, **kwargs) -> None:
    """Receiver of core.signals.sales_changed (connected in DashboardConfig.ready)."""
    request_aggregation_for_sales(local_government_id, months)


# --- Publishing: build every body under the next version, then switch to it --------------------

def publish_dashboard(local_government_id: int, months) -> int | None:
    """After a recomputation: warm the dashboard's bodies under a new cache version, then flip to it.

    Until the flip, officials keep reading the previous version's bodies (still cached); after it,
    every body they ask for first is already built, so no request pays the rebuild. Runs after the
    aggregation committed, in the worker; a cache that is down is logged, never raised (the figures
    are committed, and the next request builds what it needs).
    """
    from .selectors import warm_dashboard  # selectors import this module

    try:
        version = next_cache_version(local_government_id)
        warm_dashboard(local_government_id, months, version=version)
        cache.set(_version_key(local_government_id), version, timeout=None)
        return version
    except Exception:  # noqa: BLE001 - a cache outage must not fail a committed aggregation
        logger.exception("dashboard: publishing government %s failed", local_government_id)
        return None


def next_cache_version(local_government_id: int) -> int:
    # Past the clock too, so two publishers a millisecond apart do not share a version.
    return max(cache_version(local_government_id) + 1, int(time.time() * 1000))


# --- Cache versioning: every cached dashboard response carries the government's version ----------

def _version_key(local_government_id: int) -> str:
    return f"dashboard:version:{local_government_id}"


def cache_version(local_government_id: int) -> int:
    key = _version_key(local_government_id)
    version = cache.get(key)
    if version is None:
        # Start from the clock so a flushed cache never reuses an old version number.
        cache.add(key, int(time.time() * 1000), timeout=None)
        version = cache.get(key)
    return version


def bump_cache_version(local_government_id: int) -> int:
    key = _version_key(local_government_id)
    try:
        return cache.incr(key)
    except ValueError:  # not set yet (or evicted)
        cache.set(key, int(time.time() * 1000), timeout=None)
        return cache.get(key)


# --- The official's "compute the figures now" (the empty dashboard) ----------------------------------

def request_first_aggregation(*, official) -> bool:
    """Queue the computation of every month of the official's government (what `aggregate_metrics
    --all` does) as one outbox row. Returns False when one is already waiting: a second click
    queues nothing."""
    from django.core.exceptions import PermissionDenied

    from districts.models import LocalGovernment

    from .selectors import first_aggregation_key, first_aggregation_months

    if not getattr(official, "is_official", False) or official.local_government_id is None:
        raise PermissionDenied
    government = LocalGovernment.objects.get(pk=official.local_government_id)
    first = first_aggregation_months(government)[0]
    with transaction.atomic():
        queued = outbox.enqueue("dashboard.tasks.aggregate_since", government.pk, month_key(first),
                                dedupe_key=first_aggregation_key(government.pk))
    return queued is not None

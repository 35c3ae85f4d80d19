"""Demo step: 24 months of sales for every store (the dashboard's step then aggregates the metrics).

Runs after the stores, districts and franchises steps. The sales tell the story
Seo-gu reported: a store's sales rise 20-30% once it takes Onnuri certificates
(from its franchise's valid_from), on top of industry-specific levels,
seasonality (설 and 추석 peaks, summer and winter swings by industry) and noise.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Min

from core.months import add_months, current_month, month_end, months_between

SALES_MONTHS = 24
BATCH = 5_000

# Typical monthly sales (won) and average ticket (won) by SEMAS 대분류.
LEVEL_WON = {"I2": 22_000_000, "G2": 28_000_000, "S2": 11_000_000, "I1": 35_000_000, "P1": 16_000_000,
             "Q1": 48_000_000, "R1": 14_000_000, "L1": 9_000_000, "M1": 13_000_000, "N1": 12_000_000}
TICKET_WON = {"I2": 13_000, "G2": 21_000, "S2": 30_000, "I1": 65_000, "P1": 180_000, "Q1": 35_000,
              "R1": 25_000, "L1": 250_000, "M1": 90_000, "N1": 60_000}
DEFAULT_LEVEL, DEFAULT_TICKET = 15_000_000, 25_000
# Holiday-month lift (설 / 추석 gift and food shopping) by 대분류.
HOLIDAY_LIFT = {"G2": 0.30, "I2": 0.12}
DEFAULT_HOLIDAY_LIFT = 0.04
# Month-of-year swings by 대분류 (1 = January).
SEASON = {
    "I1": {7: 0.25, 8: 0.30, 12: -0.10, 1: -0.12, 2: -0.08},           # lodging: summer trips, quiet winter
    "I2": {7: -0.04, 8: -0.05, 12: 0.08, 5: 0.04},                     # food: year-end gatherings
    "G2": {12: 0.08, 7: -0.03, 8: -0.04},                              # retail: year-end
    "P1": {3: 0.10, 9: 0.06, 8: -0.06, 1: 0.04, 2: -0.05},             # education: terms
    "R1": {7: 0.08, 8: 0.08, 1: -0.08},
}


@dataclass(frozen=True)
class StoreForSales:
    store_id: int
    major: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    joined_on: datetime.date | None  # valid_from of the store's first franchise


def holiday_months(years: Iterable[int]) -> set[tuple[int, int]]:
    """(year, month) of 설날 and 추석; shopping before an early-month holiday falls in the month before."""
    import holidays

    calendar = holidays.KR(years=sorted(set(years)), language="en_US")
    found = set()
    for name in ("Korean New Year", "Chuseok"):
        for day in calendar.get_named(name, lookup="exact"):
            found.add((day.year, day.month))
            if day.day <= 10:
                previous = add_months(day.replace(day=1), -1)
                found.add((previous.year, previous.month))
    return found


def month_factors(months: list[datetime.date], majors: list[str]) -> np.ndarray:
    """Seasonal factor per (大분류, month): holiday peaks and summer/winter swings, with a mild trend."""
    peaks = holiday_months(m.year for m in months)
    factors = np.ones((len(majors), len(months)))
    for i, major in enumerate(majors):
        swings = SEASON.get(major, {})
        lift = HOLIDAY_LIFT.get(major, DEFAULT_HOLIDAY_LIFT)
        for j, month in enumerate(months):
            f = 1.0 + swings.get(month.month, 0.0) + 0.002 * j
            if (month.year, month.month) in peaks:
                f += lift
            factors[i, j] = f
    return factors


def open_fraction(store: StoreForSales, month: datetime.date) -> float:
    """Share of the month the store was open (0 when closed all month)."""
    first, last = month, month_end(month)
    start = max(first, store.opened_on or first)
    end = min(last, store.closed_on or last)
    if end < start:
        return 0.0
    return ((end - start).days + 1) / ((last - first).days + 1)


def generate_sales(stores: list[StoreForSales], months: list[datetime.date], *, seed: int) -> Iterable[tuple]:
    """Yield (store_id, month, total_won, onnuri_won, transactions) rows, deterministic for a seed."""
    rng = np.random.default_rng(seed)
    majors = sorted({s.major for s in stores} | set(LEVEL_WON))
    major_index = {m: i for i, m in enumerate(majors)}
    season = month_factors(months, majors)
    n = len(stores)
    store_effect = rng.lognormal(0.0, 0.45, n)
    uplift = rng.uniform(0.20, 0.30, n)
    onnuri_share = rng.uniform(0.06, 0.16, n)
    noise = rng.lognormal(0.0, 0.07, (n, len(months)))
    share_noise = rng.uniform(0.8, 1.2, (n, len(months)))
    ticket_noise = rng.uniform(0.85, 1.15, (n, len(months)))
    for i, store in enumerate(stores):
        level = LEVEL_WON.get(store.major, DEFAULT_LEVEL) * store_effect[i]
        ticket = TICKET_WON.get(store.major, DEFAULT_TICKET)
        row_season = season[major_index[store.major]]
        for j, month in enumerate(months):
            fraction = open_fraction(store, month)
            if fraction <= 0:
                continue
            treated = 0.0
            if store.joined_on and store.joined_on <= month_end(month):
                # The joining month counts for the days after joining.
                days = (month_end(month) - max(store.joined_on, month)).days + 1
                treated = days / month_end(month).day
            total = int(level * row_season[j] * noise[i, j] * fraction * (1 + uplift[i] * treated))
            onnuri = int(total * onnuri_share[i] * share_noise[i, j] * treated) if treated else 0
            transactions = max(1, int(total / (ticket * ticket_noise[i, j]))) if total else 0
            yield store.store_id, month, total, min(onnuri, total), transactions


def sales_months(today_month: datetime.date | None = None) -> list[datetime.date]:
    """The 24 complete months before the running one."""
    last = add_months(today_month or current_month(), -1)
    return months_between(add_months(last, -(SALES_MONTHS - 1)), last)


def stores_for_sales(local_government_id: int, first_month: datetime.date) -> list[StoreForSales]:
    """Stores open at some time in the window, with their industry's 대분류 and first franchise date."""
    from django.db.models import Q

    from merchants.models import Store

    rows = (Store.objects.filter(local_government_id=local_government_id)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first_month))
            .annotate(joined_on=Min("franchises__valid_from"))
            .values_list("pk", "industry__code", "opened_on", "closed_on", "joined_on")
            .order_by("pk"))
    return [StoreForSales(pk, (code or "")[:2], opened, closed, joined) for pk, code, opened, closed, joined in rows]


def insert_sales(rows: Iterable[tuple], *, source: str) -> int:
    """Insert (store_id, month, total, onnuri, transactions) rows in batches.

    SQLite caps a statement at 999 parameters (about 100 rows per bulk_create
    batch), so there a prepared INSERT through executemany is several times
    faster; other databases take large bulk_create batches.
    """
    from django.db import connection
    from django.utils import timezone

    from .models import SalesReport

    count = 0
    if connection.vendor == "sqlite":
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        sql = (f"INSERT INTO {SalesReport._meta.db_table} (store_id, month, total_won, onnuri_won, transactions, "
               "source, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")
        batch = []
        with connection.cursor() as cursor:
            for store_id, month, total, onnuri, transactions in rows:
                batch.append((store_id, month.isoformat(), total, onnuri, transactions, source, now, now))
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count
    batch = []
    for store_id, month, total, onnuri, transactions in rows:
        batch.append(SalesReport(store_id=store_id, month=month, total_won=total, onnuri_won=onnuri,
                                 transactions=transactions, source=source))
        if len(batch) >= BATCH:
            SalesReport.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        SalesReport.objects.bulk_create(batch)
        count += len(batch)
    return count


def seed_sales(seed: int, log: Callable[[str], None]) -> None:
    """24 months of demo sales for every store of every government.

    Idempotent and fast on a second run: a government that already has demo sales is skipped.
    The dashboard's step after this one aggregates the months.
    """
    from districts.models import LocalGovernment
    from merchants.models import Store

    from .models import SalesReport

    months = sales_months()
    for government in LocalGovernment.objects.order_by("code"):
        if not Store.objects.filter(local_government=government).exists():
            log(f"  {government.code}: no stores yet, skipped")
            continue
        if SalesReport.objects.filter(store__local_government=government,
                                      source=SalesReport.Source.DEMO).exists():
            log(f"  {government.code}: demo sales already there")
        else:
            stores = stores_for_sales(government.pk, months[0])
            with transaction.atomic():
                count = insert_sales(generate_sales(stores, months, seed=seed + int(government.code)),
                                     source=SalesReport.Source.DEMO)
            log(f"  {government.code}: {count:,} monthly sales reports for {len(stores):,} stores")

"""Benchmark: monthly aggregation at seed_demo scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/aggregate.py

Synthetic 서구: 17,000 stores in the 18 real dongs, 119 districts, franchises for
about 85% of the eligible stores, 24 months of demo sales (about 400,000 rows);
one store in 25 outside the districts is given as in 양동시장 (a recognised market),
so the eligible-store figures cover both places where Onnuri applies.
Compares `dashboard.services.aggregate_month` (the set-based statement, the roll-up
to districts, dongs and the government, and the upsert of every snapshot; publishing
the cache is timed apart) with the best single SQL statement we could write by hand
for the same figures (every scope's row, ratios included). It first asserts that the
statement's rows equal the stored snapshots field for field ("identical: yes"), then
times both interleaved. Target: aggregate_month <= 1.2x that statement.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard_common import analyze, load_seogu, median_ms, scratch_database, setup_django, timed  # noqa: E402

STORES, DISTRICTS, REPEAT = 17_000, 119, 11

# The best single statement we could write by hand for the same figures: franchises and the three
# months of sales each folded to one row per store first (no correlated EXISTS), one pass over the
# stores grouped by (district, dong), then the roll-up to districts, dongs and the government with
# GROUPING SETS and every ratio, so it returns exactly the snapshot rows' figures.
HAND_WRITTEN = """
WITH fr AS (
  SELECT f.store_id,
    bool_or(f.valid_from <= %(as_of)s AND f.valid_until >= %(as_of)s
            AND (f.status <> 'cancelled' OR f.cancelled_at >= %(next_day)s)) AS franchised,
    bool_or(f.valid_from BETWEEN %(month)s AND %(started_until)s) AS started,
    bool_or(f.valid_from <= %(day_before)s AND f.valid_until >= %(day_before)s
            AND (f.status <> 'cancelled' OR f.cancelled_at >= %(month_start)s)) AS renewed
  FROM giftcerts_franchise f JOIN merchants_store s ON s.id = f.store_id
  WHERE s.local_government_id = %(government)s
  GROUP BY f.store_id
), sr AS (
  SELECT r.store_id,
    SUM(r.total_won) FILTER (WHERE r.month = %(month)s) AS cur,
    SUM(r.onnuri_won) FILTER (WHERE r.month = %(month)s) AS cur_onnuri,
    SUM(r.total_won) FILTER (WHERE r.month = %(prev)s) AS prev,
    SUM(r.total_won) FILTER (WHERE r.month = %(ago)s) AS ago
  FROM sales_salesreport r JOIN merchants_store s ON s.id = r.store_id
  WHERE s.local_government_id = %(government)s AND r.month IN (%(month)s, %(prev)s, %(ago)s)
  GROUP BY r.store_id
), st AS (
  SELECT s.district_id, s.dong_id,
    (s.opened_on IS NULL OR s.opened_on <= %(as_of)s) AND (s.closed_on IS NULL OR s.closed_on > %(as_of)s) AS open,
    (d.status = 'designated' OR s.market_name = ANY(%(markets)s))
      AND i.code IS NOT NULL AND NOT (i.code LIKE ANY(%(restricted)s)) AS eligible,
    s.opened_on BETWEEN %(month)s AND %(last)s AS opening, s.closed_on BETWEEN %(month)s AND %(last)s AS closure,
    coalesce(fr.franchised, false) AS franchised, coalesce(fr.started AND NOT fr.renewed, false) AS new,
    sr.cur, sr.cur_onnuri, sr.prev, sr.ago
  FROM merchants_store s
  LEFT JOIN districts_district d ON d.id = s.district_id
  LEFT JOIN merchants_industrycategory i ON i.id = s.industry_id
  LEFT JOIN fr ON fr.store_id = s.id
  LEFT JOIN sr ON sr.store_id = s.id
  WHERE s.local_government_id = %(government)s
), grouped AS (
  SELECT district_id, dong_id,
    COUNT(*) FILTER (WHERE open) AS open_stores, COUNT(*) FILTER (WHERE opening) AS openings,
    COUNT(*) FILTER (WHERE closure) AS closures, COUNT(*) FILTER (WHERE open AND franchised) AS franchised,
    COUNT(*) FILTER (WHERE new) AS new_franchises, COUNT(*) FILTER (WHERE open AND eligible) AS eligible,
    COUNT(*) FILTER (WHERE open AND eligible AND franchised) AS eligible_franchised,
    coalesce(SUM(cur), 0) AS total, coalesce(SUM(cur_onnuri), 0) AS onnuri, COUNT(cur) AS reporting,
    SUM(cur) FILTER (WHERE prev IS NOT NULL) AS mom_cur, SUM(prev) FILTER (WHERE cur IS NOT NULL) AS mom_base,
    SUM(cur) FILTER (WHERE ago IS NOT NULL) AS yoy_cur, SUM(ago) FILTER (WHERE cur IS NOT NULL) AS yoy_base
  FROM st GROUP BY district_id, dong_id
)
SELECT CASE WHEN GROUPING(district_id) = 0 THEN 'district' WHEN GROUPING(dong_id) = 0 THEN 'dong'
            ELSE 'government' END AS scope,
  coalesce(CASE WHEN GROUPING(district_id) = 0 THEN district_id ELSE dong_id END, 0) AS scope_id,
  SUM(open_stores)::int, SUM(openings)::int, SUM(closures)::int, SUM(franchised)::int, SUM(new_franchises)::int,
  SUM(franchised)::float8 / NULLIF(SUM(open_stores), 0),
  SUM(eligible)::int, SUM(eligible_franchised)::int, SUM(eligible_franchised)::float8 / NULLIF(SUM(eligible), 0),
  SUM(total)::bigint, SUM(onnuri)::bigint, SUM(onnuri)::float8 / NULLIF(SUM(total), 0),
  coalesce(SUM(mom_cur), 0)::float8 / NULLIF(coalesce(SUM(mom_base), 0), 0) - 1,
  coalesce(SUM(yoy_cur), 0)::float8 / NULLIF(coalesce(SUM(yoy_base), 0), 0) - 1,
  SUM(reporting)::int
FROM grouped
GROUP BY GROUPING SETS ((district_id), (dong_id), ())
HAVING GROUPING(district_id) = 1 AND GROUPING(dong_id) = 1
    OR GROUPING(district_id) = 0 AND district_id IS NOT NULL
    OR GROUPING(dong_id) = 0 AND dong_id IS NOT NULL
"""


def hand_written_params(government, month):
    """The SQL's parameters; the market names and restricted codes are looked up as the ORM version does."""
    import datetime

    from dashboard.metrics import start_of_day
    from dashboard.months import add_months, as_of_date, month_end
    from giftcerts.models import RestrictedBusinessType
    from giftcerts.selectors import market_names_matching

    as_of = as_of_date(month)
    restricted = RestrictedBusinessType.objects.filter(active=True).exclude(code="").values_list("code", flat=True)
    return {"government": government.pk, "month": month, "last": month_end(month), "as_of": as_of,
            "markets": market_names_matching(government), "restricted": [f"{code}%" for code in restricted],
            "started_until": min(month_end(month), as_of),
            "prev": add_months(month, -1), "ago": add_months(month, -12),
            "day_before": month - datetime.timedelta(days=1), "month_start": start_of_day(month),
            "next_day": start_of_day(as_of + datetime.timedelta(days=1))}


def main():
    setup_django("aggregate")
    from django.db import connection, transaction

    from dashboard import metrics, services
    from dashboard.models import MetricSnapshot
    from dashboard.months import current_month
    from sales import demo
    from tests.dashboard import synthetic

    with scratch_database():
        print(f"Synthetic data: {STORES:,} stores, {DISTRICTS} districts, 24 months of sales")
        government = load_seogu()
        timed("stores, districts, franchises", synthetic.build, government, stores=STORES, districts=DISTRICTS)
        in_market = put_some_stores_in_a_market(government)
        print(f"  {in_market:,} stores outside the districts given as in 양동시장")
        months = demo.sales_months()
        stores = demo.stores_for_sales(government.pk, months[0])
        rows = timed("sales reports", demo.insert_sales, demo.generate_sales(stores, months, seed=42),
                     source="demo")
        print(f"  {rows:,} sales reports")
        analyze()
        month = months[-1]
        params = hand_written_params(government, month)

        def hand_written(jit: bool = False):
            with transaction.atomic(), connection.cursor() as cursor:
                if not jit:
                    cursor.execute("SET LOCAL jit = off")
                cursor.execute(HAND_WRITTEN, params)
                return cursor.fetchall()

        # First show that both give the same figures, row for row: the product's stored snapshots
        # (every scope with stores; the scopes without any hold zeros) against the statement's rows.
        services.aggregate_month(local_government_id=government.pk, month=month, publish=False)
        fields = ("open_stores", "openings", "closures", "franchise_stores", "new_franchises", "franchise_rate",
                  "eligible_stores", "eligible_franchise_stores", "franchise_rate_eligible", "total_sales_won",
                  "onnuri_sales_won", "onnuri_share", "sales_mom", "sales_yoy", "reporting_stores")
        stored = {(r[0], r[1]): tuple(r[2:]) for r in MetricSnapshot.objects.filter(
            local_government=government, month=month).values_list("scope", "scope_id", *fields)}
        theirs = {(r[0], r[1]): tuple(r[2:]) for r in hand_written()}
        assert set(theirs) <= set(stored), "scopes missing from the snapshots"
        for key, row in theirs.items():
            assert stored[key] == row, (key, stored[key], row)
        for key in set(stored) - set(theirs):  # dongs and districts with no store
            assert stored[key][0] == stored[key][9] == 0, key
        print(f"  identical: yes ({len(theirs)} scope rows equal, field for field; "
              f"{len(stored) - len(theirs)} scopes with no store hold zeros)")
        government_row = stored[("government", 0)]
        print(f"  {month:%Y-%m}: {government_row[0]:,} open stores, {government_row[6]:,} may join Onnuri "
              f"({government_row[8]:.1%} of them franchised)")

        services.store_impact_studies(government.pk, [month])  # as a run stores it: publish reads the row
        for _ in range(2):  # warm caches
            services.aggregate_month(local_government_id=government.pk, month=month, publish=False)
            hand_written()
        # Interleaved, so a change in the machine's load hits every variant alike (the machine is shared).
        samples = {"sql": [], "query": [], "full": [], "orm": [], "publish": []}
        variants = {"sql": hand_written,
                    "query": lambda: _grouped(metrics.grouped_store_figures, government.pk, month),
                    "full": lambda: services.aggregate_month(local_government_id=government.pk, month=month,
                                                             publish=False),
                    "orm": lambda: _grouped(metrics.grouped_store_figures_orm, government.pk, month),
                    "publish": lambda: services.publish_dashboard(government.pk, [month])}
        for _ in range(REPEAT):
            for name, run in variants.items():
                samples[name].append(median_ms(run, 1))
        ms = {k: statistics.median(v) for k, v in samples.items()}

        started = time.perf_counter()
        results = services.aggregate_months(local_government_id=government.pk, months=[*months, current_month()])
        all_s = time.perf_counter() - started
        snapshots = sum(r.rows for r in results)

        sql_ms = ms["sql"]
        print()
        print(f"One month ({month:%Y-%m}), {STORES:,} stores, medians of {REPEAT} interleaved runs:")
        print(f"  best hand-written SQL (pre-aggregated, GROUPING SETS) {sql_ms:8.1f} ms   (baseline)")
        print(f"  product's grouped statement only                      {ms['query']:8.1f} ms   "
              f"({ms['query'] / sql_ms:.2f}x)")
        print(f"  previous ORM query (correlated EXISTS) only           {ms['orm']:8.1f} ms   "
              f"({ms['orm'] / sql_ms:.2f}x)")
        print(f"  aggregate_month: statement + roll-up + upsert of {results[-1].rows} snapshots "
              f"{ms['full']:6.1f} ms   ({ms['full'] / sql_ms:.2f}x baseline; target <= 1.2x)")
        print(f"  publish (warm every body under the next version, then switch) {ms['publish']:6.1f} ms "
              "(after the commit, in the worker)")
        print(f"All {len(results)} months ({snapshots:,} snapshots, impact studies, one publish): {all_s:.2f} s")
        print(f"RESULT aggregate_month_ratio={ms['full'] / sql_ms:.2f} query_ratio={ms['query'] / sql_ms:.2f} "
              f"all_months_s={all_s:.2f}")


def put_some_stores_in_a_market(government) -> int:
    from giftcerts.models import RecognisedMarket
    from merchants.models import Store

    RecognisedMarket.objects.create(local_government=government, name="광주양동시장")
    outside = list(Store.objects.filter(local_government=government, district__isnull=True)
                   .order_by("pk").values_list("pk", flat=True))
    return Store.objects.filter(pk__in=outside[::25]).update(market_name="양동시장")


def _grouped(function, government_id, month):
    from django.db import transaction

    with transaction.atomic():  # as in aggregate_month (JIT off for this transaction)
        return function(government_id, month)


if __name__ == "__main__":
    main()

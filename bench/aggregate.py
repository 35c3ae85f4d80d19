"""Benchmark: monthly aggregation at seed_demo scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/aggregate.py

Synthetic 서구: 17,000 stores in the 18 real dongs, 119 districts, franchises for
about 85% of the eligible stores, 24 months of demo sales (about 400,000 rows);
one store in 25 outside the districts is given as in 양동시장 (a recognised market),
so the eligible-store figures cover both places where Onnuri applies.
Compares `dashboard.services.aggregate_month` (the query, the roll-up to
districts, dongs and the government, and the upsert of every snapshot) with one
hand-written SQL GROUP BY computing the same per-(district, dong) figures over
the same rows. Targets: within 2x of that SQL; all 24 months under 20 s.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard_common import analyze, load_seogu, median_ms, scratch_database, setup_django, timed  # noqa: E402

STORES, DISTRICTS, REPEAT = 17_000, 119, 15

HAND_WRITTEN = """
SELECT s.district_id, s.dong_id,
  COUNT(*) FILTER (WHERE (s.opened_on IS NULL OR s.opened_on <= %(as_of)s)
                     AND (s.closed_on IS NULL OR s.closed_on > %(as_of)s)) AS open_stores,
  COUNT(*) FILTER (WHERE s.opened_on BETWEEN %(month)s AND %(last)s) AS openings,
  COUNT(*) FILTER (WHERE s.closed_on BETWEEN %(month)s AND %(last)s) AS closures,
  COUNT(*) FILTER (WHERE (s.opened_on IS NULL OR s.opened_on <= %(as_of)s)
                     AND (s.closed_on IS NULL OR s.closed_on > %(as_of)s)
                     AND EXISTS (SELECT 1 FROM giftcerts_franchise f WHERE f.store_id = s.id
                                 AND f.valid_from <= %(as_of)s AND f.valid_until >= %(as_of)s
                                 AND (f.status <> 'cancelled' OR f.cancelled_at >= %(next_day)s))) AS franchised,
  COUNT(*) FILTER (WHERE (s.opened_on IS NULL OR s.opened_on <= %(as_of)s)
                     AND (s.closed_on IS NULL OR s.closed_on > %(as_of)s)
                     AND (d.status = 'designated' OR s.market_name = ANY(%(markets)s))
                     AND i.code IS NOT NULL AND NOT (i.code LIKE ANY(%(restricted)s))) AS eligible,
  COUNT(*) FILTER (WHERE (s.opened_on IS NULL OR s.opened_on <= %(as_of)s)
                     AND (s.closed_on IS NULL OR s.closed_on > %(as_of)s)
                     AND (d.status = 'designated' OR s.market_name = ANY(%(markets)s))
                     AND i.code IS NOT NULL AND NOT (i.code LIKE ANY(%(restricted)s))
                     AND EXISTS (SELECT 1 FROM giftcerts_franchise f WHERE f.store_id = s.id
                                 AND f.valid_from <= %(as_of)s AND f.valid_until >= %(as_of)s
                                 AND (f.status <> 'cancelled' OR f.cancelled_at >= %(next_day)s)))
    AS eligible_franchised,
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM giftcerts_franchise f WHERE f.store_id = s.id
                                 AND f.valid_from BETWEEN %(month)s AND %(last)s)
                     AND NOT EXISTS (SELECT 1 FROM giftcerts_franchise f WHERE f.store_id = s.id
                                 AND f.valid_from <= %(day_before)s AND f.valid_until >= %(day_before)s
                                 AND (f.status <> 'cancelled' OR f.cancelled_at >= %(month_start)s))) AS new_franchises,
  SUM(cur.total_won), SUM(cur.onnuri_won), COUNT(cur.id),
  SUM(cur.total_won) FILTER (WHERE prev.id IS NOT NULL), SUM(prev.total_won) FILTER (WHERE cur.id IS NOT NULL),
  SUM(cur.total_won) FILTER (WHERE ago.id IS NOT NULL), SUM(ago.total_won) FILTER (WHERE cur.id IS NOT NULL)
FROM merchants_store s
LEFT JOIN districts_district d ON d.id = s.district_id
LEFT JOIN merchants_industrycategory i ON i.id = s.industry_id
LEFT JOIN merchants_salesreport cur ON cur.store_id = s.id AND cur.month = %(month)s
LEFT JOIN merchants_salesreport prev ON prev.store_id = s.id AND prev.month = %(prev)s
LEFT JOIN merchants_salesreport ago ON ago.store_id = s.id AND ago.month = %(ago)s
WHERE s.local_government_id = %(government)s
GROUP BY s.district_id, s.dong_id
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
            "prev": add_months(month, -1), "ago": add_months(month, -12),
            "day_before": month - datetime.timedelta(days=1), "month_start": start_of_day(month),
            "next_day": start_of_day(as_of + datetime.timedelta(days=1))}


def main():
    setup_django("aggregate")
    from django.db import connection, transaction

    from dashboard import demo, metrics, services
    from dashboard.months import current_month
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

        def hand_written(jit: bool):
            with transaction.atomic(), connection.cursor() as cursor:
                if not jit:
                    cursor.execute("SET LOCAL jit = off")
                cursor.execute(HAND_WRITTEN, params)
                return cursor.fetchall()

        # Same figures from both ways, before timing anything.
        ours = sorted((r["district_id"] or 0, r["dong_id"] or 0, r["open_stores"], r["franchise_stores"],
                       r["eligible_stores"], r["eligible_franchise_stores"], r["new_franchises"],
                       r["total_sales_won"]) for r in _grouped(metrics, government.pk, month))
        theirs = sorted((r[0] or 0, r[1] or 0, r[2], r[5], r[6], r[7], r[8], r[9]) for r in hand_written(False))
        assert ours == theirs, "the hand-written SQL and the aggregation disagree"
        eligible = sum(row[4] for row in ours)
        print(f"  {month:%Y-%m}: {sum(row[2] for row in ours):,} open stores, {eligible:,} may join Onnuri "
              f"({sum(row[5] for row in ours) / eligible:.1%} of them franchised)")

        for _ in range(2):  # warm caches
            services.aggregate_month(local_government_id=government.pk, month=month)
            hand_written(False)
        # Interleaved, so a change in the machine's load hits every variant alike (the machine is shared).
        samples = {"sql": [], "sql_jit": [], "query": [], "full": []}
        variants = {"sql": lambda: hand_written(False), "sql_jit": lambda: hand_written(True),
                    "query": lambda: _grouped(metrics, government.pk, month),
                    "full": lambda: services.aggregate_month(local_government_id=government.pk, month=month)}
        for _ in range(REPEAT):
            for name, run in variants.items():
                samples[name].append(median_ms(run, 1))
        sql_ms, sql_jit_ms, query_ms, full_ms = (statistics.median(samples[k]) for k in ("sql", "sql_jit", "query",
                                                                                          "full"))

        started = time.perf_counter()
        results = services.aggregate_months(local_government_id=government.pk, months=[*months, current_month()])
        all_s = time.perf_counter() - started
        snapshots = sum(r.rows for r in results)

        print()
        print(f"One month ({month:%Y-%m}), {STORES:,} stores, medians of {REPEAT} runs:")
        print(f"  hand-written SQL GROUP BY (JIT off)            {sql_ms:8.1f} ms   (baseline)")
        print(f"  hand-written SQL GROUP BY (PostgreSQL default) {sql_jit_ms:8.1f} ms   "
              f"({sql_jit_ms / sql_ms:.2f}x baseline)")
        print(f"  ORM grouped query only                         {query_ms:8.1f} ms   ({query_ms / sql_ms:.2f}x)")
        print(f"  aggregate_month: query + roll-up + upsert of {results[-1].rows} snapshots "
              f"{full_ms:6.1f} ms   ({full_ms / sql_ms:.2f}x baseline; target <= 2x)")
        print(f"All {len(results)} months ({snapshots:,} snapshots): {all_s:.2f} s (target < 20 s)")
        print(f"RESULT aggregate_month_ratio={full_ms / sql_ms:.2f} all_months_s={all_s:.2f}")


def put_some_stores_in_a_market(government) -> int:
    from giftcerts.models import RecognisedMarket
    from merchants.models import Store

    RecognisedMarket.objects.create(local_government=government, name="광주양동시장")
    outside = list(Store.objects.filter(local_government=government, district__isnull=True)
                   .order_by("pk").values_list("pk", flat=True))
    return Store.objects.filter(pk__in=outside[::25]).update(market_name="양동시장")


def _grouped(metrics, government_id, month):
    from django.db import transaction

    with transaction.atomic():  # as in aggregate_month (JIT off for this transaction)
        return metrics.grouped_store_figures(government_id, month)


if __name__ == "__main__":
    main()

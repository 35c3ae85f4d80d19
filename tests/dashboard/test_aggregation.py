"""Monthly snapshots against figures computed by hand (the small world in conftest.py).

The same assertions run on SQLite and on PostgreSQL (DATABASE_URL): both must
give exactly these numbers.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import extensions, metrics, services
from dashboard.models import MetricSnapshot
from giftcerts.models import RecognisedMarket
from merchants.models import Store
from tests.factories import StoreFactory

D = datetime.date
MARCH, FEBRUARY, APRIL = D(2025, 3, 1), D(2025, 2, 1), D(2025, 4, 1)
FIELDS = ("open_stores", "openings", "closures", "franchise_stores", "new_franchises", "franchise_rate",
          "eligible_stores", "eligible_franchise_stores", "franchise_rate_eligible",
          "total_sales_won", "onnuri_sales_won", "onnuri_share", "sales_mom", "sales_yoy", "reporting_stores")


def snapshot(world, month, scope, scope_id=0) -> dict:
    row = MetricSnapshot.objects.get(local_government=world.government, month=month, scope=scope, scope_id=scope_id)
    return {f: getattr(row, f) for f in FIELDS}


def expect(**values) -> dict:
    return {f: values[f] for f in FIELDS}


def test_march_for_the_whole_government(aggregated_world):
    # Open on 31 March: S1, S2 (opened 15 March), S4, S5, S6, S7; S3 closed on 20 March.
    # Franchised on 31 March: S1, S2 (new), S5 (renewed); S4's franchise was cancelled on 10 March.
    # May join Onnuri: S1, S2 (D1), S4 (D2), S5 (양동시장, no district); not S6 (no district, no market)
    # nor S7 (유흥주점, restricted). Of those four, S1, S2 and S5 are franchised: 75%, against 3 of 6 open.
    # Month on month like for like: S1 10 -> 12 and S4 5 -> 6 million (S5 reported only in February).
    # Year on year: S1 9 -> 12 million is the only store with both March 2024 and March 2025.
    assert snapshot(aggregated_world, MARCH, "government") == expect(
        open_stores=6, openings=1, closures=1, franchise_stores=3, new_franchises=1, franchise_rate=3 / 6,
        eligible_stores=4, eligible_franchise_stores=3, franchise_rate_eligible=3 / 4,
        total_sales_won=24_000_000, onnuri_sales_won=2_000_000, onnuri_share=2 / 24,
        sales_mom=18 / 15 - 1, sales_yoy=12 / 9 - 1, reporting_stores=5)


def test_march_by_dong(aggregated_world):
    w = aggregated_world
    assert snapshot(w, MARCH, "dong", w.dong_a.pk) == expect(
        open_stores=2, openings=1, closures=1, franchise_stores=2, new_franchises=1, franchise_rate=1.0,
        eligible_stores=2, eligible_franchise_stores=2, franchise_rate_eligible=1.0,
        total_sales_won=17_000_000, onnuri_sales_won=1_500_000, onnuri_share=1.5 / 17,
        sales_mom=12 / 10 - 1, sales_yoy=12 / 9 - 1, reporting_stores=3)
    # Dong B: S4 (cancelled), S5 (renewed, in the market, no March report) and S7 (restricted).
    # YoY has no store with both years.
    assert snapshot(w, MARCH, "dong", w.dong_b.pk) == expect(
        open_stores=3, openings=0, closures=0, franchise_stores=1, new_franchises=0, franchise_rate=1 / 3,
        eligible_stores=2, eligible_franchise_stores=1, franchise_rate_eligible=0.5,
        total_sales_won=6_000_000, onnuri_sales_won=500_000, onnuri_share=0.5 / 6,
        sales_mom=6 / 5 - 1, sales_yoy=None, reporting_stores=1)


def test_march_by_district_with_the_moved_store_in_its_current_district(aggregated_world):
    w = aggregated_world
    assert snapshot(w, MARCH, "district", w.d1.pk) == expect(
        open_stores=2, openings=1, closures=0, franchise_stores=2, new_franchises=1, franchise_rate=1.0,
        eligible_stores=2, eligible_franchise_stores=2, franchise_rate_eligible=1.0,
        total_sales_won=15_000_000, onnuri_sales_won=1_500_000, onnuri_share=0.1,
        sales_mom=12 / 10 - 1, sales_yoy=12 / 9 - 1, reporting_stores=2)
    # S4 moved from D1 to D2: it counts in D2 (with its February base) for every recomputed month.
    # D2's restricted S7 is open but may not join.
    assert snapshot(w, MARCH, "district", w.d2.pk) == expect(
        open_stores=2, openings=0, closures=1, franchise_stores=0, new_franchises=0, franchise_rate=0.0,
        eligible_stores=1, eligible_franchise_stores=0, franchise_rate_eligible=0.0,
        total_sales_won=8_000_000, onnuri_sales_won=500_000, onnuri_share=0.5 / 8,
        sales_mom=6 / 5 - 1, sales_yoy=None, reporting_stores=2)
    # A designated district with no store has a row of zeros; a draft district has none.
    assert snapshot(w, MARCH, "district", w.d3.pk) == expect(
        open_stores=0, openings=0, closures=0, franchise_stores=0, new_franchises=0, franchise_rate=None,
        eligible_stores=0, eligible_franchise_stores=0, franchise_rate_eligible=None,
        total_sales_won=0, onnuri_sales_won=0, onnuri_share=None, sales_mom=None, sales_yoy=None,
        reporting_stores=0)
    assert not MetricSnapshot.objects.filter(scope="district", scope_id=w.d4.pk).exists()


def test_moving_a_store_and_recomputing_moves_its_figures_and_keeps_the_totals(small_world):
    w = small_world
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    before_d1 = snapshot(w, MARCH, "district", w.d1.pk)
    before_total = snapshot(w, MARCH, "government")
    assert before_d1["open_stores"] == 3 and before_d1["total_sales_won"] == 21_000_000

    Store.objects.filter(pk=w.stores["S4"].pk).update(district=w.d2)
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert snapshot(w, MARCH, "district", w.d1.pk)["open_stores"] == 2
    assert snapshot(w, MARCH, "district", w.d1.pk)["total_sales_won"] == 15_000_000
    assert snapshot(w, MARCH, "district", w.d2.pk)["total_sales_won"] == 8_000_000
    assert snapshot(w, MARCH, "government") == before_total


def test_a_month_with_no_reports(aggregated_world):
    # April 2025: nobody reported. Stock figures carry on; sales are zero and ratios have no base.
    assert snapshot(aggregated_world, APRIL, "government") == expect(
        open_stores=6, openings=0, closures=0, franchise_stores=3, new_franchises=0, franchise_rate=0.5,
        eligible_stores=4, eligible_franchise_stores=3, franchise_rate_eligible=0.75,
        total_sales_won=0, onnuri_sales_won=0, onnuri_share=None, sales_mom=None, sales_yoy=None,
        reporting_stores=0)


def test_year_on_year_is_none_when_the_year_before_is_missing(aggregated_world):
    february = snapshot(aggregated_world, FEBRUARY, "government")
    assert february["sales_yoy"] is None  # nothing was reported in February 2024
    assert february["sales_mom"] is None  # nor in January 2025
    # February: S1 joined (new), S4 (joined in January) and S5 (since 2024) franchised; S2 not open yet.
    assert (february["open_stores"], february["franchise_stores"], february["new_franchises"]) == (6, 3, 1)
    # S3 is still open in February and may join (D2): S1, S3, S4, S5 may join; S1, S4, S5 have joined.
    assert (february["eligible_stores"], february["eligible_franchise_stores"]) == (4, 3)


def test_a_cancelled_franchise_counts_until_its_cancellation(small_world):
    w = small_world
    services.aggregate_months(local_government_id=w.government.pk, months=[D(2025, 1, 1), FEBRUARY, MARCH])
    january = snapshot(w, D(2025, 1, 1), "dong", w.dong_b.pk)
    assert (january["franchise_stores"], january["new_franchises"]) == (2, 1)  # S4 joined, S5 franchised
    assert snapshot(w, FEBRUARY, "dong", w.dong_b.pk)["franchise_stores"] == 2
    assert snapshot(w, MARCH, "dong", w.dong_b.pk)["franchise_stores"] == 1  # S4 cancelled on 10 March


def test_another_governments_stores_never_count(aggregated_world):
    assert snapshot(aggregated_world, MARCH, "government")["total_sales_won"] == 24_000_000
    assert not MetricSnapshot.objects.filter(local_government=aggregated_world.other_government).exists()


def test_running_twice_gives_the_same_rows(small_world):
    w = small_world
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    first = {(r.scope, r.scope_id): (r.pk, {f: getattr(r, f) for f in FIELDS})
             for r in MetricSnapshot.objects.filter(month=MARCH)}
    result = services.aggregate_month(local_government_id=w.government.pk, month="2025-03")
    second = {(r.scope, r.scope_id): (r.pk, {f: getattr(r, f) for f in FIELDS})
              for r in MetricSnapshot.objects.filter(month=MARCH)}
    assert second == first
    # government + 18 dongs + 3 designated districts
    assert result.rows == len(first) == 1 + 18 + 3


def test_a_revoked_district_without_stores_loses_its_row_on_recompute(aggregated_world):
    from districts.models import District

    w = aggregated_world
    District.objects.filter(pk=w.d3.pk).update(status=District.Status.REVOKED)
    result = services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert result.removed == 1
    assert not MetricSnapshot.objects.filter(month=MARCH, scope="district", scope_id=w.d3.pk).exists()


def test_the_figures_come_from_one_grouped_query(small_world):
    # The eligibility filter needs the government, its markets, its stores' market names and the
    # restricted list: four small look-ups, made once, whatever the number of markets or codes.
    with CaptureQueriesContext(connection) as lookups:
        eligible = metrics.eligible_store_q(small_world.government.pk)
    assert len(lookups.captured_queries) == 4
    with CaptureQueriesContext(connection) as ctx:
        rows = metrics.grouped_store_figures(small_world.government.pk, MARCH, eligible)
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "GROUP BY" in selects[0]
    # One row per (district, dong) pair present among the stores, not one per store.
    assert len(rows) == len({(s.district_id, s.dong_id) for s in Store.objects.filter(
        local_government=small_world.government)})


def test_the_number_of_queries_does_not_grow_with_districts(small_world, django_assert_max_num_queries, monkeypatch):
    from tests.factories import DistrictFactory

    # The dashboard's own work and its built-in hotline adapter; each app's dashboard_blocks counts its own
    # queries in its tests.
    own = tuple(module for module in extensions.providers() if module.__name__.startswith("dashboard."))
    monkeypatch.setattr(extensions, "providers", lambda: own)
    # Scopes, the four eligibility look-ups, the grouped query (and PostgreSQL's SET LOCAL jit), the hotline's
    # figures, the upsert and the clean-up: a fixed handful.
    with django_assert_max_num_queries(16) as few:
        services.aggregate_month(local_government_id=small_world.government.pk, month=MARCH)
    for number in range(20):
        DistrictFactory(local_government=small_world.government, code=f"EXTRA{number}", status="designated")
        RecognisedMarket.objects.create(local_government=small_world.government, name=f"추가{number}시장")
        StoreFactory(local_government=small_world.government, market_name=f"추가{number}시장")
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.aggregate_month(local_government_id=small_world.government.pk, month=MARCH)


def test_extension_figures_are_stored_in_extra(small_world, monkeypatch):
    def aggregate(*, local_government_id, month, as_of):
        assert as_of == D(2025, 3, 31)
        return {("government", 0): {"open_tickets": 7}, ("district", small_world.d1.pk): {"open_tickets": 2}}

    monkeypatch.setattr(extensions, "providers", lambda: (SimpleNamespace(aggregate=aggregate),))
    services.aggregate_month(local_government_id=small_world.government.pk, month=MARCH)
    assert MetricSnapshot.objects.get(month=MARCH, scope="government").extra == {"open_tickets": 7}
    assert MetricSnapshot.objects.get(month=MARCH, scope="district", scope_id=small_world.d1.pk).extra == {
        "open_tickets": 2}
    assert MetricSnapshot.objects.get(month=MARCH, scope="district", scope_id=small_world.d2.pk).extra == {}


def test_the_database_refuses_a_second_row_for_the_same_scope_and_month(aggregated_world):
    row = MetricSnapshot.objects.get(month=MARCH, scope="government")
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricSnapshot.objects.create(local_government=row.local_government, month=MARCH, scope="government",
                                      scope_id=0, computed_at=timezone.now())


def test_the_database_refuses_a_government_row_with_a_scope_id(aggregated_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricSnapshot.objects.create(local_government=aggregated_world.government, month=D(2025, 5, 1),
                                      scope="government", scope_id=5, computed_at=timezone.now())


# --- Stores that may join Onnuri ------------------------------------------------------------------

def eligible_figures(world, scope="government", scope_id=0) -> tuple:
    row = snapshot(world, MARCH, scope, scope_id)
    return row["eligible_stores"], row["eligible_franchise_stores"], row["franchise_rate_eligible"]


def test_a_store_counts_as_eligible_in_a_recognised_market_only_while_the_market_is_recorded(small_world):
    w = small_world
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert eligible_figures(w, "dong", w.dong_b.pk) == (2, 1, 0.5)  # S4 (D1) and S5 (양동시장, franchised)
    RecognisedMarket.objects.filter(local_government=w.government).update(active=False)
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert eligible_figures(w, "dong", w.dong_b.pk) == (1, 0, 0.0)  # S5 is now outside every eligible place
    # The all-stores figures do not depend on where a store lies.
    assert snapshot(w, MARCH, "dong", w.dong_b.pk)["franchise_stores"] == 1


def test_a_market_of_another_government_does_not_make_a_store_eligible(small_world):
    w = small_world
    RecognisedMarket.objects.filter(local_government=w.government).delete()
    RecognisedMarket.objects.create(local_government=w.other_government, name="광주양동시장")
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert eligible_figures(w) == (3, 2, 2 / 3)  # S1, S2, S4 (all in D1 here); S5 no longer


def test_the_restricted_list_is_read_from_giftcerts(small_world):
    from giftcerts.models import RestrictedBusinessType

    w = small_world
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert eligible_figures(w) == (4, 3, 0.75)
    RestrictedBusinessType.objects.filter(code="I21101").update(active=False)  # an official lifts it
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    assert eligible_figures(w) == (5, 3, 0.6)  # S7 may now join
    assert eligible_figures(w, "district", w.d2.pk) == (1, 0, 0.0)  # S7 is D2's only open store here


def test_a_store_of_a_district_no_longer_designated_is_not_eligible(small_world):
    from districts.models import District

    w = small_world
    District.objects.filter(pk=w.d1.pk).update(status=District.Status.REVOKED)  # stores not yet released
    services.aggregate_month(local_government_id=w.government.pk, month=MARCH)
    # S1, S2 and S4 were eligible through D1 only; S5 still is, through its market.
    assert eligible_figures(w) == (1, 1, 1.0)
    assert snapshot(w, MARCH, "government")["open_stores"] == 6


def test_the_database_refuses_more_eligible_franchise_stores_than_eligible_stores(aggregated_world):
    row = MetricSnapshot.objects.get(month=MARCH, scope="government")
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricSnapshot.objects.filter(pk=row.pk).update(eligible_franchise_stores=row.eligible_stores + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricSnapshot.objects.filter(pk=row.pk).update(eligible_stores=row.open_stores + 1)

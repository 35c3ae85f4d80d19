"""The demo step: 24 months of sales with seasonality and the Onnuri uplift, then every month aggregated."""

import datetime

import numpy as np
import pytest
from django.db.models import Sum

from dashboard import demo, extensions, impact
from dashboard.models import MetricSnapshot
from dashboard.months import add_months, current_month
from giftcerts.models import Franchise
from merchants.models import Store
from sales import demo as sales_demo
from sales.models import SalesReport
from tests.conftest import load_bukgu, load_seogu, shared_world
from tests.dashboard import synthetic


def build_synthetic_world():
    seogu = load_seogu()
    load_bukgu()
    synthetic.build(seogu, stores=600, districts=8, seed=3)
    return seogu


@pytest.fixture(scope="class")
def synthetic_world(django_db_setup, django_db_blocker):
    """Seo-gu with 600 synthetic stores and Buk-gu with none, built once for the class below."""
    with shared_world(django_db_blocker) as build:
        yield build(build_synthetic_world)


def run(seed=42):
    lines = []
    demo.seed_sales_and_metrics(seed, lines.append)
    return lines


def test_holiday_months_lift_retail_sales():
    store = sales_demo.StoreForSales(1, "G2", datetime.date(2015, 1, 1), None, None)
    months = [datetime.date(2025, m, 1) for m in range(1, 13)]
    rows = {month: total for _id, month, total, _o, _t in sales_demo.generate_sales([store] * 1, months, seed=1)}
    peaks = sales_demo.holiday_months([2025])
    assert (2025, 1) in peaks and (2025, 10) in peaks  # 설 29 January, 추석 6 October 2025
    factors = sales_demo.month_factors(months, ["G2"])[0]
    assert factors[0] > factors[3] + 0.25 and factors[9] > factors[3] + 0.25
    assert min(rows.values()) > 0


@pytest.mark.django_db
class TestOnOneSyntheticWorld:
    """On one synthetic world, built once for the class (tests.conftest.shared_world); each test's changes
    are rolled back before the next."""

    def test_every_store_gets_its_open_months_and_every_month_is_aggregated(self, synthetic_world):
        lines = run()
        months = sales_demo.sales_months()
        assert len(months) == 24 and months[-1] == add_months(current_month(), -1)
        assert set(SalesReport.objects.values_list("month", flat=True)) == set(months)
        open_all_window = Store.objects.filter(local_government=synthetic_world, status="open",
                                               opened_on__lt=months[0])
        for store in open_all_window[:50]:
            assert SalesReport.objects.filter(store=store).count() == 24
        closed = Store.objects.filter(status="closed", closed_on__gte=months[0]).first()
        assert not SalesReport.objects.filter(store=closed, month__gt=closed.closed_on).exists()
        assert set(SalesReport.objects.values_list("source", flat=True)) == {"demo"}
        snapshot_months = set(MetricSnapshot.objects.filter(local_government=synthetic_world, scope="government")
                              .values_list("month", flat=True))
        assert snapshot_months == {*months, current_month()}
        assert any("29170: no stores yet" in line for line in lines)

    def test_a_second_run_is_fast_and_changes_nothing(self, synthetic_world, django_assert_max_num_queries,
                                                      monkeypatch):
        # The dashboard's own work and its built-in hotline adapter (each app's blocks count their own queries).
        own = tuple(module for module in extensions.providers() if module.__name__.startswith("dashboard."))
        monkeypatch.setattr(extensions, "providers", lambda: own)
        run()
        count = SalesReport.objects.count()
        totals = SalesReport.objects.aggregate(Sum("total_won"))
        snapshots = list(MetricSnapshot.objects.order_by("pk").values_list(
            "pk", "franchise_stores", "eligible_stores", "total_sales_won"))
        # A few checks (the sales step and the metrics step each list the governments and look for their stores),
        # the running month's aggregation and impact study, and the hotline adapter's lists of dongs and districts
        # (every one gets its zero figures).
        with django_assert_max_num_queries(28):
            lines = run()
        assert any("already there" in line for line in lines)
        assert any("metrics aggregated for 1 month(s)" in line for line in lines)
        assert SalesReport.objects.count() == count and SalesReport.objects.aggregate(Sum("total_won")) == totals
        assert list(MetricSnapshot.objects.order_by("pk").values_list(
            "pk", "franchise_stores", "eligible_stores", "total_sales_won")) == snapshots

    def test_the_running_month_is_recomputed_on_every_run(self, synthetic_world):
        """An earlier step's change hook may aggregate the running month before the franchises exist."""
        run()
        running = MetricSnapshot.objects.filter(month=current_month())
        expected = sorted(running.values_list("scope", "scope_id", "franchise_stores", "eligible_franchise_stores"))
        assert any(row[2] for row in expected)
        running.update(franchise_stores=0, eligible_franchise_stores=0)
        run()
        assert sorted(running.values_list("scope", "scope_id", "franchise_stores", "eligible_franchise_stores")) == \
            expected

    def test_a_second_run_fills_months_aggregated_before_the_eligible_figures_existed(self, synthetic_world):
        run()
        older = sales_demo.sales_months()[:3]
        MetricSnapshot.objects.filter(month__in=older).update(eligible_stores=None, eligible_franchise_stores=None,
                                                              franchise_rate_eligible=None)
        lines = run()
        assert any("metrics aggregated for 4 month(s)" in line for line in lines)  # and the running month
        assert not MetricSnapshot.objects.filter(eligible_stores__isnull=True).exists()
        # The synthetic stores inside districts are about 85% franchised, as in Seo-gu's own figure.
        latest = MetricSnapshot.objects.get(local_government=synthetic_world, scope="government",
                                            month=sales_demo.sales_months()[-1])
        assert 0.75 <= latest.franchise_rate_eligible <= 0.92
        assert latest.franchise_rate < latest.franchise_rate_eligible

    def test_the_same_seed_gives_the_same_sales(self, synthetic_world):
        run(seed=7)
        first = list(SalesReport.objects.order_by("store_id", "month").values_list("total_won", flat=True))
        SalesReport.objects.all().delete()
        run(seed=7)
        assert list(SalesReport.objects.order_by("store_id", "month").values_list("total_won", flat=True)) == first

    def test_no_onnuri_takings_before_a_store_joined(self, synthetic_world):
        run()
        for franchise in Franchise.objects.order_by("pk")[:40]:
            before = SalesReport.objects.filter(store=franchise.store, month__lt=franchise.valid_from.replace(day=1))
            assert before.aggregate(s=Sum("onnuri_won"))["s"] in (0, None)
            after = SalesReport.objects.filter(store=franchise.store, month__gt=franchise.valid_from)
            assert all(0 < r.onnuri_won < r.total_won for r in after)

    def test_the_demo_tells_the_uplift_story(self, synthetic_world):
        run()
        result = impact.event_study(impact.load_panel(synthetic_world.pk))
        assert result["post"] is not None and result["post"]["stores"] >= 20
        assert 0.15 <= result["post"]["uplift"] <= 0.35
        pre = [r["uplift"] for r in result["table"] if r["k"] < 0 and r.get("uplift") is not None]
        assert max(abs(u) for u in pre) < 0.08
        assert np.isfinite(result["post"]["ci_low"])

"""Issue 13 (performance): the set-based aggregation, the stored impact study, bodies warmed before the switch.

The set-based statement must give the previous implementation's figures exactly, on the small world and on a
synthetic world with demo sales; the stored study must be the Python study's; after a recomputation the next
version's bodies are all in the cache before the version key changes.
"""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dashboard import impact, metrics, selectors, services, tasks
from dashboard.models import ImpactStudy, MetricSnapshot
from giftcerts.models import Franchise
from merchants.models import Store
from sales import demo
from sales.models import SalesReport
from tests.conftest import load_bukgu, load_seogu, shared_world
from tests.dashboard import synthetic

D = datetime.date
MARCH = D(2025, 3, 1)


def by_group(rows) -> dict:
    """{(district, dong): figures}, a missing sum read as 0 (the roll-up adds `or 0`)."""
    return {(r["district_id"] or 0, r["dong_id"] or 0): {k: v or 0 for k, v in r.items()
                                                          if k not in ("district_id", "dong_id")}
            for r in rows}


def build_synthetic_sales_world():
    seogu = load_seogu()
    load_bukgu()
    synthetic.build(seogu, stores=500, districts=8, seed=5)
    months = demo.sales_months()
    demo.insert_sales(demo.generate_sales(demo.stores_for_sales(seogu.pk, months[0]), months, seed=7),
                      source="demo")
    # Cancelled and expired franchises too, so every franchise rule is exercised.
    some = list(Franchise.objects.filter(store__local_government=seogu).order_by("pk")[:40])
    for franchise in some[:20]:
        franchise.status = Franchise.Status.CANCELLED
        franchise.cancelled_at = datetime.datetime.combine(months[-3], datetime.time(12), tzinfo=datetime.UTC)
        franchise.save(update_fields=["status", "cancelled_at"])
    Store.objects.filter(pk__in=[f.store_id for f in some[20:]]).update(closed_on=months[-2], status="closed")
    return seogu, months


@pytest.fixture(scope="class")
def synthetic_sales_world(django_db_setup, django_db_blocker):
    """Built once for the class below (tests.conftest.shared_world)."""
    with shared_world(django_db_blocker) as build:
        yield build(build_synthetic_sales_world)


def test_set_based_figures_equal_the_previous_implementation_on_the_small_world(small_world):
    gov = small_world.government.pk
    for month in (D(2024, 3, 1), D(2025, 2, 1), MARCH, D(2025, 4, 1)):
        assert by_group(metrics.grouped_store_figures(gov, month)) == by_group(
            metrics.grouped_store_figures_orm(gov, month)), month


def test_a_repeated_aggregation_keeps_one_study_per_month(small_world, aggregate):
    aggregate(small_world, MARCH)
    aggregate(small_world, MARCH)
    assert ImpactStudy.objects.filter(local_government=small_world.government, month=MARCH).count() == 1
    assert not ImpactStudy.objects.filter(local_government=small_world.other_government).exists()


def test_the_kpi_cards_read_the_stored_study_not_the_sales(aggregated_world, official_client):
    services.bump_cache_version(aggregated_world.government.pk)  # cold cache: the cards are built by this request
    with CaptureQueriesContext(connection) as queries:
        assert official_client.get("/api/dashboard/kpis?month=2025-03").status_code == 200
    assert any("dashboard_impactstudy" in q["sql"] for q in queries.captured_queries)
    assert not any(SalesReport._meta.db_table in q["sql"] for q in queries.captured_queries)


def test_every_body_is_warm_before_the_version_switches(small_world, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    gov = small_world.government.pk
    services.aggregate_months(local_government_id=gov, months=[D(2025, 2, 1)])  # something to show first
    real = cache
    seen = []

    class Spy:
        def __getattr__(self, name):
            return getattr(real, name)

        def set(self, key, value, *args, **kwargs):
            if key == services._version_key(gov):
                seen.append(snapshot_of_bodies(gov, value))
            return real.set(key, value, *args, **kwargs)

    monkeypatch.setattr(services, "cache", Spy())
    old = services.cache_version(gov)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.aggregate_month(gov, "2025-03")
    assert len(seen) == 1
    version, old_then, bodies = seen[0]
    assert old_then == old and version > old  # officials read the old version while the new one is built
    assert bodies and all(bodies.values()), [name for name, ok in bodies.items() if not ok]
    assert services.cache_version(gov) == version


def snapshot_of_bodies(gov, version) -> tuple:
    """(new version, version officials read now, {body: present under the new version})."""
    government = small_world_government(gov)
    month = selectors.latest_month(government)
    names = {f"districts:{month:%Y-%m}": False, "stores": False}
    bodies = {name: cache.get(selectors.body_key(gov, name, version=version, per_language=per_lang)) is not None
              for name, per_lang in names.items()}
    for language in ("ko", "en"):
        with translation.override(language):
            for name in (f"kpis:{month:%Y-%m}", f"breakdowns:{month:%Y-%m}", "trends:government:0"):
                bodies[f"{language}:{name}"] = cache.get(selectors.body_key(gov, name, version=version)) is not None
    return version, services.cache_version(gov), bodies


def small_world_government(gov):
    from districts.models import LocalGovernment

    return LocalGovernment.objects.get(pk=gov)


def test_after_a_recomputation_the_first_requests_build_nothing(aggregated_world, official_client,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.aggregate_month(aggregated_world.government.pk, "2025-03")
    for url in ("/api/dashboard/kpis?month=2025-03", "/api/dashboard/districts.geojson?month=2025-03",
                "/api/dashboard/stores.json", "/api/dashboard/breakdowns?month=2025-03",
                "/api/dashboard/trends"):
        with CaptureQueriesContext(connection) as queries:
            assert official_client.get(url).status_code == 200
        # The month's existence check (SELECT 1 ... LIMIT 1) is the request's own; anything else is a build.
        built = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith('SELECT 1 AS "a"')
                 and any(t in q["sql"] for t in ("dashboard_metricsnapshot", "merchants_store", "dashboard_impact"))]
        assert not built, url


def test_a_failing_cache_does_not_fail_a_committed_aggregation(small_world, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(selectors, "warm_dashboard", broken)
    before = services.cache_version(small_world.government.pk)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.aggregate_month(small_world.government.pk, "2025-03")
    assert result["rows"] == MetricSnapshot.objects.filter(month=MARCH).count() > 0
    assert services.cache_version(small_world.government.pk) == before  # not switched to unbuilt bodies


def test_the_warmed_bodies_are_the_bodies_a_request_builds(aggregated_world, official_client,
                                                           django_capture_on_commit_callbacks):
    url = "/api/dashboard/kpis?month=2025-03"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.aggregate_month(aggregated_world.government.pk, "2025-03")
    warmed = official_client.get(url).content
    services.bump_cache_version(aggregated_world.government.pk)
    assert official_client.get(url).content == warmed


@pytest.mark.django_db
class TestOnOneSyntheticSalesWorld:
    """On one synthetic world with demo sales, built once for the class (tests.conftest.shared_world); each
    test's changes are rolled back before the next."""

    def test_set_based_figures_equal_the_previous_implementation_on_a_synthetic_world(self, synthetic_sales_world):
        government, months = synthetic_sales_world
        for month in (months[0], months[11], months[-3], months[-2], months[-1]):
            ours = by_group(metrics.grouped_store_figures(government.pk, month))
            assert ours == by_group(metrics.grouped_store_figures_orm(government.pk, month)), month
        assert sum(g["total_sales_won"] for g in ours.values()) > 0 and sum(g["new_franchises"] for g in ours.values())

    def test_the_stored_impact_study_is_the_python_study(self, synthetic_sales_world):
        government, months = synthetic_sales_world
        chosen = [months[-1], months[-6]]
        services.aggregate_months(local_government_id=government.pk, months=chosen)
        panel = impact.load_panel(government.pk)
        for month in chosen:
            python = impact.event_study(panel, as_of=month)
            stored = ImpactStudy.objects.get(local_government=government, month=month).body
            assert stored == json.dumps(python, ensure_ascii=False, separators=(",", ":"))
            assert selectors.impact_summary(government, month) == json.loads(json.dumps(python))
        assert json.loads(stored)["stores"] > 0  # the study has joined stores to report

"""The seed_demo districts step on synthetic clustered stores plus the real 양동시장 stores."""

import pytest
from django.core.management import call_command

from districts import demo, demo_plan, geo, services
from districts.models import DesignationEvent, District
from merchants.models import Store
from tests.conftest import load_seogu, make_user, shared_world
from tests.districts.factories import clustered_stores, load_yangdong_market_stores

Status = District.Status


def build_stores():
    seogu = load_seogu()
    make_user("official", role="official", local_government=seogu, last_name="김", first_name="서구")
    market = load_yangdong_market_stores(seogu)
    return len(market) + clustered_stores(seogu)


@pytest.fixture(scope="class")
def stores(django_db_setup, django_db_blocker):
    """Seo-gu, its official, the real 양동시장 stores and clustered synthetic ones: built once for the class
    below (tests.conftest.shared_world)."""
    with shared_world(django_db_blocker) as build:
        yield build(build_stores)


def snapshot():
    return sorted((d.code, d.name, d.status, round(d.area_m2, 3), d.store_count)
                  for d in District.objects.all())


def test_seed_splits_large_districts_when_dense_groups_are_too_few(seogu, monkeypatch):
    make_user("official", role="official", local_government=seogu)
    clustered_stores(seogu, clusters_per_dong=1, per_cluster=150, spread_m=25, background_per_dong=10)
    monkeypatch.setattr(demo, "DESIGNATED_TARGET", 30)
    splits = []
    split = demo_plan.Carver.split
    monkeypatch.setattr(demo_plan.Carver, "split", lambda self, *a, **k: splits.append(1) or split(self, *a, **k))
    demo.seed_districts(7, lambda line: None)
    designated = District.objects.filter(status=Status.DESIGNATED)
    assert designated.count() == 30 and splits  # 18 dense groups, split to reach the target
    shapes = {d.pk: geo.validate_geometry(d.boundary) for d in designated}
    for pk, shape in shapes.items():
        assert geo.overlaps(shape, {k: v for k, v in shapes.items() if k != pk}) == []
    assert all(services.district_criteria(d).passed for d in designated)


@pytest.mark.django_db
def test_seed_without_stores_or_government_does_nothing():
    lines = []
    demo.seed_districts(42, lines.append)
    assert "skipped" in lines[0] and not District.objects.exists()


@pytest.mark.django_db
class TestOnClusteredAndMarketStores:
    """On one set of stores, built once for the class (tests.conftest.shared_world); each test's changes are
    rolled back before the next."""

    def test_seed_builds_valid_non_overlapping_districts_in_every_dong(self, stores, monkeypatch):
        monkeypatch.setattr(demo, "DESIGNATED_TARGET", 40)
        lines = []
        demo.seed_districts(42, lines.append)
        designated = list(District.objects.filter(status=Status.DESIGNATED).prefetch_related("dongs"))
        assert len(designated) == 40, lines

        # Every district meets the government's rule on its own (exceptions are never used).
        for district in designated:
            result = services.district_criteria(district)
            assert result.passed, (district.name, [c.message for c in result.failing])
            assert not district.exception_reason and district.notice_number
            assert district.events.filter(kind=DesignationEvent.Kind.DESIGNATED).exists()

        # Non-overlapping, all 18 dongs covered, each district inside one dong (clipped to it).
        shapes = {d.pk: geo.validate_geometry(d.boundary) for d in designated}
        for district in designated:
            others = {k: v for k, v in shapes.items() if k != district.pk}
            assert geo.overlaps(shapes[district.pk], others) == []
        covered = {dong.name for d in designated for dong in d.dongs.all()}
        assert len(covered) == 18

        # The real 양동시장 stores form their own district, named after the market.
        market = District.objects.get(name="양동시장 골목형상점가")
        held = Store.objects.filter(district=market)
        assert held.filter(source="market").count() >= 300
        assert market.organization_name == "양동시장골목상인회"

        # Stores follow their district; drafts, a submitted one and one revoked district for realism.
        assert Store.objects.filter(district__status=Status.DESIGNATED).count() == sum(
            Store.objects.filter(district=d).count() for d in designated)
        statuses = list(District.objects.values_list("status", flat=True))
        assert statuses.count("revoked") == 1 and statuses.count("submitted") >= 1 and statuses.count("draft") >= 1
        revoked = District.objects.get(status=Status.REVOKED)
        assert revoked.revocation_ground == "suspended" and not revoked.stores.exists()
        assert all("골목형상점가" in d.name for d in District.objects.all())

    def test_seed_is_idempotent_and_deterministic(self, stores, monkeypatch):
        monkeypatch.setattr(demo, "DESIGNATED_TARGET", 30)
        demo.seed_districts(42, lambda line: None)
        first = snapshot()
        events = DesignationEvent.objects.count()
        lines = []
        demo.seed_districts(42, lines.append)  # second run: finds them and stops
        assert snapshot() == first and DesignationEvent.objects.count() == events
        assert "skipped" in lines[0]

        Store.objects.update(district=None)
        District.objects.all().delete()
        demo.seed_districts(42, lambda line: None)
        assert snapshot() == first  # same stores, same seed: the same districts

    def test_seed_demo_command_runs_the_districts_step(self, stores, monkeypatch):
        monkeypatch.setattr(demo, "DESIGNATED_TARGET", 20)
        call_command("seed_demo", "--only", "districts")
        assert District.objects.filter(status=Status.DESIGNATED).count() == 20

"""A small world whose March 2025 figures are computed by hand (see test_aggregation.py).

Stores of 서구 (dong A = 양동, dong B = 농성1동; districts D1, D2 designated,
D3 designated with no store, D4 a draft):

  S1 dong A, D1, open since 2020; franchise from 2025-02-10 (active)
  S2 dong A, D1, opened 2025-03-15; franchise from 2025-03-20 (new in March)
  S3 dong A, D2, closed 2025-03-20
  S4 dong B, D1 at first (moves to D2 in a test); franchise from 2025-01-05, cancelled 2025-03-10
  S5 dong B, no district but in 양동시장 (recognised as 광주양동시장); franchise 2024-03-01..2025-02-28
     (expired), renewed from 2025-03-01
  S6 no dong, no district, no market (a store imported without a dong)
  S7 dong B, D2, 일반 유흥 주점 (I21101, a restricted business type), open since 2018, no franchise
  X1 a store of 북구 (another government): never counted for 서구

Every 서구 store is 한식 백반 (I20101) but S7. Stores that may join Onnuri (place and business type):
S1, S2, S3 (until it closed), S4 and S5; not S6 (outside every district and market) nor S7 (restricted).

Sales (won): 2024-03: S1 9,000,000, S5 7,000,000
             2025-02: S1 10,000,000, S4 5,000,000, S5 8,000,000
             2025-03: S1 12,000,000 (Onnuri 1,500,000), S2 3,000,000, S3 2,000,000,
                      S4 6,000,000 (Onnuri 500,000), S6 1,000,000
             2025-04: none
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from districts.models import AdministrativeDong, District
from giftcerts.models import Franchise, RecognisedMarket
from merchants.models import IndustryCategory, Store
from tests.factories import DistrictFactory, FranchiseFactory, SalesReportFactory, StoreFactory

D = datetime.date


@dataclass
class SmallWorld:
    government: object
    other_government: object
    dong_a: AdministrativeDong
    dong_b: AdministrativeDong
    d1: District
    d2: District
    d3: District
    d4: District
    stores: dict


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def build_small_world(seogu, bukgu) -> SmallWorld:
    dong_a = AdministrativeDong.objects.get(code="29140575")
    dong_b = AdministrativeDong.objects.filter(local_government=seogu).exclude(pk=dong_a.pk).order_by("code").first()
    designated = {"status": District.Status.DESIGNATED, "designated_on": D(2024, 6, 1), "local_government": seogu}
    d1 = DistrictFactory(code="D1", name="양동 골목", **designated)
    d2 = DistrictFactory(code="D2", name="농성 골목", **designated)
    d3 = DistrictFactory(code="D3", name="빈 골목", **designated)
    d4 = DistrictFactory(code="D4", name="초안 골목", local_government=seogu)

    def store(name, **kwargs):
        return StoreFactory(local_government=seogu, name=name, **kwargs)

    s = {
        "S1": store("S1", dong=dong_a, district=d1, opened_on=D(2020, 1, 1)),
        "S2": store("S2", dong=dong_a, district=d1, opened_on=D(2025, 3, 15)),
        "S3": store("S3", dong=dong_a, district=d2, opened_on=D(2019, 5, 1), status=Store.Status.CLOSED,
                    closed_on=D(2025, 3, 20)),
        "S4": store("S4", dong=dong_b, district=d1, opened_on=D(2018, 1, 1)),
        "S5": store("S5", dong=dong_b, district=None, opened_on=D(2018, 1, 1), market_name="양동시장"),
        "S6": store("S6", dong=None, district=None, opened_on=D(2018, 1, 1)),
        "S7": store("S7", dong=dong_b, district=d2, opened_on=D(2018, 1, 1), industry=bar_category()),
    }
    RecognisedMarket.objects.create(local_government=seogu, name="광주양동시장")
    s["X1"] = StoreFactory(local_government=bukgu, name="X1", dong=None, opened_on=D(2018, 1, 1))
    FranchiseFactory(store=s["S1"], valid_from=D(2025, 2, 10))
    FranchiseFactory(store=s["S2"], valid_from=D(2025, 3, 20))
    FranchiseFactory(store=s["S4"], valid_from=D(2025, 1, 5), status=Franchise.Status.CANCELLED,
                     cancelled_at=timezone.make_aware(datetime.datetime(2025, 3, 10, 14, 0)))
    FranchiseFactory(store=s["S5"], valid_from=D(2024, 3, 1), valid_until=D(2025, 2, 28),
                     status=Franchise.Status.EXPIRED)
    FranchiseFactory(store=s["S5"], valid_from=D(2025, 3, 1))
    FranchiseFactory(store=s["X1"], valid_from=D(2025, 3, 2))
    for name, month, total, onnuri in [
        ("S1", D(2024, 3, 1), 9_000_000, 0), ("S5", D(2024, 3, 1), 7_000_000, 0),
        ("S1", D(2025, 2, 1), 10_000_000, 0), ("S4", D(2025, 2, 1), 5_000_000, 0),
        ("S5", D(2025, 2, 1), 8_000_000, 0),
        ("S1", D(2025, 3, 1), 12_000_000, 1_500_000), ("S2", D(2025, 3, 1), 3_000_000, 0),
        ("S3", D(2025, 3, 1), 2_000_000, 0), ("S4", D(2025, 3, 1), 6_000_000, 500_000),
        ("S6", D(2025, 3, 1), 1_000_000, 0), ("X1", D(2025, 3, 1), 99_000_000, 0),
    ]:
        SalesReportFactory(store=s[name], month=month, total_won=total, onnuri_won=onnuri)
    return SmallWorld(seogu, bukgu, dong_a, dong_b, d1, d2, d3, d4, s)


def bar_category() -> IndustryCategory:
    """일반 유흥 주점 (I21101) under 주점 (I211) and 음식 (I2): on the restricted list seeded by giftcerts."""
    major, _ = IndustryCategory.objects.get_or_create(code="I2", defaults={"name": "음식", "level": 1})
    middle, _ = IndustryCategory.objects.get_or_create(code="I211", defaults={"name": "주점", "level": 2,
                                                                              "parent": major})
    return IndustryCategory.objects.get_or_create(code="I21101", defaults={"name": "일반 유흥 주점", "level": 3,
                                                                         "parent": middle})[0]


@pytest.fixture
def small_world(seogu, bukgu):
    return build_small_world(seogu, bukgu)


@pytest.fixture
def aggregate(django_capture_on_commit_callbacks):
    """Aggregate months as a task would: the cache version is bumped when the transaction commits."""
    from dashboard import services

    def run(world, *months):
        with django_capture_on_commit_callbacks(execute=True):
            return services.aggregate_months(local_government_id=world.government.pk, months=list(months))

    return run


@pytest.fixture
def aggregated_world(small_world, aggregate):
    """The small world with S4 moved to D2 and February to April 2025 aggregated."""
    Store.objects.filter(pk=small_world.stores["S4"].pk).update(district=small_world.d2)
    aggregate(small_world, D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1))
    return small_world

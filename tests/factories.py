"""factory_boy factories shared by every app's tests.

Stores default to real positions inside 서구 양동 (the 양동시장 area), so the
point locator puts them in a real dong. Apps may add their own factories in
tests/<app>/factories.py.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from shapely.geometry import box

from districts import geo
from districts.models import District, LocalGovernment
from giftcerts.models import Franchise
from giftcerts.rules import add_years
from merchants import bizno
from merchants.models import IndustryCategory, Merchant, Store
from sales.models import SalesReport

# A point in the middle of 양동시장 (서구 양동), from the real market store file.
YANGDONG_LON, YANGDONG_LAT = 126.9029, 35.1538


def square(lon: float, lat: float, half_side_m: float) -> dict:
    """A GeoJSON Polygon: a square of 2*half_side_m metres centred on lon/lat."""
    dlon = half_side_m / (111_320.0 * 0.8192)  # cos(35.15°)
    dlat = half_side_m / 110_950.0
    return geo.to_geojson(box(lon - dlon, lat - dlat, lon + dlon, lat + dlat), precision=7)


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment
        django_get_or_create = ("code",)

    code = "29140"
    name = "광주광역시 서구"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kr")
    password = factory.django.Password("test-pass-2026!")


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    user = factory.SubFactory(UserFactory, role="merchant")


class IndustryCategoryFactory(factory.django.DjangoModelFactory):
    """Defaults to 한식 백반/한정식 (I20101) under 음식 (I2) / 한식 (I201)."""

    class Meta:
        model = IndustryCategory
        django_get_or_create = ("code",)

    code = "I20101"
    name = "백반/한정식"
    level = 3
    parent = factory.LazyFunction(lambda: IndustryCategory.objects.get_or_create(
        code="I201", defaults={"name": "한식", "level": 2, "parent": IndustryCategory.objects.get_or_create(
            code="I2", defaults={"name": "음식", "level": 1})[0]})[0])


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    local_government = factory.SubFactory(LocalGovernmentFactory)
    source = Store.Source.SEMAS
    external_id = factory.Sequence(lambda n: f"MA0101202{n:07d}")
    name = factory.Sequence(lambda n: f"테스트상회{n}")
    industry = factory.SubFactory(IndustryCategoryFactory)
    business_number = factory.Sequence(lambda n: bizno.make_valid(f"{120 + n % 800:03d}81{n:04d}"))
    road_address = "광주광역시 서구 천변좌로 262"
    lon = YANGDONG_LON
    lat = YANGDONG_LAT
    status = Store.Status.OPEN
    opened_on = datetime.date(2020, 1, 1)


class DistrictFactory(factory.django.DjangoModelFactory):
    """A 100 m x 100 m draft district around 양동시장 (areas etc. as a service would compute)."""

    class Meta:
        model = District

    local_government = factory.SubFactory(LocalGovernmentFactory)
    code = factory.Sequence(lambda n: f"SG-{n:03d}")
    name = factory.Sequence(lambda n: f"테스트 골목형상점가 {n}")
    boundary = factory.LazyFunction(lambda: square(YANGDONG_LON, YANGDONG_LAT, 50))
    area_m2 = factory.LazyAttribute(lambda d: geo.area_m2(d.boundary))
    min_lon = factory.LazyAttribute(lambda d: geo.bbox(geo.validate_geometry(d.boundary))[0])
    min_lat = factory.LazyAttribute(lambda d: geo.bbox(geo.validate_geometry(d.boundary))[1])
    max_lon = factory.LazyAttribute(lambda d: geo.bbox(geo.validate_geometry(d.boundary))[2])
    max_lat = factory.LazyAttribute(lambda d: geo.bbox(geo.validate_geometry(d.boundary))[3])
    organization_name = "양동골목상인회"
    organization_representative = "김대표"
    organization_contact = "062-000-0000"
    merchants_total = 40
    merchants_consenting = 30


class FranchiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Franchise

    store = factory.SubFactory(StoreFactory)
    number = factory.Sequence(lambda n: f"29140-{n:06d}")
    kinds = factory.LazyFunction(lambda: ["paper", "card", "mobile"])
    valid_from = datetime.date(2025, 1, 1)
    valid_until = factory.LazyAttribute(lambda f: add_years(f.valid_from, 3))
    status = Franchise.Status.ACTIVE


class SalesReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesReport

    store = factory.SubFactory(StoreFactory)
    month = datetime.date(2026, 1, 1)
    total_won = 30_000_000
    onnuri_won = 3_000_000
    transactions = 1_200
    source = SalesReport.Source.DEMO

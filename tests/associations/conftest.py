"""An association world: two adjacent districts and a far one in 서구, their stores, an association with an
officer account; 북구 with its own district and association (the other government)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from associations import services
from associations.models import Officer
from tests.conftest import load_bukgu, load_seogu, make_user, shared_world
from tests.factories import YANGDONG_LAT, YANGDONG_LON, DistrictFactory, StoreFactory, square

# 서구 양동: a 100 m square, its neighbour 120 m east (20 m apart) and one 1 km away.
EAST = 120 / (111_320.0 * 0.8192)
FAR = 1000 / (111_320.0 * 0.8192)

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
HWP_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"HWP Document File" + b"\x00" * 200


def pdf(name="회의록.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def hwp(name="회의록.hwp"):
    return SimpleUploadedFile(name, HWP_BYTES, content_type="application/x-hwp")


def district_at(government, lon, lat, **extra):
    district = DistrictFactory(local_government=government, status="designated",
                               boundary=square(lon, lat, 50), **extra)
    return district


def stores_in(district, count, **extra):
    lon = (district.min_lon + district.max_lon) / 2
    lat = (district.min_lat + district.max_lat) / 2
    return [StoreFactory(local_government=district.local_government, district=district, lon=lon, lat=lat, **extra)
            for _ in range(count)]


def build_world():
    from types import SimpleNamespace

    seogu, bukgu = load_seogu(), load_bukgu()
    w = SimpleNamespace(seogu=seogu, bukgu=bukgu)
    w.official = make_user("official_seogu", role="official", local_government=seogu, last_name="김", first_name="서구")
    w.official_other = make_user("official_bukgu", role="official", local_government=bukgu, last_name="박",
                                 first_name="북구")
    w.officer = make_user("merchant_a", role="merchant", last_name="최", first_name="상인")
    w.merchant_b = make_user("merchant_b", role="merchant", last_name="정", first_name="상인")
    official, official_other = w.official, w.official_other
    yangdong = seogu.dongs.get(name="양동")
    w.yangdong = yangdong
    w.district = district_at(seogu, YANGDONG_LON, YANGDONG_LAT, name="양동 먹자골목 골목형상점가")
    w.neighbour = district_at(seogu, YANGDONG_LON + EAST, YANGDONG_LAT, name="양동 이웃 골목형상점가")
    w.far = district_at(seogu, YANGDONG_LON + FAR, YANGDONG_LAT, name="멀리 있는 골목형상점가")
    for d in (w.district, w.neighbour, w.far):
        d.dongs.add(yangdong)
    w.stores = stores_in(w.district, 5)
    w.neighbour_stores = stores_in(w.neighbour, 3)
    w.far_stores = stores_in(w.far, 2)
    w.association = services.association_create(
        official=official, name="양동먹자골목상인회", district_ids=[w.district.pk, w.neighbour.pk],
        founded_on=datetime.date(2020, 3, 1), contact_name="김회장", phone="062-123-4567")
    w.officer_record = services.officer_add(
        association_id=w.association.pk, official=official, role=Officer.Role.PRESIDENT, person_name="최상인",
        term_start=datetime.date(2025, 1, 1), term_end=datetime.date(2027, 12, 31), user=w.officer)
    w.bukgu_district = DistrictFactory(local_government=bukgu, status="designated", name="북구 골목",
                                       boundary=square(126.91, 35.18, 50))
    w.bukgu_association = services.association_create(
        official=official_other, name="북구상인회", district_ids=[w.bukgu_district.pk])
    return w


@pytest.fixture(scope="module")
def base_world(django_db_setup, django_db_blocker):
    """Built once per test module (tests.conftest.shared_world); each test runs in its own savepoint."""
    with shared_world(django_db_blocker) as build:
        yield build(build_world)


@pytest.fixture
def world(base_world, db):
    """The module's world with its records read again (a previous test's in-memory changes are gone)."""
    for record in (base_world.association, base_world.officer_record, base_world.bukgu_association,
                   *base_world.stores):
        record.refresh_from_db()
    return base_world


@pytest.fixture
def fresh_world(transactional_db):
    """A world of its own, committed (for the tests that run calls in threads)."""
    return build_world()

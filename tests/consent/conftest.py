"""One world for each test module, built once (tests.conftest.shared_world) and rolled back: 서구 and 북구,
an official of each, a colleague, a merchant; 20 open stores in a 2,500 m² square of 치평동 (19 needed),
3 closed stores inside and 5 open stores outside; a draft and a submitted district on that square (typed
counts 70 of 100), made through the services. Consents are recorded through consent.services."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from consent import services
from merchants.models import Store
from tests.conftest import load_bukgu, load_seogu, make_user, shared_world
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong

SIGNED_ON = datetime.date(2026, 3, 2)
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")


def make_world() -> SimpleNamespace:
    seogu, bukgu = load_seogu(), load_bukgu()
    w = SimpleNamespace(seogu=seogu, bukgu=bukgu, area=square_in_chipyeong(25))
    w.official = make_user("official_seogu", role="official", local_government=seogu, last_name="김", first_name="서구")
    w.colleague = make_user("official_seogu_2", role="official", local_government=seogu, last_name="이",
                            first_name="담당")
    w.official_other = make_user("official_bukgu", role="official", local_government=bukgu, last_name="박",
                                 first_name="북구")
    w.merchant = make_user("merchant_a", role="merchant", last_name="최", first_name="상인")
    w.inside = sorted(scatter_stores(seogu, w.area, 20, seed=11), key=lambda s: s.pk)
    w.closed_inside = scatter_stores(seogu, w.area, 3, seed=13, status=Store.Status.CLOSED)
    w.outside = scatter_stores(seogu, square_in_chipyeong(10, east_m=120), 5, seed=12)
    w.draft = make_district(w.official, w.area, name="치평 동의 골목")
    w.submitted = make_district(w.official, w.area, status="submitted", name="치평 제출 골목")
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as build:
        yield build(make_world)


@pytest.fixture
def w(world, db):
    """The module's world inside this test's savepoint (what a test changes is undone after it)."""
    for name in ("draft", "submitted"):
        getattr(world, name).refresh_from_db()
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def record(official, district, store, **extra):
    values = {"signer_name": "김상인", "signer_role": "owner", "signed_on": SIGNED_ON, "method": "form", **extra}
    return services.consent_record(official=official, district_id=district.pk, store_id=store.pk, **values)


def record_many(official, district, stores):
    return [record(official, district, store) for store in stores]

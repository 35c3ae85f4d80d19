"""A district of 20 open stores in 치평동 (plus closed stores inside and open stores outside), made
through the services; consents recorded through consent.services."""

import datetime

import pytest

from consent import services
from merchants.models import Store
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong

SIGNED_ON = datetime.date(2026, 3, 2)
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")


@pytest.fixture
def area():
    return square_in_chipyeong(25)  # 2,500 m²: 19 open stores needed, 20 inside


@pytest.fixture
def inside(seogu, area):
    return scatter_stores(seogu, area, 20, seed=11)


@pytest.fixture
def closed_inside(seogu, area):
    return scatter_stores(seogu, area, 3, seed=13, status=Store.Status.CLOSED)


@pytest.fixture
def outside(seogu):
    return scatter_stores(seogu, square_in_chipyeong(10, east_m=120), 5, seed=12)


@pytest.fixture
def draft(official, area, inside, closed_inside, outside):
    """A draft whose typed counts pass (70 of 100) and whose other criteria pass too."""
    return make_district(official, area, name="치평 동의 골목")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def record(official, district, store, **extra):
    values = {"signer_name": "김상인", "signer_role": "owner", "signed_on": SIGNED_ON, "method": "form", **extra}
    return services.consent_record(official=official, district_id=district.pk, store_id=store.pk, **values)


def record_many(official, district, stores):
    for store in stores:
        record(official, district, store)

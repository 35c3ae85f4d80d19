"""Special projects fixtures: private media in a temp dir, designated districts of 서구 and 북구, and a
helper that makes a project through the service."""

import datetime
import io

import pytest
from PIL import Image

from tests.factories import DistrictFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes(size=(64, 48), color=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def designated(government, name, *, dong=None):
    district = DistrictFactory(local_government=government, status="designated", name=name,
                               designated_on=datetime.date(2024, 1, 1))
    if dong is not None:
        district.dongs.add(dong)
    return district


@pytest.fixture
def yangdong(seogu):
    return seogu.dongs.get(name="양동")


@pytest.fixture
def nongseong(seogu):
    return seogu.dongs.get(name="농성1동")


@pytest.fixture
def district_a(seogu, yangdong):
    return designated(seogu, "양동 골목형상점가", dong=yangdong)


@pytest.fixture
def district_b(seogu, nongseong):
    return designated(seogu, "농성 골목형상점가", dong=nongseong)


@pytest.fixture
def bukgu_district(bukgu):
    return designated(bukgu, "말바우 골목형상점가")


def make_project(official, districts, *, title="양동 아케이드 보수", type="facility",
                 start=datetime.date(2025, 3, 1), end=datetime.date(2025, 9, 30), funding=None, **extra):
    from projects import services

    return services.project_create(
        official=official, title=title, type=type, planned_start=start, planned_end=end,
        district_ids=[d.pk for d in districts], responsible=official,
        funding=funding if funding is not None else {"national": (50_000_000, 0), "district": (30_000_000, 0)},
        **extra)

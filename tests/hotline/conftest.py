"""Hotline fixtures: private media in a temp dir, a clean rate-limit cache, and a way to file tickets."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import YANGDONG_LAT, YANGDONG_LON

# A point in 북구 (말바우시장), outside 서구.
BUKGU_LON, BUKGU_LAT = 126.9237, 35.1747


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()  # rate-limit counters must not leak from one test into the next
    yield
    cache.clear()


def category(code="parking"):
    from hotline.models import Category

    return Category.objects.get(code=code)


@pytest.fixture(autouse=True)
def hotline_categories(request):
    """The default categories of migration 0002, restored if a transactional test flushed them."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return  # a test without the database
    from hotline.services import categories_seed_defaults

    categories_seed_defaults()


def file_ticket(government, *, code="parking", description="골목 입구 불법 주차 때문에 손님이 들어오지 못합니다",
                lon=YANGDONG_LON, lat=YANGDONG_LAT, filed_at=None, **extra):
    from hotline.services import ticket_file

    return ticket_file(local_government=government, category=category(code), description=description, lon=lon,
                       lat=lat, filed_at=filed_at, **extra)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def jpeg_bytes(*, size=(64, 48), colour=(200, 30, 30), exif=None) -> bytes:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(out, format="JPEG", **kwargs)
    return out.getvalue()


def gps_exif() -> bytes:
    """EXIF with a GPS position (양동시장) and a camera model, as a phone would write it."""
    exif = Image.Exif()
    exif[0x0110] = "Test Phone 15"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 9.0, 13.68)
    gps[3], gps[4] = "E", (126.0, 54.0, 10.44)
    return exif.tobytes()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else jpeg_bytes(), content_type=content_type)


@pytest.fixture
def seoul_ticket(seogu):
    return file_ticket(seogu, reporter_name="홍길동", reporter_phone="010-1234-5678",
                       reporter_email="reporter@example.kr")

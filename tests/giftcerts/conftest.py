"""Fixtures of the Onnuri tests: a designated district around 양동시장, merchant A's eligible
store inside it, private media in a temporary folder."""

import pytest

from tests.factories import DistrictFactory, IndustryCategoryFactory, StoreFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def yangdong(seogu):
    return seogu.dongs.get(name="양동")


@pytest.fixture
def district(seogu, yangdong):
    district = DistrictFactory(local_government=seogu, status="designated", name="양동 골목형상점가")
    district.dongs.add(yangdong)
    return district


@pytest.fixture
def store_a(seogu, yangdong, district, merchant_a):
    """Merchant A's open store in a designated district, with a valid business number: eligible."""
    return StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant,
                        name="양동국밥")


@pytest.fixture
def store_b(seogu, yangdong, district, merchant_b):
    return StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_b.merchant,
                        name="정상회")


def build_category(code: str, name: str):
    """A SEMAS 소분류 under its 중분류 and 대분류: build_category('I21101', '일반 유흥 주점')."""
    from merchants.models import IndustryCategory

    major, _ = IndustryCategory.objects.get_or_create(code=code[:2], defaults={"name": code[:2], "level": 1})
    middle, _ = IndustryCategory.objects.get_or_create(code=code[:4], defaults={
        "name": code[:4], "level": 2, "parent": major})
    return IndustryCategoryFactory(code=code, name=name, level=3, parent=middle)


@pytest.fixture
def category(db):
    """A helper building a SEMAS 소분류 under its 중분류 and 대분류: category('I21101', '일반 유흥 주점')."""
    return build_category

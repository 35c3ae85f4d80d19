"""Perception fixtures: 서구 with designated districts, a clean rate-limit cache, answers made through the service."""

import itertools
import time

import pytest
from django.core.cache import cache

from perception import services
from perception.forms import FORM_CLOCK
from tests.factories import DistrictFactory

_devices = itertools.count(1)


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()  # rate-limit counters and keyword counts must not leak between tests
    yield
    cache.clear()


@pytest.fixture
def government(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    return seogu


def designated(government, **kwargs):
    return DistrictFactory(local_government=government, status="designated", **kwargs)


@pytest.fixture
def district(government):
    return designated(government, name="양동 맛집거리")


def answer(district, *, satisfaction=4, recommend=4, onnuri_usability=None, improvement="", dong=None,
           age_band="", answered_on=None, device=None):
    return services.response_submit(
        district=district, device_id=device or f"device-{next(_devices)}", satisfaction=satisfaction,
        recommend=recommend, onnuri_usability=onnuri_usability, improvement=improvement, dong=dong,
        age_band=age_band, answered_on=answered_on)


def form_data(**overrides):
    data = {"satisfaction": "4", "onnuri_usability": "5", "recommend": "5", "improvement": "주차 공간이 부족해요",
            "age_band": "40s", "dong": "", "website": "", "started": FORM_CLOCK.token(time.time() - 30)}
    data.update(overrides)
    return data

"""A decompression bomb (a 30000x30000 PNG of 109 KB) is refused in Korean on every image upload path,
before Pillow decodes a pixel: store photos and hotline photos here, Onnuri documents in
tests/giftcerts/test_documents.py."""

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import images
from hotline.forms import make_form_token
from hotline.models import Ticket
from merchants.models import Store
from tests.factories import YANGDONG_LAT, YANGDONG_LON
from tests.hotline.conftest import category
from tests.images import bomb_png
from tests.merchants.helpers import store_in


@pytest.fixture(autouse=True)
def clean_rate_limits():
    cache.clear()  # the hotline's rate-limit counters must not leak between tests
    yield
    cache.clear()

def bomb(name="scan.png"):
    return SimpleUploadedFile(name, bomb_png(), content_type="image/png")


def test_the_bomb_is_a_small_file_that_declares_900_million_pixels():
    upload = bomb()
    assert upload.size < 200_000
    with pytest.raises(images.TooManyPixels):
        images.probe(upload, formats=["PNG"])


def test_a_store_photo_bomb_is_refused_in_korean(merchant_a, merchant_a_client, seogu):
    store = store_in(seogu)
    store.owner = merchant_a.merchant
    store.save()
    response = merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]),
                                      {"version": store.version, "phone": "", "opening_hours": "", "photo": bomb()})
    assert response.status_code == 400
    assert "사진 화소가 너무 많습니다" in response.content.decode()
    assert not Store.objects.get(pk=store.pk).photo


def test_a_hotline_photo_bomb_is_refused_in_korean(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    response = client.post(reverse("hotline:report"), {
        "category": category("parking").pk, "description": "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다",
        "lon": f"{YANGDONG_LON}", "lat": f"{YANGDONG_LAT}", "address": "", "reporter_name": "",
        "reporter_phone": "", "reporter_email": "", "website": "", "started": make_form_token(time.time() - 30),
        "photos": [bomb("IMG_0001.png")]})
    assert response.status_code == 400
    assert "해상도가 너무 큽니다" in response.content.decode()
    assert not Ticket.objects.exists()

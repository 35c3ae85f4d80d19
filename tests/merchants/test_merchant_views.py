"""Merchants: sign-up, finding a store, editing an own store's contact/hours/photo; B never sees A's."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from merchants.models import Merchant, StoreEvent

from .helpers import store_in

SIGNUP = reverse("merchants:signup")


def signup_data(**overrides):
    data = {"username": "newmerchant", "last_name": "홍", "first_name": "길동", "email": "hong@example.kr",
            "phone": "010-1234-5678", "password1": "양동시장-2026!", "password2": "양동시장-2026!"}
    data.update(overrides)
    return data


def jpeg_bytes(size=(64, 48), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if exif:
        data = image.getexif()
        data[0x010F] = "PhoneMaker"  # Make
        image.save(out, format="JPEG", exif=data)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.django_db
def test_signup_creates_a_logged_in_merchant(client):
    assert client.get(SIGNUP).status_code == 200
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302 and response["Location"] == reverse("merchants:find_store")
    user = get_user_model().objects.get(username="newmerchant")
    assert user.role == "merchant" and user.is_merchant and user.display_name == "홍길동"
    assert Merchant.objects.get(user=user).phone == "010-1234-5678"
    assert client.get(reverse("merchants:my_stores")).status_code == 200  # logged in
    assert client.get(SIGNUP).status_code == 302  # already signed in


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, message", [
    ({"password2": "different-2026!"}, "비밀번호"),
    ({"email": "not-an-email"}, "이메일"),
    ({"username": ""}, "필수"),
    ({"password1": "1234", "password2": "1234"}, "비밀번호"),
])
def test_signup_refuses_bad_input_in_korean_and_keeps_it(client, overrides, message):
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'value="홍"' in html
    assert not get_user_model().objects.filter(username="newmerchant").exists()


@pytest.mark.django_db
def test_signup_refuses_a_taken_username_or_email(client, merchant_a):
    taken = client.post(SIGNUP, signup_data(username="merchant_a"))
    assert taken.status_code == 400
    email = client.post(SIGNUP, signup_data(email=merchant_a.email.upper()))
    assert email.status_code == 400 and "이미 있습니다" in email.content.decode()


def test_find_store_searches_open_stores_by_name_or_address(merchant_a_client, seogu):
    store_in(seogu, name="양동참기름", road_address="광주광역시 서구 천변좌로 238")
    import datetime

    store_in(seogu, name="양동폐업상회", status="closed", closed_on=datetime.date(2025, 1, 1))
    url = reverse("merchants:find_store")
    assert "2글자" in merchant_a_client.get(url, {"q": "양"}).content.decode()
    html = merchant_a_client.get(url, {"q": "참기름"}).content.decode()
    assert "양동참기름" in html
    html = merchant_a_client.get(url, {"q": "양동"}).content.decode()
    assert "양동참기름" in html and "양동폐업상회" not in html
    assert merchant_a_client.get(url, {"q": "천변좌로 238"}).context["stores"][0].name == "양동참기름"


def own(merchant, store):
    store.owner = merchant.merchant
    store.save(update_fields=["owner"])
    return store


def test_merchant_b_gets_404_on_merchant_a_store_pages(merchant_a, merchant_b_client, merchant_a_client, seogu):
    store = own(merchant_a, store_in(seogu, name="에이상회"))
    for name in ("merchants:my_store_detail", "merchants:my_store_edit"):
        url = reverse(name, args=[store.pk])
        assert merchant_a_client.get(url).status_code == 200
        assert merchant_b_client.get(url).status_code == 404
    response = merchant_b_client.post(reverse("merchants:my_store_edit", args=[store.pk]),
                                      {"version": 1, "phone": "010-0000-0000", "opening_hours": ""})
    assert response.status_code == 404
    store.refresh_from_db()
    assert store.phone == ""
    assert "에이상회" not in merchant_b_client.get(reverse("merchants:my_stores")).content.decode()


def test_officials_and_anonymous_cannot_use_merchant_pages(client, official_client, merchant_a, seogu):
    store = own(merchant_a, store_in(seogu))
    url = reverse("merchants:my_store_edit", args=[store.pk])
    assert official_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_merchant_edits_contact_hours_and_photo(merchant_a, merchant_a_client, seogu, private_media):
    store = own(merchant_a, store_in(seogu))
    url = reverse("merchants:my_store_edit", args=[store.pk])
    photo = SimpleUploadedFile("가게.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = merchant_a_client.post(url, {"version": 1, "phone": "062-362-1234",
                                            "opening_hours": "매일 09:00-20:00", "photo": photo})
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.phone, store.opening_hours, store.version) == ("062-362-1234", "매일 09:00-20:00", 2)
    assert store.photo.name.startswith("stores/photos/") and store.photo.name.endswith(".jpg")
    assert (private_media / store.photo.name).exists()
    stored = Image.open(private_media / store.photo.name)
    assert 0x010F not in stored.getexif()  # metadata removed
    event = store.events.get(kind=StoreEvent.Kind.UPDATED)
    assert event.actor == merchant_a and set(event.changes) == {"phone", "opening_hours", "photo"}
    # repeat with the old version: conflict, nothing lost
    again = merchant_a_client.post(url, {"version": 1, "phone": "010-9999-9999", "opening_hours": ""})
    assert again.status_code == 409 and 'value="010-9999-9999"' in again.content.decode()
    store.refresh_from_db()
    assert store.phone == "062-362-1234"


def damaged_png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[data.index(b"IDAT") + 6] ^= 0xFF  # the chunk's checksum no longer matches its data
    return bytes(data)


@pytest.mark.parametrize("filename, content, message", [
    ("menu.jpg", b"%PDF-1.4 not an image", "사진 파일이 아닙니다"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "읽을 수 없습니다"),
    ("damaged.png", "damaged-png", "읽을 수 없습니다"),  # Pillow raises SyntaxError for a bad chunk checksum
])
def test_a_file_that_is_not_a_photo_is_refused_by_content(merchant_a, merchant_a_client, seogu, filename, content,
                                                         message):
    if content == "damaged-png":
        content = damaged_png_bytes()
    store = own(merchant_a, store_in(seogu))
    response = merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]), {
        "version": 1, "phone": "062-1", "opening_hours": "",
        "photo": SimpleUploadedFile(filename, content, content_type="image/jpeg")})
    assert response.status_code == 400 and message in response.content.decode()
    store.refresh_from_db()
    assert not store.photo and store.phone == ""


def test_a_photo_over_10_mb_is_refused(merchant_a, merchant_a_client, seogu, settings):
    settings.UPLOAD_MAX_BYTES = 1024  # the same check, with a small limit for the test
    store = own(merchant_a, store_in(seogu))
    response = merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]), {
        "version": 1, "phone": "", "opening_hours": "",
        "photo": SimpleUploadedFile("big.jpg", jpeg_bytes(size=(400, 400)), content_type="image/jpeg")})
    assert response.status_code == 400 and "MB" in response.content.decode()


def test_the_photo_is_served_to_the_owner_and_officials_only(merchant_a, merchant_a_client, merchant_b_client,
                                                             official_client, other_official_client, client, seogu):
    store = own(merchant_a, store_in(seogu))
    merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]), {
        "version": 1, "phone": "", "opening_hours": "",
        "photo": SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")})
    url = reverse("merchants:store_photo", args=[store.pk])
    for allowed in (merchant_a_client, official_client):
        response = allowed.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for refused in (merchant_b_client, other_official_client, client):
        assert refused.get(url).status_code == 404
    # removing the photo
    store.refresh_from_db()
    merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]), {
        "version": store.version, "phone": "", "opening_hours": "", "remove_photo": "on"})
    assert merchant_a_client.get(url).status_code == 404


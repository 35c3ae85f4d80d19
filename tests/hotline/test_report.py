"""Anonymous filing on the public form: success, Korean errors that keep the input, spam checks, rate limit, photos."""

import io
import time

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hotline.forms import make_form_token
from hotline.models import Ticket, TicketPhoto
from tests.factories import YANGDONG_LAT, YANGDONG_LON, StoreFactory

from .conftest import BUKGU_LAT, BUKGU_LON, category, gps_exif, jpeg_bytes, upload

URL = reverse("hotline:report")


def form_data(**overrides):
    data = {
        "category": category("parking").pk,
        "description": "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다",
        "lon": f"{YANGDONG_LON}", "lat": f"{YANGDONG_LAT}",
        "address": "", "reporter_name": "", "reporter_phone": "", "reporter_email": "",
        "website": "", "started": make_form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


@pytest.fixture
def government(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    return seogu


def test_the_form_renders_for_anyone_with_the_map_and_the_spam_fields(client, government):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-map"' in html and 'role="region"' in html
    assert 'name="website"' in html and 'name="started"' in html
    assert "주차" in html and "온누리상품권 사용·거부" in html


def test_anonymous_filing_gives_a_tracking_code(client, government):
    response = client.post(URL, form_data(reporter_phone="010-1234-5678", consent="on"))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert response["Location"].startswith(reverse("hotline:track_detail", args=[ticket.tracking_token]))
    assert ticket.dong.name == "양동" and ticket.reporter is None and ticket.reporter_phone == "010-1234-5678"
    page = client.get(response["Location"]).content.decode()
    assert ticket.tracking_code_display in page


def test_validation_errors_are_korean_and_keep_what_was_typed(client, government):
    response = client.post(URL, form_data(category="", description="짧", lon="", lat="",
                                          reporter_name="김주민", reporter_phone="12345", reporter_email="not-mail"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "문제의 종류를 선택해 주세요." in html
    assert "문제 내용을 5자 이상 적어 주세요." in html
    assert "장소를 알려 주세요." in html
    assert "010-1234-5678, 062-123-4567, 1588-1234처럼 국내 전화번호를 입력해 주세요." in html
    assert "name@example.kr 형식의 이메일 주소를 입력해 주세요." in html
    assert 'value="김주민"' in html and ">\n짧</textarea>" in html and 'value="not-mail"' in html
    assert not Ticket.objects.exists()


def test_photos_must_be_selected_again_after_an_error_and_the_form_says_so(client, government):
    response = client.post(URL, {**form_data(description=""), "photos": [upload()]})
    assert response.status_code == 400
    assert "사진을 다시 선택해 주세요" in response.content.decode()


def test_contact_details_need_consent(client, government):
    response = client.post(URL, form_data(reporter_email="me@example.kr"))
    assert response.status_code == 400
    assert "개인정보 이용에 동의해 주세요" in response.content.decode()
    assert 'value="me@example.kr"' in response.content.decode()


def test_a_place_outside_the_government_is_refused_in_korean(client, government):
    response = client.post(URL, form_data(lon=f"{BUKGU_LON}", lat=f"{BUKGU_LAT}"))
    assert response.status_code == 400
    assert "선택한 장소가 광주광역시 서구 밖입니다" in response.content.decode()


def test_a_store_gives_the_place(client, government):
    store = StoreFactory(local_government=government, name="양동할매국밥")
    found = client.get(reverse("hotline:store_search"), {"q": "할매"}).json()["results"]
    assert [s["id"] for s in found] == [store.pk]
    response = client.post(URL, form_data(lon="", lat="", store=store.pk))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.store == store and (ticket.lon, ticket.lat) == (store.lon, store.lat)
    assert ticket.address == store.road_address


def test_a_description_of_the_place_is_enough(client, government):
    assert client.post(URL, form_data(lon="", lat="", address="양동시장 2번 출입구 앞")).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.dong is None and ticket.address == "양동시장 2번 출입구 앞"


def test_the_honeypot_refuses_a_bot(client, government):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_a_form_sent_faster_than_a_person_can_type_is_refused(client, government):
    response = client.post(URL, form_data(started=make_form_token(time.time())))
    assert response.status_code == 400 and not Ticket.objects.exists()
    assert "너무 빨리" in response.content.decode()
    forged = client.post(URL, form_data(started="1700000000"))  # an unsigned timestamp
    assert forged.status_code == 400 and not Ticket.objects.exists()


def test_the_rate_limit_refuses_a_sixth_accepted_report_from_one_device_in_korean(client, government):
    client.get(URL)  # the form hands the browser its device cookie
    assert client.cookies.get("hotline_device")
    for _i in range(5):
        assert client.post(URL, form_data()).status_code == 302
    refused = client.post(URL, form_data(description="여섯 번째 신고입니다"))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "10분 뒤에 다시 시도" in html and "여섯 번째 신고입니다" in html
    assert Ticket.objects.count() == 5
    # Another resident behind the same carrier address (another device) is not affected.
    neighbour = Client()
    assert neighbour.post(URL, form_data()).status_code == 302


def test_typing_mistakes_do_not_use_up_the_limit(client, government):
    for _i in range(6):
        assert client.post(URL, form_data(description="짧")).status_code == 400
    for _i in range(5):
        assert client.post(URL, form_data()).status_code == 302
    assert Ticket.objects.count() == 5


def test_the_looser_ip_limit_stops_clients_that_drop_their_cookie(government, monkeypatch):
    from hotline.views import public

    device, ip = public.REPORT_LIMITS
    monkeypatch.setattr(public, "REPORT_LIMITS", (device, {**ip, "rate": "3/10m"}))
    for _i in range(3):
        assert Client().post(URL, form_data()).status_code == 302  # a fresh cookie jar each time
    assert Client().post(URL, form_data()).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.9").post(URL, form_data()).status_code == 302  # another address
    assert Ticket.objects.count() == 4


def test_a_forged_device_cookie_counts_as_a_new_device(client, government):
    client.cookies["hotline_device"] = "not-signed"
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response.cookies["hotline_device"].value != "not-signed"  # a signed one is handed out


def test_an_unreachable_cache_lets_the_report_through_with_a_warning(client, government, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1
    with caplog.at_level("WARNING", logger="core.ratelimits"):
        response = client.post(URL, form_data())
    assert response.status_code == 302 and Ticket.objects.count() == 1
    assert "hotline.report" in caplog.text and "unreachable" in caplog.text


def test_photos_are_stored_reencoded_without_gps(client, government, private_media):
    original = jpeg_bytes(size=(800, 600), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload does carry GPS
    response = client.post(URL, {**form_data(), "photos": [upload("IMG_0001.jpg", original)]})
    assert response.status_code == 302
    photo = TicketPhoto.objects.get()
    path = photo.image.path
    assert str(private_media) in path and "IMG_0001" not in path
    with Image.open(path) as stored:
        assert stored.format == "JPEG" and stored.size == (800, 600)
        exif = stored.getexif()
        assert not exif.get_ifd(0x8825) and 0x0110 not in exif
        assert "exif" not in stored.info


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, government):
    fake = upload("photo.jpg", b"%PDF-1.4 this is a document, not a photo", "image/jpeg")
    response = client.post(URL, {**form_data(), "photos": [fake]})
    assert response.status_code == 400
    assert "사진이 아닙니다" in response.content.decode()
    assert not Ticket.objects.exists() and not TicketPhoto.objects.exists()


def test_an_oversized_photo_is_refused(client, government):
    big = jpeg_bytes() + b"\0" * (10 * 1024 * 1024)  # a valid JPEG padded past 10 MB
    response = client.post(URL, {**form_data(), "photos": [upload("big.jpg", big)]})
    assert response.status_code == 400
    assert "10MB보다 큽니다" in response.content.decode()
    assert not Ticket.objects.exists()


def test_more_than_three_photos_are_refused(client, government):
    response = client.post(URL, {**form_data(), "photos": [upload(f"p{i}.jpg") for i in range(4)]})
    assert response.status_code == 400 and "3장까지" in response.content.decode()


def test_a_logged_in_merchant_sees_their_tickets_and_only_theirs(merchant_a_client, merchant_b_client, merchant_a,
                                                                 government):
    assert merchant_a_client.post(URL, form_data(description="가게 앞 쓰레기 무단투기가 심합니다")).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.reporter == merchant_a
    mine = merchant_a_client.get(reverse("hotline:my_tickets")).content.decode()
    assert "가게 앞 쓰레기 무단투기가 심합니다" in mine and ticket.tracking_code_display in mine
    theirs = merchant_b_client.get(reverse("hotline:my_tickets")).content.decode()
    assert "무단투기" not in theirs
    assert "내 핫라인 신고" in mine  # the menu entry and heading


def test_my_tickets_is_for_merchants(client, official_client, government):
    url = reverse("hotline:my_tickets")
    assert client.get(url).status_code == 302
    assert official_client.get(url).status_code == 403


def started_token(html: str) -> str:
    import re

    return re.search(r'name="started" value="([^"]+)"', html).group(1)


def test_anonymous_visitors_share_one_rendering_but_each_gets_a_fresh_start_time_nonce_and_token(
        government, django_assert_max_num_queries):
    from hotline.forms import form_started_at
    from hotline.views.public import STARTED_PLACEHOLDER

    first = Client().get(URL).content.decode()
    time.sleep(0.01)
    with django_assert_max_num_queries(4):  # the version, the dongs' mark, the rate-limit-free render is kept
        second = Client().get(URL).content.decode()
    assert STARTED_PLACEHOLDER not in second and "__public-body-" not in second
    assert form_started_at(started_token(first)) < form_started_at(started_token(second)) <= time.time()
    assert 'id="report-map"' in second and "주차" in second
    # the fresh token still passes the time check once a person has had time to type
    visitor = Client()
    token = started_token(visitor.get(URL).content.decode())
    assert visitor.post(URL, form_data(started=token)).status_code == 400  # too fast: the token is new
    assert visitor.post(URL, form_data(started=make_form_token(form_started_at(token) - 30))).status_code == 302


def test_a_logged_in_reporter_gets_their_own_form_with_their_contact_details(government, merchant_a):
    Client().get(URL)  # the shared anonymous rendering exists
    client = Client()
    client.force_login(merchant_a)
    html = client.get(URL).content.decode()
    assert merchant_a.email and merchant_a.email in html


def test_a_category_change_in_the_admin_reaches_the_shared_form(government):
    Client().get(URL)
    parking = category("parking")
    parking.is_active = False
    parking.save()
    html = Client().get(URL).content.decode()
    assert f'value="{parking.pk}"' not in html

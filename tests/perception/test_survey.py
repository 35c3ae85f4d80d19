"""The public survey: anonymous answers, one per device and quarter, Korean errors that keep the input, spam checks."""

import datetime
import re
import time

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from perception import services
from perception.forms import FORM_CLOCK
from perception.models import PerceptionResponse
from perception.periods import current_quarter
from tests.factories import DistrictFactory

from .conftest import answer, designated, form_data

pytestmark = pytest.mark.django_db


def url(district):
    return reverse("perception:survey", args=[district.pk])


def test_anyone_gets_the_form_in_korean_with_the_spam_fields_and_a_device_cookie(client, district):
    response = client.get(url(district))
    html = response.content.decode()
    assert response.status_code == 200
    assert "이 골목 가게들에 얼마나 만족하세요?" in html and "양동 맛집거리" in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html and 'name="started"' in html
    assert "매우 만족" in html and "이곳에서 써 본 적 없음" in html and "응답하지 않음" in html
    assert client.cookies.get("perception_device")
    # The dongs of the district's government only (18 in 서구), no personal data fields.
    assert html.count('<option value="') >= 18 + 7 and "phone" not in html.split('id="survey-form"')[1].lower()


def test_an_answer_is_stored_with_the_quarter_and_a_hashed_device_only(client, district):
    client.get(url(district))
    device = client.cookies["perception_device"].value
    dong = district.local_government.dongs.first()
    response = client.post(url(district), form_data(dong=str(dong.pk), onnuri_usability="none"))
    assert response.status_code == 302 and response["Location"] == reverse("perception:thanks", args=[district.pk])
    saved = PerceptionResponse.objects.get()
    assert (saved.satisfaction, saved.recommend, saved.onnuri_usability) == (4, 5, None)
    assert saved.period == current_quarter() and saved.dong == dong and saved.age_band == "40s"
    assert saved.local_government == district.local_government and not saved.is_synthetic
    assert len(saved.device_hash) == 64 and saved.device_hash not in device
    assert "감사합니다" in client.get(response["Location"]).content.decode()


def test_a_second_answer_in_the_same_quarter_is_refused_politely(client, district):
    assert client.post(url(district), form_data()).status_code == 302
    again = client.post(url(district), form_data(satisfaction="1"))
    assert again.status_code == 409
    html = again.content.decode()
    assert "이미 응답하셨습니다" in html and "다시 응답해 주세요" in html
    page = client.get(url(district))  # the form is not shown again to this device
    assert page.status_code == 200 and 'data-testid="already-answered"' in page.content.decode()
    assert PerceptionResponse.objects.get().satisfaction == 4  # the first answer stands
    # Another device, and this device about another alley, may answer.
    assert Client().post(url(district), form_data()).status_code == 302
    other = designated(district.local_government)
    assert client.post(url(other), form_data()).status_code == 302
    assert PerceptionResponse.objects.count() == 3


def test_the_same_device_may_answer_again_in_a_new_quarter(district):
    answer(district, device="phone-1", answered_on=datetime.date(2026, 3, 31))
    with pytest.raises(services.AlreadyAnswered) as refused:
        answer(district, device="phone-1", answered_on=datetime.date(2026, 1, 2))
    assert "2026년 2분기부터" in str(refused.value)
    answer(district, device="phone-1", answered_on=datetime.date(2026, 4, 1))
    assert sorted(PerceptionResponse.objects.values_list("period", flat=True)) == [
        datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)]


def test_the_database_keeps_one_answer_per_device_district_and_quarter(district):
    first = answer(district, device="phone-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PerceptionResponse.objects.create(
            local_government=first.local_government, district=district, period=first.period,
            answered_on=first.answered_on, satisfaction=3, recommend=3, device_hash=first.device_hash)


def test_missing_answers_and_a_long_text_get_korean_errors_and_keep_the_input(client, district):
    long_text = "가" * 501
    response = client.post(url(district), form_data(satisfaction="", improvement=long_text, recommend="2"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "가게들에 얼마나 만족하는지 골라 주세요." in html
    assert "500자까지 쓸 수 있습니다(지금 501자)." in html
    assert long_text in html  # the text is kept
    checked = re.findall(r'<input type="radio" name="(\w+)" value="(\w+)"[^>]*checked', html)
    assert sorted(checked) == [("onnuri_usability", "5"), ("recommend", "2")]  # the choices stay chosen
    assert not PerceptionResponse.objects.exists()


def test_a_dong_of_another_government_or_a_bad_scale_is_refused(client, district, bukgu):
    foreign = bukgu.dongs.first()
    response = client.post(url(district), form_data(dong=str(foreign.pk), satisfaction="9"))
    html = response.content.decode()
    assert response.status_code == 400 and "목록에 있는 동을 골라 주세요." in html
    assert not PerceptionResponse.objects.exists()
    with pytest.raises(services.DomainError):
        answer(district, dong=foreign)
    with pytest.raises(services.DomainError):
        answer(district, satisfaction=6)


def test_only_designated_districts_take_answers(client, government):
    draft = DistrictFactory(local_government=government)  # status draft
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form_data()).status_code == 404
    assert client.get(reverse("perception:survey", args=[999999])).status_code == 404


def test_the_honeypot_refuses_and_stores_nothing(client, district):
    response = client.post(url(district), form_data(website="http://spam.example"))
    assert response.status_code == 400 and "응답을 받을 수 없었습니다" in response.content.decode()
    assert not PerceptionResponse.objects.exists()


def test_answers_sent_too_fast_or_with_a_forged_start_are_refused(client, district):
    fast = client.post(url(district), form_data(started=FORM_CLOCK.token(time.time())))
    assert fast.status_code == 400 and "너무 빨리" in fast.content.decode()
    forged = client.post(url(district), form_data(started="forged"))
    html = forged.content.decode()
    assert forged.status_code == 400 and "만료" in html
    assert 'value="forged"' not in html  # a fresh signed start time replaces it
    assert not PerceptionResponse.objects.exists()


def test_the_rate_limit_stops_a_flood_from_one_address(district, monkeypatch):
    from perception.views import public

    device, ip = public.ANSWER_LIMITS
    monkeypatch.setattr(public, "ANSWER_LIMITS", (device, {**ip, "rate": "3/10m"}))
    for _i in range(3):
        assert Client().post(url(district), form_data()).status_code == 302  # new devices, one address
    limited = Client().post(url(district), form_data())
    assert limited.status_code == 429 and "잠시 뒤에 다시" in limited.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").post(url(district), form_data()).status_code == 302
    assert PerceptionResponse.objects.count() == 4


def test_an_unreachable_cache_still_takes_the_answer(client, district, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1
    with caplog.at_level("WARNING", logger="core.ratelimits"):
        assert client.post(url(district), form_data()).status_code == 302
    assert PerceptionResponse.objects.count() == 1 and "unreachable" in caplog.text


def test_the_entry_page_lists_the_districts_and_the_finder_and_hotline_link_to_it(client, district):
    index = client.get(reverse("perception:index"))
    assert index.status_code == 200 and "양동 맛집거리" in index.content.decode()
    chosen = client.get(reverse("perception:index"), {"district": district.pk})
    assert chosen.status_code == 302 and chosen["Location"] == url(district)
    assert client.get(reverse("perception:index"), {"district": "abc"}).status_code == 400
    for page in ("giftcerts:finder", "hotline:report"):
        html = client.get(reverse(page)).content.decode()
        assert f'href="{reverse("perception:index")}"' in html, page


def test_english_works_too(client, district):
    client.cookies["django_language"] = "en"
    html = client.get(url(district), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How satisfied are you with the shops of this alley?" in html

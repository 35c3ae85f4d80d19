"""One rule for phone numbers across the product (core.phones, libphonenumber with region KR),
stored in one form, on every form that collects a phone."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import phones
from core.forms import PhoneField
from giftcerts.models import SessionRegistration
from hotline.forms import make_form_token
from hotline.models import Ticket
from merchants.models import Merchant, Store
from tests.factories import YANGDONG_LAT, YANGDONG_LON
from tests.giftcerts.factories import InfoSessionFactory
from tests.hotline.conftest import category
from tests.merchants.helpers import store_in

ACCEPTED = [
    ("010-1234-5678", "010-1234-5678"), ("01012345678", "010-1234-5678"), ("010 1234 5678", "010-1234-5678"),
    ("+82 10-1234-5678", "010-1234-5678"), ("+821012345678", "010-1234-5678"),
    ("0507-1234-5678", "0507-1234-5678"), ("1588-1234", "1588-1234"), ("02-123-4567", "02-123-4567"),
    ("(062) 362.1234", "062-362-1234"), ("070-1234-5678", "070-1234-5678"),
]
REFUSED = ["099-123-4567", "📞010-1234-5678", "010-1234-5678😀", "12345", "062-1", "+1 650-253-0000",
           "١٠١٢٣٤٥٦٧٨", "010-1234-5678 내선 2", "010-1234-56789"]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_real_korean_numbers_are_accepted_and_stored_one_way(typed, stored):
    assert phones.normalise(typed) == stored
    assert PhoneField().clean(typed) == stored


@pytest.mark.parametrize("typed", REFUSED)
def test_invalid_numbers_and_emoji_are_refused_in_korean(typed):
    with pytest.raises(phones.InvalidPhone):
        phones.normalise(typed)
    with pytest.raises(Exception, match="국내 전화번호를 입력해 주세요"):
        PhoneField().clean(typed)



@pytest.fixture(autouse=True)
def clean_rate_limits():
    cache.clear()  # the hotline's rate-limit counters must not leak between tests
    yield
    cache.clear()

def test_mobile_only_fields_refuse_landlines():
    assert PhoneField(mobile=True).clean("+82 10 1234 5678") == "010-1234-5678"
    with pytest.raises(Exception, match="휴대전화 번호"):
        PhoneField(mobile=True).clean("02-123-4567")


def report_data(phone):
    return {"category": category("parking").pk, "description": "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다",
            "lon": f"{YANGDONG_LON}", "lat": f"{YANGDONG_LAT}", "address": "", "reporter_name": "",
            "reporter_phone": phone, "reporter_email": "", "consent": "on", "website": "",
            "started": make_form_token(time.time() - 30)}


@pytest.mark.parametrize(("typed", "stored"), [("0507-1234-5678", "0507-1234-5678"), ("1588-1234", "1588-1234"),
                                               ("+82 10-1234-5678", "010-1234-5678")])
def test_the_hotline_accepts_real_numbers_it_refused_before(client, seogu, settings, typed, stored):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    assert client.post(reverse("hotline:report"), report_data(typed)).status_code == 302
    assert Ticket.objects.get().reporter_phone == stored


@pytest.mark.parametrize("typed", ["099-123-4567", "010-1234-5678😀"])
def test_the_hotline_refuses_numbers_it_accepted_before(client, seogu, settings, typed):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    response = client.post(reverse("hotline:report"), report_data(typed))
    assert response.status_code == 400 and "국내 전화번호를 입력해 주세요" in response.content.decode()
    assert f'value="{typed}"' in response.content.decode()
    assert not Ticket.objects.exists()


def test_session_registration_takes_a_mobile_number_in_any_usual_form(client, seogu):
    session = InfoSessionFactory(local_government=seogu)
    url = reverse("giftcerts:session_detail", args=[session.pk])
    response = client.post(url, {"name": "김주민", "phone": "+82 10 1234 5678", "consent": "on"})
    assert response.status_code == 302
    assert SessionRegistration.objects.get().phone == "010-1234-5678"
    again = client.post(url, {"name": "김주민", "phone": "010-1234-5678", "consent": "on"})
    assert "이미 이 설명회에 신청하셨습니다" in again.content.decode() and SessionRegistration.objects.count() == 1


def test_the_store_edit_form_validates_and_normalises_the_phone(merchant_a, merchant_a_client, seogu):
    store = store_in(seogu)
    Store.objects.filter(pk=store.pk).update(owner=merchant_a.merchant)
    url = reverse("merchants:my_store_edit", args=[store.pk])
    bad = merchant_a_client.post(url, {"version": 1, "phone": "😀", "opening_hours": ""})
    assert bad.status_code == 400 and "국내 전화번호를 입력해 주세요" in bad.content.decode()
    good = merchant_a_client.post(url, {"version": 1, "phone": "062 362 1234", "opening_hours": ""})
    assert good.status_code == 302
    assert Store.objects.get(pk=store.pk).phone == "062-362-1234"


def test_an_old_unreadable_store_number_does_not_block_other_edits(merchant_a, merchant_a_client, seogu):
    store = store_in(seogu)
    Store.objects.filter(pk=store.pk).update(owner=merchant_a.merchant, phone="062-362-1234 내선 2")
    response = merchant_a_client.post(reverse("merchants:my_store_edit", args=[store.pk]),
                                      {"version": 1, "phone": "062-362-1234 내선 2", "opening_hours": "매일"})
    assert response.status_code == 302
    assert Store.objects.get(pk=store.pk).opening_hours == "매일"


def test_merchant_signup_stores_the_phone_normalised(client, seogu):
    response = client.post(reverse("merchants:signup"), {
        "username": "newshop", "last_name": "박", "first_name": "상인", "email": "shop@example.kr",
        "phone": "01098765432", "password1": "quiet-river-4821", "password2": "quiet-river-4821"})
    assert response.status_code == 302
    merchant = Merchant.objects.get(user__username="newshop")
    assert merchant.phone == "010-9876-5432" and merchant.user.phone == "010-9876-5432"


def test_the_data_migration_normalises_stored_numbers_and_leaves_unreadable_ones(seogu):
    stores = [store_in(seogu) for _ in range(4)]
    for store, phone in zip(stores, ["0623621234", "+82 62-362-1234", "062-362-1234 내선 2", ""], strict=True):
        Store.objects.filter(pk=store.pk).update(phone=phone)
    assert phones.normalise_stored(Store, "phone") == 2
    assert [Store.objects.get(pk=s.pk).phone for s in stores] == [
        "062-362-1234", "062-362-1234", "062-362-1234 내선 2", ""]
    assert phones.normalise_stored(Store, "phone") == 0  # a second run changes nothing


def test_the_data_migration_keeps_one_registration_per_phone_and_session(seogu):
    session = InfoSessionFactory(local_government=seogu)
    digits = SessionRegistration.objects.create(session=session, kind="resident", name="가", phone="01012345678")
    other = SessionRegistration.objects.create(session=session, kind="resident", name="나", phone="01022223333")
    assert phones.normalise_stored(SessionRegistration, "phone", unique_with="session_id") == 2
    digits.refresh_from_db()
    other.refresh_from_db()
    assert (digits.phone, other.phone) == ("010-1234-5678", "010-2222-3333")

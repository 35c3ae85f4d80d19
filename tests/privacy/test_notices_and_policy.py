"""Every form that collects personal data says what, why and how long; the privacy policy page and its footer link."""

import pytest
from django.urls import reverse

from tests.factories import DistrictFactory, StoreFactory
from tests.giftcerts.factories import InfoSessionFactory

NOTICE = "이 양식에서 수집하는 개인정보"


def assert_notice(html, *fragments):
    assert NOTICE in html and "수집 항목" in html and "수집·이용 목적" in html and "보유·이용 기간" in html
    assert 'href="/privacy/"' in html
    for fragment in fragments:
        assert fragment in html


def test_the_hotline_report_form(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS = 90
    assert_notice(client.get(reverse("hotline:report")).content.decode(), "종결되고 90일 뒤에 파기합니다")


def test_the_session_registration_form(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    session = InfoSessionFactory(local_government=seogu)
    assert_notice(client.get(reverse("giftcerts:session_detail", args=[session.pk])).content.decode(),
                  "이름, 휴대전화번호, 이메일")


def test_the_merchant_signup_form(client, db):
    assert_notice(client.get(reverse("merchants:signup")).content.decode(), "아이디, 성명, 이메일")


def test_the_store_claim_form(merchant_a_client, seogu):
    store = StoreFactory(local_government=seogu)
    assert_notice(merchant_a_client.get(reverse("merchants:claim_create", args=[store.pk])).content.decode(),
                  "점포의 사업자등록번호")


def test_the_onnuri_application_start(merchant_a_client, merchant_a, seogu):
    yangdong = seogu.dongs.get(name="양동")
    district = DistrictFactory(local_government=seogu, status="designated")
    district.dongs.add(yangdong)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant)
    assert_notice(merchant_a_client.get(reverse("giftcerts:apply", args=[store.pk])).content.decode(),
                  "연 매출액, 제출 서류")


def test_the_policy_page_in_korean_for_everyone(client, db, settings):
    settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS = 60
    response = client.get("/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "개인정보 처리방침" in html and "개인정보 보호책임자" in html and "60일 뒤에 파기합니다" in html
    assert "2년 이상 보관" in html


def test_the_policy_page_in_english(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/privacy/").content.decode()
    assert "Privacy policy" in html and "What is collected" in html and "개인정보 처리방침" not in html


@pytest.mark.parametrize("url", ["/", "/privacy/", "/hotline/track/"])
def test_the_footer_links_to_the_policy(client, db, url):
    html = client.get(url).content.decode()
    assert '<a href="/privacy/"><strong>개인정보 처리방침</strong></a>' in html

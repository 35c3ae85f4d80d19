"""A merchant applies with documents, an official asks for a supplement, the merchant answers,
the official approves, and the store appears on the public finder. On a phone-sized screen,
with an accessibility check (axe) on every page and screenshots of the main screens."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from giftcerts.rules import add_years
from tests.browser.conftest import axe_check, login_as, open_page, screenshot
from tests.giftcerts.conftest import district, private_media, store_a, yangdong  # noqa: F401 (fixtures)
from tests.giftcerts.factories import PDF_BYTES, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files(tmp_path):
    certificate = tmp_path / "사업자등록증.pdf"
    certificate.write_bytes(PDF_BYTES)
    bank_book = tmp_path / "통장사본.png"
    bank_book.write_bytes(image_bytes("PNG", (120, 80)))
    return certificate, bank_book


def test_apply_supplement_answer_approve_and_find(browser, phone_page, live_server, store_a, merchant_a,  # noqa: F811
                                                  official, files):
    certificate, bank_book = files
    merchant = phone_page
    login_as(merchant, live_server, merchant_a)

    # The merchant opens "온누리 가맹 신청" and sees the pre-check before typing anything.
    merchant.goto(f"{live_server.url}{reverse('giftcerts:my_applications')}")
    axe_check(merchant, context="my applications")
    merchant.get_by_role("link", name="온누리 가맹 신청 양동국밥").click()
    assert merchant.locator(".onnuri-rule.is-pass").count() == 6
    assert merchant.locator(".onnuri-rule.is-pending").count() == 1  # revenue, not yet declared
    axe_check(merchant, context="eligibility pre-check")
    merchant.get_by_role("button", name="신청서 작성 시작").click()

    # Fill in the form, save the draft, upload the certificate.
    merchant.locator("label[for=id_kinds_1]").click()  # 카드 (KRDS draws the box on the label)
    merchant.locator("label[for=id_kinds_2]").click()  # 모바일
    assert merchant.get_by_label("카드").is_checked() and merchant.get_by_label("모바일").is_checked()
    merchant.get_by_label("연 매출액(원)").fill("350,000,000")
    merchant.get_by_role("button", name="임시 저장").click()
    assert "저장했습니다" in merchant.locator(".app-messages").inner_text()
    merchant.locator("#id_kind").select_option("business_registration")
    merchant.locator("input[type=file]").set_input_files(str(certificate))
    merchant.get_by_role("button", name="올리기").click()
    assert merchant.get_by_role("link", name="사업자등록증.pdf").is_visible()
    axe_check(merchant, context="application form")
    screenshot(merchant, "giftcerts-application-form-phone")
    merchant.get_by_role("button", name="신청서 제출").click()
    assert merchant.get_by_test_id("application-status").inner_text() == "검토 중"
    axe_check(merchant, context="submitted application")

    # The official reviews it and asks for the bank-book copy.
    desk = open_page(browser, phone=True)
    login_as(desk, live_server, official)
    desk.goto(f"{live_server.url}{reverse('giftcerts:review_queue')}")
    axe_check(desk, context="review queue")
    screenshot(desk, "giftcerts-review-queue-phone")
    desk.get_by_role("link", name="양동국밥").click()
    assert desk.locator(".onnuri-rule.is-pass").count() == 7
    axe_check(desk, context="review screen")
    screenshot(desk, "giftcerts-review-screen-phone")
    desk.get_by_role("textbox", name="보완할 내용").fill("정산 받을 통장 사본을 올려 주세요.")
    desk.get_by_role("button", name="보완 요청 보내기").click()
    assert desk.get_by_test_id("application-status").inner_text() == "보완 요청"

    # The merchant sees the request, uploads the copy and answers.
    merchant.reload()
    assert "정산 받을 통장 사본을 올려 주세요." in merchant.locator(".onnuri-request").inner_text()
    axe_check(merchant, context="supplement requested")
    merchant.locator("#id_kind").select_option("bank_book")
    merchant.locator("input[type=file]").set_input_files(str(bank_book))
    merchant.get_by_role("button", name="올리기").click()
    merchant.get_by_role("textbox", name="답변").fill("통장 사본을 올렸습니다.")
    merchant.get_by_role("button", name="다시 제출").click()
    assert merchant.get_by_test_id("application-status").inner_text() == "검토 중"

    # The official approves: a franchise number is issued.
    desk.reload()
    assert desk.get_by_role("link", name="통장사본.png").is_visible()
    desk.get_by_test_id("approve").click()
    assert desk.get_by_test_id("application-status").inner_text() == "승인"
    assert "29140-" in desk.locator(".onnuri-facts").inner_text()
    axe_check(desk, context="approved application")

    # Anyone finds the store on /onnuri/, in the list and on the map.
    visitor = open_page(browser, phone=True)
    visitor.goto(f"{live_server.url}/onnuri/")
    assert visitor.locator(".onnuri-store-name", has_text="양동국밥").is_visible()
    visitor.wait_for_function("document.getElementById('finder-map').dataset.loaded === '1'")
    visitor.wait_for_selector(".leaflet-marker-icon")  # drawn once the map has zoomed to the store
    assert visitor.locator(".leaflet-marker-icon").count() == 1
    axe_check(visitor, context="finder (phone)")
    screenshot(visitor, "giftcerts-finder-phone")
    visitor.get_by_label("상호명").fill("국밥")
    visitor.get_by_role("button", name="검색").click()
    visitor.wait_for_url("**q=*")
    expect(visitor.locator(".onnuri-store")).to_have_count(1)

    for p in (merchant, desk, visitor):
        assert p.js_errors == []


def test_the_finder_on_a_desktop_with_near_me(page, live_server, store_a, seogu):  # noqa: F811
    from django.utils import timezone

    from tests.factories import FranchiseFactory

    today = timezone.localdate()
    FranchiseFactory(store=store_a, valid_from=today, valid_until=add_years(today, 3))
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 35.1538, "longitude": 126.9029})
    page.goto(f"{live_server.url}/onnuri/")
    axe_check(page, context="finder (desktop)")
    page.get_by_role("button", name="내 주변").click()
    page.wait_for_url("**lat=*")
    assert "가까운 순서" in page.locator("#near-status").inner_text()
    assert page.locator(".onnuri-store").first.locator("strong").inner_text().endswith(" m")
    axe_check(page, context="finder sorted by distance")
    screenshot(page, "giftcerts-finder-desktop")
    assert page.js_errors == []

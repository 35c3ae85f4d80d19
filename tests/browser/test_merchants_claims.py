"""A merchant signs up, finds and claims stores; an official confirms the claim that waits."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from merchants.models import Store, StoreClaim
from tests.browser.conftest import axe_check, login, login_as, screenshot
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stores(seogu):
    matching = StoreFactory(local_government=seogu, name="양동참기름", business_number="1208147521",
                            road_address="광주광역시 서구 천변좌로 238", dong=seogu.dongs.get(name="양동"))
    unnumbered = StoreFactory(local_government=seogu, name="양동건어물", business_number="",
                              dong=seogu.dongs.get(name="양동"))
    return matching, unnumbered


def test_merchant_signs_up_claims_two_stores_and_edits_one(page, live_server, stores, official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    matching, unnumbered = stores
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="상인 회원가입").click()
    page.locator("#id_password1").wait_for()
    axe_check(page, context="sign-up")
    page.get_by_label("사용자 이름").fill("yangdong_oil")
    page.locator("#id_last_name").fill("김")
    page.locator("#id_first_name").fill("참기름")
    page.get_by_label("이메일").fill("oil@example.kr")
    page.get_by_label("전화번호").fill("010-2222-3333")
    page.locator("#id_password1").fill("참기름-2026-양동!")
    page.get_by_label("비밀번호 확인").fill("참기름-2026-양동!")
    screenshot(page, "merchants-signup")
    page.get_by_role("button", name="가입하기").click()
    expect(page.get_by_role("heading", level=1, name="내 점포 찾기")).to_be_visible()
    assert "환영합니다" in page.locator(".app-messages").inner_text()
    axe_check(page, context="find store")

    page.get_by_label("상호명 또는 주소").fill("양동")
    page.get_by_role("button", name="검색").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    axe_check(page, context="store search results")
    screenshot(page, "merchants-find-store")

    page.locator("tr", has_text="양동참기름").get_by_role("link", name="확인 요청").click()
    page.get_by_label("사업자등록번호").fill("120-81-47522")
    page.get_by_role("button", name="이 점포 확인 요청하기").click()
    expect(page.locator(".form-hint-invalid")).to_contain_text("검증")
    assert page.get_by_label("사업자등록번호").input_value() == "120-81-47522"
    axe_check(page, context="claim with a wrong number")
    # The right number alone is not enough: the certificate is asked for.
    page.get_by_label("사업자등록번호").fill("120-81-47521")
    page.get_by_role("button", name="이 점포 확인 요청하기").click()
    expect(page.locator(".form-hint-invalid")).to_contain_text("사업자등록증")
    assert page.get_by_label("사업자등록번호").input_value() == "120-81-47521"
    page.get_by_label("사업자등록증").set_input_files(files=[_certificate()])
    page.get_by_role("button", name="이 점포 확인 요청하기").click()
    expect(page.locator(".app-messages")).to_contain_text("확인 요청을 보냈습니다")

    page.goto(f"{live_server.url}/stores/find/?q=건어물")
    page.locator("tr", has_text="양동건어물").get_by_role("link", name="확인 요청").click()
    page.get_by_label("사업자등록번호").fill("124-81-00998")
    page.get_by_label("사업자등록증").set_input_files(files=[_certificate()])
    page.get_by_role("button", name="이 점포 확인 요청하기").click()
    expect(page.locator(".app-messages")).to_contain_text("확인 요청을 보냈습니다")
    assert "확인 대기" in page.locator("main").inner_text()
    axe_check(page, context="my stores with waiting claims")
    screenshot(page, "merchants-my-stores")
    assert page.js_errors == []

    page.get_by_role("button", name="로그아웃").click()
    expect(page.get_by_test_id("logout")).to_have_count(0)
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/stores/claims/")
    axe_check(page, context="claim queue")
    screenshot(page, "merchants-claim-queue")
    for name in ("양동참기름", "양동건어물"):
        page.get_by_role("button", name=f"승인 {name}").click()
        expect(page.locator(".app-messages")).to_contain_text("승인했습니다")
    assert StoreClaim.objects.get(store=unnumbered).status == "approved"
    assert Store.objects.get(pk=unnumbered.pk).owner.user.username == "yangdong_oil"
    axe_check(page, context="claim queue after approval")

    page.get_by_role("button", name="로그아웃").click()
    login(page, live_server, "yangdong_oil", "참기름-2026-양동!")
    page.goto(f"{live_server.url}/stores/mine/{matching.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("양동참기름")
    assert "120-81-47521" in page.locator("main").inner_text()
    axe_check(page, context="my store")
    screenshot(page, "merchants-my-store")

    page.get_by_role("link", name="연락처·영업시간·사진 고치기").click()
    page.get_by_label("점포 사진").wait_for(state="attached")
    axe_check(page, context="my store edit form")
    page.get_by_label("영업시간").fill("매일 08:00-19:00")
    photo = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 60)).save(photo, format="JPEG")
    page.get_by_label("점포 사진").set_input_files(files=[{"name": "가게.jpg", "mimeType": "image/jpeg",
                                                         "buffer": photo.getvalue()}])
    page.get_by_role("button", name="저장").click()
    expect(page.locator("img.app-store-photo")).to_have_js_property("naturalWidth", 120)  # once the photo has loaded
    assert "매일 08:00-19:00" in page.locator("main").inner_text()
    assert page.js_errors == []


def _certificate() -> dict:
    scan = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(scan, format="PNG")
    return {"name": "사업자등록증.png", "mimeType": "image/png", "buffer": scan.getvalue()}


def test_my_stores_on_a_phone(phone_page, live_server, merchant_a, seogu):
    store = StoreFactory(local_government=seogu, name="폰가게", owner=merchant_a.merchant,
                         dong=seogu.dongs.get(name="양동"))
    login_as(phone_page, live_server, merchant_a)
    phone_page.goto(f"{live_server.url}/stores/mine/")
    assert phone_page.get_by_role("link", name="폰가게", exact=True).is_visible()
    axe_check(phone_page, context="my stores (phone)")
    screenshot(phone_page, "merchants-my-stores-phone")
    phone_page.goto(f"{live_server.url}/stores/mine/{store.pk}/")
    axe_check(phone_page, context="my store (phone)")
    screenshot(phone_page, "merchants-my-store-phone")

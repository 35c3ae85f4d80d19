"""The other Onnuri screens in a browser, each with an accessibility check: a resident registers
for an information session on a phone; an official creates a session, takes attendance, works the
outreach list, cancels a franchise and configures the required documents."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_check, login_as, screenshot
from tests.factories import FranchiseFactory
from tests.giftcerts.conftest import district, private_media, store_a, yangdong  # noqa: F401 (fixtures)
from tests.giftcerts.factories import InfoSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_registers_for_a_session_on_a_phone(phone_page, live_server, seogu):
    session = InfoSessionFactory(local_government=seogu, title="온누리 가맹 설명회 (양동시장)", capacity=20)
    page = phone_page
    page.goto(f"{live_server.url}/onnuri/sessions/")
    axe_check(page, context="session list (phone)")
    page.get_by_role("link", name="참가 신청 온누리 가맹 설명회 (양동시장)").click()
    axe_check(page, context="session page")
    page.get_by_role("textbox", name="이름").fill("김주민")
    page.get_by_role("textbox", name="휴대전화").fill("010-12")  # a typo first
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="설명회 참가 신청").click()
    assert "휴대전화 번호를 010-1234-5678 형식으로" in page.locator(".form-hint-invalid").inner_text()
    assert page.get_by_role("textbox", name="이름").input_value() == "김주민"
    axe_check(page, context="session registration with an error")
    page.get_by_role("textbox", name="휴대전화").fill("010-1234-5678")
    page.get_by_role("button", name="설명회 참가 신청").click()
    assert "신청했습니다" in page.locator(".app-messages").inner_text()
    screenshot(page, "giftcerts-session-registered-phone")
    assert session.registrations.get().phone == "010-1234-5678"  # stored in the one display format (core.phones)
    assert page.js_errors == []


def test_an_officials_onnuri_work(page, live_server, official, store_a, seogu):  # noqa: F811
    today = timezone.localdate()
    franchise = FranchiseFactory(store=store_a, number="29140-2025-00042",
                                 valid_from=today - datetime.timedelta(days=400),
                                 valid_until=today + datetime.timedelta(days=700))
    login_as(page, live_server, official)

    page.goto(f"{live_server.url}/onnuri/sessions/new/")
    axe_check(page, context="new session form")
    page.get_by_label("제목").fill("화정동 온누리 가맹 설명회")
    page.get_by_label("장소").fill("화정4동 행정복지센터")
    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(hour=14, minute=0)
    page.get_by_label("시작 일시").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("정원").fill("30")
    page.get_by_role("button", name="저장").click()
    assert page.get_by_role("heading", name="화정동 온누리 가맹 설명회").is_visible()
    axe_check(page, context="session page (official)")
    page.get_by_role("link", name="신청자·참석 관리").click()
    axe_check(page, context="attendance")

    page.goto(f"{live_server.url}/onnuri/outreach/")
    axe_check(page, context="outreach list")
    screenshot(page, "giftcerts-outreach-list")
    page.goto(f"{live_server.url}/onnuri/franchises/")
    axe_check(page, context="franchise list")
    page.get_by_role("link", name="29140-2025-00042").click()
    page.get_by_label("취소 사유").fill("상품권 환전 목적 거래 적발")
    page.get_by_role("button", name="가맹 취소").click()
    assert "가맹을 취소했습니다" in page.locator(".app-messages").inner_text()
    axe_check(page, context="cancelled franchise")
    franchise.refresh_from_db()
    assert franchise.status == "cancelled"

    page.goto(f"{live_server.url}/onnuri/outreach/{store_a.pk}/visit/")
    axe_check(page, context="visit form")
    page.locator("label[for=id_outcome_2]").click()  # 거절
    page.get_by_role("textbox", name="사유").fill("수수료 부담")
    page.get_by_role("button", name="방문 기록 저장").click()
    axe_check(page, context="outreach list after a visit")

    page.goto(f"{live_server.url}/onnuri/settings/documents/")
    axe_check(page, context="document settings")
    page.get_by_role("textbox", name="코드").fill("lease_contract")
    page.get_by_role("textbox", name="서류", exact=False).nth(0).fill("임대차계약서 사본")
    page.get_by_role("button", name="저장").click()
    assert page.get_by_role("cell", name="임대차계약서 사본").is_visible()
    assert page.js_errors == []

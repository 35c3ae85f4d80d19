"""An official logs in on the Korean KRDS login page, switches to English and logs out."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, login, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_korean_with_krds_styles(page, live_server, seogu):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", name="로그인").is_visible()
    assert page.get_by_label("사용자 이름").is_visible()
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Pretendard GOV" in font
    # KRDS component styles are applied (primary button colour comes from krds tokens).
    button = page.locator("form.app-form button.krds-btn.primary")
    button_bg = button.evaluate("e => getComputedStyle(e).backgroundColor")
    assert button_bg not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "")
    assert page.evaluate("document.fonts.check('16px \"Pretendard GOV\"')")
    axe_check(page, context="login page")


def test_wrong_password_keeps_the_username_and_explains_in_korean(page, live_server, official):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(official.username)
    page.locator("#id_password").fill("wrong-password")
    page.locator("form.app-form button[type=submit]").click()
    assert page.locator("#id_username").input_value() == official.username
    assert page.get_by_role("alert").first.is_visible()
    assert "올바르지" in page.locator("#form-error-summary").inner_text()
    axe_check(page, context="login page with errors")


def test_official_logs_in_switches_to_english_and_logs_out(page, live_server, official):
    login(page, live_server, official.username, PASSWORD)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("광주광역시 서구")
    assert page.get_by_role("link", name="행정동").first.is_visible()
    axe_check(page, context="official home (ko)")
    screenshot(page, "home-official-ko")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("link", name="Dongs").first.is_visible()
    axe_check(page, context="official home (en)")
    screenshot(page, "home-official-en")

    page.get_by_role("link", name="Dongs").first.click()
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(18)  # polygons drawn with tiles blocked
    axe_check(page, context="dong list")
    screenshot(page, "dong-list")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    assert page.js_errors == []


def test_keyboard_user_can_skip_to_content_and_log_in(page, live_server, official):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="본문 바로가기")
    assert skip.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.goto(f"{live_server.url}/accounts/login/")
    # The username field has focus on arrival (Django's login form sets autofocus).
    expect(page.locator("#id_username")).to_be_focused()  # autofocus may land just after the load event
    page.keyboard.type(official.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()

"""The account pages in a browser: the lockout page, password reset, the superuser's switcher, unlocking."""

import pytest

from tests.browser.conftest import axe_check, login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _try(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_lockout_page_reset_link_and_unlock(page, browser, live_server, official, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(page, live_server, official.username, "wrong-password")
    assert page.get_by_role("heading", level=1, name="로그인이 잠시 제한되었습니다").is_visible()
    assert "30분 뒤" in page.get_by_role("alert").inner_text()
    axe_check(page, context="lockout page")
    page.get_by_role("link", name="비밀번호 재설정").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("이메일 주소").is_visible()
    axe_check(page, context="password reset form")

    from tests.browser.conftest import open_page

    admin_page = open_page(browser)
    login(admin_page, live_server, admin_user.username, PASSWORD)
    admin_page.goto(f"{live_server.url}/accounts/lockouts/")
    axe_check(admin_page, context="lockouts page")
    admin_page.get_by_role("button", name=f"{official.username} 잠금 해제").click()
    admin_page.wait_for_load_state("networkidle")
    assert "잠금을 해제했습니다" in admin_page.locator(".app-messages").inner_text()

    admin_page.get_by_role("link", name="담당자로 작업하기").first.click()
    admin_page.wait_for_load_state("networkidle")
    axe_check(admin_page, context="acting government")
    admin_page.get_by_label("지방자치단체").select_option(label="광주광역시 서구")
    admin_page.get_by_role("button", name="적용").click()
    admin_page.wait_for_load_state("networkidle")
    assert admin_page.get_by_role("link", name="광주광역시 서구 담당자로 작업 중").is_visible()
    admin_page.goto(f"{live_server.url}/districts/dongs/")
    assert admin_page.get_by_role("heading", level=1).is_visible()
    assert admin_page.js_errors == []
    admin_page.context.close()

    _try(page, live_server, official.username, PASSWORD)  # unlocked: the right password works again
    assert page.get_by_role("button", name="로그아웃").is_visible()

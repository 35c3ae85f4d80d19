"""The idle-timeout warning: shown before the server logs an official out, "keep using" extends the session."""

import pytest

from tests.browser.conftest import axe_check, login_as

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_timeout(settings):
    settings.OFFICIAL_SESSION_IDLE_SECONDS = 10
    settings.OFFICIAL_SESSION_WARNING_SECONDS = 7


def test_warning_keeps_the_session_and_then_logs_out(page, live_server, official, short_timeout):
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/districts/dongs/")
    dialog = page.get_by_role("alertdialog", name="곧 자동으로 로그아웃됩니다")
    dialog.wait_for(state="visible", timeout=8_000)
    button = page.get_by_role("button", name="계속 사용")
    assert button.evaluate("e => e === document.activeElement")  # keyboard focus moves into the warning
    assert ":" in page.locator("[data-session-remaining]").inner_text()
    axe_check(page, context="session timeout warning")

    page.keyboard.press("Enter")  # keep using
    dialog.wait_for(state="hidden")
    # The server renewed the session: a page still opens well after the original deadline would have passed.
    page.wait_for_timeout(8_000)
    page.goto(f"{live_server.url}/districts/dongs/")
    assert "/accounts/login/" not in page.url

    # Ignored this time: the page goes to the login page with the Korean message.
    page.wait_for_url("**/accounts/login/**", timeout=20_000)
    assert "자동으로 로그아웃되었습니다" in page.locator(".app-messages").inner_text()
    assert page.get_by_role("button", name="로그인").is_visible()
    assert page.js_errors == []

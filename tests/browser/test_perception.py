"""The resident perception survey in a browser: a resident answers by keyboard alone on a 390 px phone, and an
official opens the results and a district's printable poster. axe on every page."""

import pytest
from django.urls import reverse

from perception.models import PerceptionResponse
from tests.browser.conftest import axe_check, login_as, screenshot, wait_until_served_ms_ago
from tests.browser.test_keyboard_journeys import assert_visible_focus, tab_until
from tests.perception.conftest import answer, designated

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    return designated(seogu, name="양동 맛집거리")


def test_a_resident_answers_the_survey_by_keyboard_on_a_phone(phone_page, live_server, district):
    page = phone_page
    page.goto(f"{live_server.url}{reverse('perception:survey', args=[district.pk])}")
    page.get_by_role("heading", name="양동 맛집거리, 어떠세요?").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no page wider than the phone
    axe_check(page, context="survey form (phone)")
    screenshot(page, "perception-survey-phone")

    # Each question is one tab stop (a radio group); the arrow keys choose within it.
    info = tab_until(page, lambda i: i["id"].startswith("id_satisfaction_"))
    assert info["type"] == "radio"
    page.keyboard.press("ArrowDown")  # 5 -> 4 (만족)
    assert page.locator("#id_satisfaction_1").is_checked()
    tab_until(page, lambda i: i["id"].startswith("id_onnuri_usability_"))
    page.keyboard.press("Space")  # the first: 매우 편함
    assert page.locator("#id_onnuri_usability_0").is_checked()
    tab_until(page, lambda i: i["id"].startswith("id_recommend_"))
    page.keyboard.press("Space")
    tab_until(page, lambda i: i["id"] == "id_improvement")
    page.keyboard.type("주차 공간이 더 있으면 좋겠어요")
    tab_until(page, lambda i: i["id"] == "id_age_band")
    page.keyboard.press("ArrowDown")  # 20세 미만
    info = tab_until(page, lambda i: i["tag"] == "button" and i["text"] == "응답 보내기")
    assert "website" not in info["id"]  # the honeypot is never a tab stop
    wait_until_served_ms_ago(page, 3200)  # a person takes longer than the form's minimum fill time
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    page.get_by_test_id("survey-thanks").wait_for()
    axe_check(page, context="thanks page")

    saved = PerceptionResponse.objects.get()
    assert (saved.satisfaction, saved.onnuri_usability, saved.recommend) == (4, 5, 5)
    assert saved.improvement == "주차 공간이 더 있으면 좋겠어요" and saved.age_band != ""

    # The same phone again: a polite refusal, no second form.
    page.goto(f"{live_server.url}{reverse('perception:survey', args=[district.pk])}")
    page.get_by_test_id("already-answered").wait_for()
    assert page.locator("#survey-form").count() == 0
    axe_check(page, context="already answered")


def test_an_official_opens_the_results_and_prints_a_poster(page, live_server, district, official):
    from core.keywords import kiwi

    kiwi()  # load the Kiwi model (seconds on a busy machine) before the page waits on it; the server shares it
    for score in [5, 4, 4, 3, 5, 4, 2, 4, 5, 3, 4]:
        answer(district, satisfaction=score, recommend=score, improvement="가격 표시가 잘 보였으면 좋겠어요")
    login_as(page, live_server, official)
    # The first page of a fresh live server on a shared 2-core machine may take long: wait on the page, not 15 s.
    page.goto(f"{live_server.url}{reverse('perception:results')}", timeout=60_000)
    table = page.get_by_test_id("perception-districts")
    table.get_by_role("link", name="양동 맛집거리", exact=True).wait_for()
    assert "11" in table.inner_text() and "72.7%" in table.inner_text()  # 8 of 11 satisfied
    page.locator("#pc-trend").wait_for()
    assert page.get_by_test_id("perception-keywords").inner_text()  # Kiwi keywords shown
    axe_check(page, context="results")
    screenshot(page, "perception-results")

    table.get_by_role("link", name="양동 맛집거리", exact=True).click()
    page.get_by_test_id("poster-link").click()
    poster = page.get_by_test_id("poster")
    poster.wait_for()
    assert poster.locator("svg.pc-qr path").count() >= 1
    assert f"/perception/{district.pk}/" in poster.inner_text()
    axe_check(page, context="poster")
    page.emulate_media(media="print")
    assert page.locator("header#krds-header").is_hidden() and poster.is_visible()  # only the poster prints
    screenshot(page, "perception-poster-print")

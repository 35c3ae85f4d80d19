"""On a phone: file a ticket with a photo and a map point, follow it by code; an official resolves it; the
official statistics page counts it. Screenshots of every screen, axe on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hotline.models import Ticket
from tests.browser.conftest import axe_check, login_as, screenshot, wait_until_served_ms_ago
from tests.factories import YANGDONG_LAT, YANGDONG_LON
from tests.hotline.conftest import gps_exif, hotline_categories, jpeg_bytes  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "IMG_2041.jpg"
    path.write_bytes(jpeg_bytes(size=(640, 480), exif=gps_exif()))
    return path


def tap_map_at(page, lat, lon):
    """Tap the Leaflet map where lat/lon is drawn (as a finger would)."""
    page.wait_for_function("window.AlleyHotline && window.AlleyHotline.map")
    page.evaluate(f"window.AlleyHotline.map.setView([{lat}, {lon}], 16, {{animate: false}})")
    point = page.evaluate(f"(() => {{ const p = window.AlleyHotline.map.latLngToContainerPoint([{lat}, {lon}]);"
                          f" return {{x: p.x, y: p.y}}; }})()")
    page.locator("#report-map").tap(position=point)


def test_file_follow_resolve_and_count(phone_page, page, live_server, seogu, official, settings, photo_file,
                                      hotline_categories):  # noqa: F811
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    phone = phone_page

    # 1. A resident files a ticket on a phone, with a map point and a photo.
    phone.goto(f"{live_server.url}/hotline/report/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    axe_check(phone, context="report form (phone)")
    screenshot(phone, "hotline-report-phone")
    phone.locator("#group-id_category label", has_text=re.compile("^주차$")).tap()  # KRDS styles the label
    assert phone.get_by_label("주차").is_checked()
    description = "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다. 단속 부탁드립니다."
    phone.get_by_label("무엇이 문제인가요?").fill(description)
    tap_map_at(phone, YANGDONG_LAT, YANGDONG_LON)
    assert phone.locator("#place-summary").inner_text() == "지도에 장소가 표시되었습니다."
    assert abs(float(phone.locator("#id_lat").input_value()) - YANGDONG_LAT) < 0.0005
    phone.locator("#id_photos").set_input_files(str(photo_file))
    phone.get_by_label("전화번호").fill("010-1234-5678")
    phone.locator("label[for=id_consent]").tap()
    assert phone.locator("#id_consent").is_checked()
    wait_until_served_ms_ago(phone, 3200)  # the form refuses what is sent faster than a person types
    phone.get_by_role("button", name="신고하기").click()

    # 2. The tracking code; following it by code.
    code = phone.get_by_test_id("tracking-code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    ticket = Ticket.objects.get()
    assert ticket.dong.name == "양동" and ticket.photos.count() == 1
    expect(phone.locator(".hl-photos img")).to_have_js_property("naturalWidth", 640)  # once the photo has loaded
    axe_check(phone, context="tracking page after filing")
    screenshot(phone, "hotline-filed-phone")
    phone.goto(f"{live_server.url}/hotline/track/")
    axe_check(phone, context="track form")
    phone.get_by_label("접수번호").fill(code.lower())
    phone.get_by_role("button", name="처리 상황 보기").click()
    expect(phone.get_by_test_id("public-status")).to_have_text("접수")
    assert "010-1234-5678" not in phone.content()

    # 3. An official works the ticket to resolution.
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/hotline/")
    axe_check(page, context="official queue")
    screenshot(page, "hotline-queue")
    page.get_by_role("link", name=f"#{ticket.pk}").click()
    expect(page.get_by_text("010-1234-5678")).to_be_visible()  # officials see the contact
    axe_check(page, context="ticket page")
    page.get_by_label("담당자").select_option(label=official.display_name)
    page.get_by_role("button", name="담당자 배정", exact=True).click()
    page.get_by_role("button", name="처리 중으로 변경").click()  # shown once the ticket is assigned
    page.get_by_role("textbox", name="공개 답변").fill("현장을 확인하고 불법 주차 차량을 단속했습니다.")
    page.get_by_role("button", name="처리 완료하고 답변하기").click()
    expect(page.locator("h1")).to_contain_text("처리 완료")
    axe_check(page, context="resolved ticket page")
    screenshot(page, "hotline-ticket-resolved")

    # 4. The statistics page counts it.
    month = timezone.localdate().strftime("%Y-%m")
    page.goto(f"{live_server.url}/hotline/stats/?month={month}")
    assert page.locator('[data-kpi="received"]').inner_text() == "1"
    assert page.locator('[data-kpi="processed"]').inner_text() == "1"
    assert page.locator('[data-kpi="resolution_rate"]').inner_text() == "100.0%"
    assert page.locator(".leaflet-overlay-pane path").count() >= 18  # dongs and the ticket drawn, tiles blocked
    axe_check(page, context="hotline statistics")
    screenshot(page, "hotline-stats")

    # 5. The resident sees the outcome and the reply.
    phone.reload()
    expect(phone.get_by_test_id("public-status")).to_have_text("처리 완료")
    assert phone.get_by_text("현장을 확인하고 불법 주차 차량을 단속했습니다.").is_visible()
    axe_check(phone, context="tracking page, resolved")
    screenshot(phone, "hotline-track-resolved-phone")
    assert phone.js_errors == [] and page.js_errors == []


def test_validation_errors_on_a_phone_keep_the_text(phone_page, live_server, seogu, settings,
                                                   hotline_categories):  # noqa: F811
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    phone_page.goto(f"{live_server.url}/hotline/report/")
    phone_page.get_by_label("무엇이 문제인가요?").fill("소음이 심해요")
    wait_until_served_ms_ago(phone_page, 3200)
    phone_page.get_by_role("button", name="신고하기").click()
    # the error twice: as a link in the summary (focused) and under its field
    summary = phone_page.locator("#form-error-summary")
    expect(summary.get_by_role("link", name="문제의 종류를 선택해 주세요.")).to_be_visible()
    expect(phone_page.locator("#id_category_error")).to_have_text("문제의 종류를 선택해 주세요.")
    expect(phone_page.locator("#id_category_error")).to_be_visible()
    assert phone_page.get_by_label("무엇이 문제인가요?").input_value() == "소음이 심해요"
    assert phone_page.get_by_text("장소를 알려 주세요.", exact=False).first.is_visible()
    axe_check(phone_page, context="report form with errors")
    screenshot(phone_page, "hotline-report-errors-phone")

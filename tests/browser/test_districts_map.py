"""An official draws a district on the Leaflet map with the mouse, watches the criteria check
update, saves, submits, designates and finds it on the list map.

The polygon is drawn with real mouse clicks on the map canvas through Leaflet.draw's
polygon tool. The map's JS API is used only to centre the view on the test stores and
to turn their coordinates into pixel positions for the clicks.
"""

import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from districts.models import District
from merchants.models import Store
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.districts.factories import (
    CHIPYEONG_LAT,
    CHIPYEONG_LON,
    load_yangdong_market_stores,
    make_district,
    scatter_stores,
    square_in_chipyeong,
    yangdong_market_boundary,
)

pytestmark = pytest.mark.django_db(transaction=True)

# A 40 m x 40 m square in 치평동 (1,600 m²: 15 open stores needed); 25 stores inside.
HALF_LON = 20 / (111_320.0 * 0.8192)
HALF_LAT = 20 / 110_950.0
CORNERS = [(CHIPYEONG_LAT - HALF_LAT, CHIPYEONG_LON - HALF_LON), (CHIPYEONG_LAT - HALF_LAT, CHIPYEONG_LON + HALF_LON),
           (CHIPYEONG_LAT + HALF_LAT, CHIPYEONG_LON + HALF_LON), (CHIPYEONG_LAT + HALF_LAT, CHIPYEONG_LON - HALF_LON)]


def click_at(page, lat, lon, *, until: str):
    """Click the map at a point as a user would, until `until` (a JS condition) holds.

    On a loaded CI machine Leaflet.draw can drop a click that follows the previous one
    too closely (it guards against double clicks); a person would simply click again.
    """
    for _attempt in range(3):
        box = page.locator("#id_boundary-map").bounding_box()
        point = page.evaluate("([lat, lon]) => { const p = window.districtDrawMap.latLngToContainerPoint([lat, lon]);"
                              " return [p.x, p.y]; }", [lat, lon])
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        try:
            page.wait_for_function(until, timeout=3000)
            return
        except PlaywrightTimeoutError:
            page.wait_for_timeout(400)
    page.wait_for_function(until)  # fails with Playwright's own message


def shot(page, name):
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def criterion(page, key):
    return page.locator(f"#criteria-output tr[data-criterion='{key}']")


def test_draw_check_save_designate_and_see_it_on_the_list_map(page, live_server, official, seogu):
    scatter_stores(seogu, square_in_chipyeong(20), 25, seed=1)
    scatter_stores(seogu, square_in_chipyeong(200, east_m=600), 40, seed=2)  # sparse stores elsewhere
    login_as(page, live_server, official)

    page.goto(f"{live_server.url}/districts/new/")
    page.wait_for_function("window.districtDrawMap !== undefined")
    assert page.locator("#id_boundary-map .leaflet-overlay-pane path").count() == 18  # the dongs for context
    axe_check(page, context="new district form")
    page.get_by_label("골목형상점가 명칭").fill("치평동 먹자골목 골목형상점가")
    page.get_by_label("상인조직").fill("치평동먹자골목상인회")
    page.get_by_label("전체 상인 수").fill("25")
    page.get_by_label("동의 상인 수").fill("10")

    # Centre the map on the stores, then draw the square with the polygon tool, click by click.
    page.evaluate(f"window.districtDrawMap.setView([{CHIPYEONG_LAT}, {CHIPYEONG_LON}], 19, {{animate: false}})")
    page.wait_for_timeout(300)
    page.locator(".leaflet-draw-draw-polygon").click()
    for placed, (lat, lon) in enumerate(CORNERS, start=1):
        click_at(page, lat, lon, until=f"document.querySelectorAll("
                                       f"'#id_boundary-map .leaflet-editing-icon').length >= {placed}")
    # Back on the first vertex closes the polygon.
    click_at(page, *CORNERS[0], until="document.getElementById('id_boundary').value.includes('Polygon')")

    # The check updates at once: enough stores, but 10 of 25 is below half.
    page.wait_for_selector("#criteria-output tr[data-criterion='store_density'][data-passed='true']")
    assert criterion(page, "consent").get_attribute("data-passed") == "false"
    assert "25" in criterion(page, "store_density").inner_text()
    assert "기준 1개를 충족하지 못합니다" in page.locator("#criteria-output").inner_text()
    checks = int(page.locator("#district-form").get_attribute("data-checks"))

    page.get_by_label("동의 상인 수").fill("15")  # typing re-checks too
    page.wait_for_function(f"parseInt(document.getElementById('district-form').dataset.checks) > {checks}")
    page.wait_for_selector("#criteria-output tr[data-criterion='consent'][data-passed='true']")
    assert "모든 기준을 충족합니다" in page.locator("#criteria-output").inner_text()
    shot(page, "district-draw")

    page.get_by_role("button", name="초안 저장").click()
    page.wait_for_url(re.compile(r"/districts/\d+/$"))
    district = District.objects.get()
    assert page.url == f"{live_server.url}/districts/{district.pk}/"
    assert district.area_m2 == pytest.approx(1600, rel=0.03) and district.store_count == 25
    axe_check(page, context="district page (draft)")

    page.get_by_role("button", name="지정 신청 제출").click()
    page.get_by_role("link", name="지정", exact=True).click()  # offered once the district is submitted
    page.get_by_label("고시 번호").wait_for()
    axe_check(page, context="designate form")
    page.get_by_label("고시 번호").fill("광주광역시 서구 고시 제2026-31호")
    page.get_by_role("button", name="지정").click()
    page.wait_for_url(f"{live_server.url}/districts/{district.pk}/")
    district.refresh_from_db()
    assert district.status == "designated"
    assert Store.objects.filter(district=district).count() == 25
    page.wait_for_selector("#district-map .leaflet-overlay-pane path")
    assert "지정" in page.locator("h1").inner_text()
    axe_check(page, context="district page (designated)")
    shot(page, "district-detail")

    page.get_by_role("link", name="골목형상점가", exact=True).first.click()
    page.locator("#district-list-map").wait_for()
    page.wait_for_function("document.getElementById('district-list-map').dataset.districts === '1'")
    assert page.locator("#district-list-map .leaflet-overlay-pane path[stroke='#0b50d0']").count() == 1
    assert "치평동 먹자골목 골목형상점가" in page.locator("table").inner_text()
    axe_check(page, context="district list")
    shot(page, "district-list-map")
    assert page.js_errors == []


def test_market_district_pages_amend_revoke_and_notice(page, live_server, official, seogu):
    load_yangdong_market_stores(seogu)
    district = make_district(official, yangdong_market_boundary(seogu), status="designated")
    login_as(page, live_server, official)

    page.goto(f"{live_server.url}/districts/{district.pk}/")
    page.wait_for_selector("#district-map .marker-cluster, #district-map .leaflet-marker-icon")
    assert page.locator("#industry-major").is_visible() and page.locator("#event-history tbody tr").count() == 3
    axe_check(page, context="market district page")
    shot(page, "district-detail-market")

    page.get_by_role("link", name="경계 변경").click()
    page.locator("#district-form").wait_for()
    page.wait_for_function("document.getElementById('district-form').dataset.checks === '1'")
    assert "모든 기준을 충족합니다" in page.locator("#criteria-output").inner_text()  # its own boundary: no overlap
    axe_check(page, context="amend form")

    page.goto(f"{live_server.url}/districts/{district.pk}/notice/")
    assert "골목형상점가 지정 고시" in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("#krds-header").is_visible() and not page.locator(".app-main-menu").is_visible()
    page.emulate_media(media="screen")
    axe_check(page, context="designation notice")
    shot(page, "district-notice")

    page.goto(f"{live_server.url}/districts/{district.pk}/revoke/")
    axe_check(page, context="revoke form")
    page.get_by_text("1년 이상 영업 중단").click()
    assert page.locator("input[name=ground][value=suspended]").is_checked()
    page.get_by_role("button", name="지정 취소").last.click()
    page.wait_for_url(f"{live_server.url}/districts/{district.pk}/")
    district.refresh_from_db()
    assert district.status == "revoked" and not Store.objects.filter(district=district).exists()
    axe_check(page, context="revoked district page")
    assert page.js_errors == []


def test_a_chosen_geojson_file_is_shown_and_checked_before_upload(page, live_server, official, seogu, tmp_path):
    load_yangdong_market_stores(seogu)
    boundary = yangdong_market_boundary(seogu)
    make_district(official, boundary, status="designated", name="기존 양동시장 골목형상점가")
    path = tmp_path / "yangdong.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": boundary}), encoding="utf-8")
    login_as(page, live_server, official)

    page.goto(f"{live_server.url}/districts/new/")
    page.wait_for_function("window.districtDrawMap !== undefined")
    page.get_by_label("또는 GeoJSON 파일 올리기").set_input_files(str(path))
    page.wait_for_selector("#criteria-output tr[data-criterion='no_overlap'][data-passed='false']")
    assert "기존 양동시장 골목형상점가" in criterion(page, "no_overlap").inner_text()
    assert criterion(page, "store_density").get_attribute("data-passed") == "true"
    assert page.locator("#id_boundary-map .leaflet-overlay-pane path[stroke-dasharray='6 4']").count() == 1
    axe_check(page, context="new district form with a chosen file")
    assert page.js_errors == []

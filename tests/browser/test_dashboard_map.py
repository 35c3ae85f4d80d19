"""The alley-economy dashboard in a real browser: polygons, KPI cards that match the API, the indicator
and month switches, the district drill-down, store markers; the wall screen and the impact view."""

import re

import pytest

from dashboard import demo
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.conftest import make_user
from tests.dashboard import synthetic

pytestmark = pytest.mark.django_db(transaction=True)
DISTRICTS = 119


@pytest.fixture
def world(seogu):
    synthetic.build(seogu, stores=1500, districts=DISTRICTS, seed=5)
    demo.seed_sales_and_metrics(42, lambda line: None)
    return make_user("board_official", role="official", local_government=seogu, last_name="김", first_name="상황")


def api(page, live_server, path):
    response = page.request.get(f"{live_server.url}{path}")
    assert response.ok, path
    return response.json()


def card_values(page) -> dict:
    return {key: page.locator(f'#kpi-cards [data-kpi="{key}"] .dash-kpi-value').inner_text()
            for key in page.eval_on_selector_all("#kpi-cards [data-kpi]", "els => els.map(e => e.dataset.kpi)")}


def fills(page) -> list[str]:
    return page.eval_on_selector_all("path[data-district-id]", "els => els.map(e => e.getAttribute('fill'))")


def test_dashboard_map_kpis_switches_and_drill_down(page, live_server, world):
    login_as(page, live_server, world)
    page.get_by_role("link", name="상황판").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "광주광역시 서구 골목경제 상황판"

    # 119 district polygons (and the dong boundaries, drawn apart).
    page.wait_for_function(f"document.querySelectorAll('path[data-district-id]').length === {DISTRICTS}")
    geojson = api(page, live_server, "/api/dashboard/districts.geojson")
    assert len(geojson["features"]) == DISTRICTS
    assert page.locator("path.dong-shape").count() == 18

    # The KPI cards show exactly what the API gives for the month.
    kpis = api(page, live_server, f"/api/dashboard/kpis?month={geojson['month']}")
    assert page.locator("#dash-month").input_value() == kpis["month"]
    assert card_values(page) == {card["key"]: card["display"] for card in kpis["kpis"]}
    assert re.fullmatch(r"[\d,]+곳", card_values(page)["franchise_stores"])
    # Store markers are clustered, in two colours, and can be switched off.
    page.wait_for_selector(".marker-cluster")
    legend = page.locator("#dash-legend").inner_text()
    assert "온누리 가맹점" in legend and "미가맹 점포" in legend
    # By default the districts are coloured by the franchise rate of the stores that may join.
    assert legend.startswith("가맹률(가맹 가능 점포 대비)")
    assert page.get_by_label("상점가 색상 기준").input_value() == "franchise_rate_eligible"
    rate_card = page.locator('#kpi-cards [data-kpi="franchise_rate"]')
    assert "가맹 가능 점포" in rate_card.locator(".dash-kpi-hint").inner_text()
    assert "전체 영업 점포" in rate_card.locator(".dash-kpi-note").inner_text()
    axe_check(page, context="dashboard")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard")
    toggle = page.locator("label[for=dash-show-stores]")  # KRDS draws the box on the label
    toggle.click()
    assert not page.get_by_label("점포 표시").is_checked()
    assert page.locator(".marker-cluster").count() == 0
    toggle.click()
    page.wait_for_selector(".marker-cluster")

    # Switching the indicator recolours the map and retitles the legend.
    before = fills(page)
    page.get_by_label("상점가 색상 기준").select_option("closures")
    page.wait_for_function("document.getElementById('dash-legend').innerText.startsWith('폐업')")
    after = fills(page)
    assert len(after) == DISTRICTS and after != before
    # Closures use the orange scheme (or grey where there is no figure).
    assert set(after) <= {"#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603", "#c4c8cc"}

    # Switching the month changes the KPI cards to that month's figures.
    earlier = api(page, live_server, "/api/dashboard/kpis?month=" + page.locator(
        "#dash-month option").nth(12).get_attribute("value"))
    page.get_by_label("월", exact=True).select_option(earlier["month"])
    expected = {card["key"]: card["display"] for card in earlier["kpis"]}
    page.wait_for_function(
        "v => document.querySelector('#kpi-cards [data-kpi=franchise_stores] .dash-kpi-value').innerText === v",
        arg=expected["franchise_stores"])
    assert card_values(page) == expected
    assert expected["franchise_stores"] != {c["key"]: c["display"] for c in kpis["kpis"]}["franchise_stores"]
    assert f"month={earlier['month']}" in page.url

    # Clicking a polygon opens its drill-down: trend, stores and applications.
    shape = page.locator("path[data-district-id]").nth(40)
    district_id = shape.get_attribute("data-district-id")
    name = next(f["properties"]["name"] for f in geojson["features"] if str(f["id"]) == district_id)
    shape.click(force=True)
    page.wait_for_function("document.getElementById('drilldown-title').innerText.indexOf(arguments[0]) >= 0"
                           .replace("arguments[0]", repr(name)))
    drilldown = page.locator("#drilldown")
    assert drilldown.get_by_role("heading", name="추이").is_visible()
    assert drilldown.locator("#drilldown-stores tbody tr").count() >= 1
    assert drilldown.locator("#drilldown-applications tbody tr").count() == 6
    axe_check(page, context="dashboard with drill-down")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard-drilldown")

    # The table alternative to the map opens the same drill-down by keyboard.
    page.get_by_text("상점가별 지표를 표로 보기").click()
    first_button = page.locator("#district-table tbody button").first
    first_name = page.locator("#district-table tbody th").first.inner_text().split(" (")[0]
    first_button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.getElementById('drilldown-title').innerText.startsWith(n)",
                           arg=first_name)
    axe_check(page, context="dashboard with the district table open")
    assert page.js_errors == []


def test_wall_screen_and_impact_view(page, live_server, world):
    login_as(page, live_server, world)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_function(f"document.querySelectorAll('path[data-district-id]').length === {DISTRICTS}")
    page.wait_for_function("document.body.dataset.refreshed")
    assert page.locator("nav").count() == 0
    assert page.locator("#dash-legend").inner_text().startswith("가맹률(가맹 가능 점포 대비)")
    kpis = api(page, live_server, "/api/dashboard/kpis")
    assert card_values(page) == {card["key"]: card["display"] for card in kpis["kpis"]}
    size = page.eval_on_selector('#kpi-cards [data-kpi="franchise_stores"] .dash-kpi-value',
                                 "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 38  # readable across the room (2vw: ten cards share one row, so the map keeps half the screen)
    # It fits one screen: nothing to scroll on a 1920 x 1080 monitor.
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080 + 2
    axe_check(page, context="wall screen")
    screenshot(page, "dashboard-wall")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dashboard/impact/")
    assert page.get_by_role("heading", name="계산 방법").is_visible()
    uplift = page.locator("#impact-uplift").inner_text()
    assert re.fullmatch(r"\+\d+\.\d%", uplift) and 15 <= float(uplift[1:-1]) <= 35
    assert page.locator("#impact-table tbody tr").count() == 25
    axe_check(page, context="impact view")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard-impact")
    assert page.js_errors == []

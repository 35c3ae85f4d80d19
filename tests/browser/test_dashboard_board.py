"""The board as people see it (issue 14): districts as circles at Seo-gu's default zoom and as outlines
when zoomed in, a legend that hides no district, the apps' map layers, the wall screen with the apps'
panels and unbroken KPI labels, and the synthetic-data banner."""

import pytest

from core import demo_flag
from dashboard import demo
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.conftest import make_user
from tests.dashboard import synthetic

pytestmark = pytest.mark.django_db(transaction=True)
DISTRICTS = 119
SYMBOL_ZOOM = 15  # dashboard/static/dashboard/common.js

# Boxes of the legend and of every district drawn (circle or outline) inside the map's box.
BOXES = """(mapId) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const map = box(document.getElementById(mapId));
  // What shows of a district: its box cut to the map's (the map hides what lies beyond its edge).
  const shown = (b) => ({l: Math.max(b.l, map.l), t: Math.max(b.t, map.t),
                         r: Math.min(b.r, map.r), b: Math.min(b.b, map.b)});
  return {legend: box(document.getElementById("dash-legend")), map,
          districts: Array.from(document.querySelectorAll("path[data-district-id]")).map(box).map(shown)
            .filter((b) => b.r > b.l && b.b > b.t)};
}"""

# Every place where a KPI label's text goes on to a new line: the characters either side of the break.
LABEL_BREAKS = """() => {
  const breaks = [];
  for (const label of document.querySelectorAll("#kpi-cards .dash-kpi h3")) {
    const text = label.textContent, node = label.firstChild, range = document.createRange();
    let top = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !rect.width) continue;
      if (top !== null && rect.top > top + 2) breaks.push([text, text[i - 1] || "", text[i]]);
      top = rect.top;
    }
  }
  return breaks;
}"""


def overlaps(a, b) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


@pytest.fixture
def world(seogu):
    synthetic.build(seogu, stores=800, districts=DISTRICTS, seed=5)
    demo.seed_sales_and_metrics(42, lambda line: None)
    return make_user("board_official", role="official", local_government=seogu, last_name="김", first_name="상황")


def test_dashboard_map_symbols_outlines_legend_layers_and_banner(page, live_server, world):
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(page, live_server, world)
    page.goto(f"{live_server.url}/dashboard/")
    assert page.get_by_test_id("demo-banner").count() == 0  # no demo data in this database
    demo_flag.mark(42)
    page.goto(f"{live_server.url}/dashboard/")
    banner = page.get_by_role("note", name="데이터 안내")
    assert banner.inner_text().startswith("시연용 합성 데이터")

    # Seo-gu's default zoom: each district a circle, no outline.
    page.wait_for_function(f"document.querySelectorAll('path.district-symbol').length === {DISTRICTS}")
    assert page.locator("#dashboard-map").get_attribute("data-district-mode") == "symbols"
    assert page.locator("path.district-shape").count() == 0
    page.wait_for_selector(".marker-cluster")
    legend = page.locator("#dash-legend").inner_text()
    assert "점포 수" in legend and "10곳 미만 점포 묶음" in legend and "100곳 이상 점포 묶음" in legend
    boxes = page.evaluate(BOXES, "dashboard-map")
    assert len(boxes["districts"]) == DISTRICTS  # every circle is in view at the default zoom
    assert not overlaps(boxes["legend"], boxes["map"])  # outside the map box
    assert not any(overlaps(boxes["legend"], district) for district in boxes["districts"])
    axe_check(page, context="dashboard, districts as circles")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "board-dashboard-symbols")

    # An app's layer (the hotline's tickets) colours the circles, titles the legend, fills the table twin.
    page.get_by_label("상점가 색상 기준").select_option("hotline_received")
    page.wait_for_function("document.getElementById('dash-legend').innerText.startsWith('핫라인 민원 접수')")
    assert "핫라인 민원 접수" in page.locator("#district-table thead").text_content()

    # Zoomed in: the outlines, and the circles are gone.
    page.evaluate(f"window['leafletmapdashboard-map'].setZoom({SYMBOL_ZOOM})")
    page.wait_for_function("document.getElementById('dashboard-map').dataset.districtMode === 'polygons'")
    assert page.locator("path.district-shape").count() == DISTRICTS
    assert page.locator("path.district-symbol").count() == 0
    assert "점포 수" not in page.locator("#dash-legend").inner_text()
    boxes = page.evaluate(BOXES, "dashboard-map")
    assert boxes["districts"] and not any(overlaps(boxes["legend"], d) for d in boxes["districts"])
    # Outlines stay out of the tab order; the skip link still leads to the table twin.
    assert page.locator("path.district-shape[tabindex='-1']").count() == DISTRICTS
    page.locator("#dashboard-map").focus()
    axe_check(page, context="dashboard, districts as outlines")
    screenshot(page, "board-dashboard-outlines")
    assert page.js_errors == []


def test_wall_screen_panels_labels_pause_and_banner(page, live_server, world):
    demo_flag.mark(42)
    login_as(page, live_server, world)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_function("document.body.dataset.refreshed")
    assert page.get_by_role("note", name="데이터 안내").is_visible()
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080 + 2  # one screen, banner included
    page.wait_for_function(f"document.querySelectorAll('path.district-symbol').length === {DISTRICTS}")
    boxes = page.evaluate(BOXES, "wall-map")
    assert not any(overlaps(boxes["legend"], district) for district in boxes["districts"])
    assert not overlaps(boxes["legend"], boxes["map"])

    # The apps' panels, for the wall's month (the hotline's block here).
    month = page.request.get(f"{live_server.url}/api/dashboard/kpis").json()["month"]
    panels = page.locator("#wall-panels")
    assert panels.get_attribute("data-month") == month
    assert panels.get_by_test_id("hotline-block").count() == 1

    # KPI labels break between words only.
    assert page.eval_on_selector("#kpi-cards .dash-kpi h3", "e => getComputedStyle(e).wordBreak") == "keep-all"
    breaks = page.evaluate(LABEL_BREAKS)
    assert all(before.isspace() or after.isspace() or before in "(·" or after == "(" for _t, before, after in breaks), \
        breaks
    axe_check(page, context="wall screen")
    screenshot(page, "board-wall-1920")

    # The refresh can be paused (WCAG 2.2.2) and resumed.
    pause = page.locator("#wall-pause")
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    assert page.locator("body").get_attribute("data-paused") == "1"
    pause.click()
    assert pause.get_attribute("aria-pressed") == "false"

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_function("document.body.dataset.refreshed")
    breaks = page.evaluate(LABEL_BREAKS)
    assert all(before.isspace() or after.isspace() or before in "(·" or after == "(" for _t, before, after in breaks), \
        breaks
    screenshot(page, "board-wall-1366")
    assert page.js_errors == []

"""Every map's "skip the map" link leads to the map's table twin (issue 17): the table or list of the
same districts, stores or tickets, under its own heading, which is the keyboard's way through what the
map shows. Per page: the link is there, points at the twin, Enter on it moves focus into the twin (a
folded twin opens; the wall screen shows its twin over the wall), and axe stays clean."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from districts.models import District
from tests.browser.conftest import axe_check, login
from tests.conftest import PASSWORD, make_user
from tests.factories import DistrictFactory
from tests.hotline.conftest import file_ticket, hotline_categories  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# What Enter on the skip link did: where focus is, whether it is inside the twin, the twin's heading,
# whether the twin is on screen and how many rows or items it lists.
AFTER_SKIP = """([twinId, headingId]) => {
  const twin = document.getElementById(twinId), heading = document.getElementById(headingId);
  const el = document.activeElement, box = twin.getBoundingClientRect(), style = getComputedStyle(el);
  return {
    active: el === document.body ? 'body' : (el.id || el.tagName.toLowerCase()),
    inside: twin.contains(el),
    heading: heading ? heading.tagName.toLowerCase() : null,
    headingText: heading ? heading.textContent.trim() : '',
    onScreen: box.width > 100 && box.height > 20 && box.bottom > 0 && box.top < window.innerHeight,
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    items: twin.querySelectorAll('tbody tr, li, input').length,
  };
}"""


@pytest.fixture
def mapped_world(seogu, settings, hotline_categories):  # noqa: F811
    from dashboard import demo
    from tests.dashboard import synthetic

    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    synthetic.build(seogu, stores=300, districts=20, seed=5)
    demo.seed_sales_and_metrics(42, lambda line: None)
    file_ticket(seogu)
    draft = DistrictFactory(local_government=seogu, name="건너뛰기 초안 골목형상점가")
    designated = District.objects.filter(local_government=seogu, status=District.Status.DESIGNATED).first()
    user = make_user("twin_official", role="official", local_government=seogu, last_name="김", first_name="지도")
    return {"draft": draft, "designated": designated, "user": user}


def test_each_maps_skip_link_moves_focus_into_its_table_twin(page, live_server, mapped_world):
    draft, designated = mapped_world["draft"], mapped_world["designated"]
    login(page, live_server, mapped_world["user"].username, PASSWORD)
    pages = [  # page, its map, the twin, the twin's heading
        ("/dashboard/", "dashboard-map", "district-table-region", "district-table-title"),
        ("/dashboard/wall/", "wall-map", "wall-district-region", "wall-district-title"),
        ("/districts/", "district-list-map", "district-list-region", "district-list-title"),
        (f"/districts/{designated.pk}/", "district-map", "district-stores-region", "district-stores-title"),
        ("/districts/new/", "id_boundary-map", "store-picker", "store-picker-title"),
        (f"/districts/{draft.pk}/edit/", "id_boundary-map", "store-picker", "store-picker-title"),
        ("/districts/dongs/", "dong-map", "dong-list-region", "dong-list-title"),
        ("/onnuri/", "finder-map", "finder-results", "results-title"),
        ("/hotline/report/", "report-map", "report-place-twin", "report-place-twin-title"),
        ("/hotline/stats/", "hotline-map", "hotline-points-region", "hotline-points-title"),
    ]
    for path, map_id, twin, heading in pages:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(f"#{map_id}.leaflet-container")
        if path == "/dashboard/":
            page.wait_for_selector("#district-table tbody tr", state="attached")
        if path == "/dashboard/wall/":
            page.wait_for_function("document.body.dataset.refreshed")
        skip = page.locator(f"a.app-map-skip[href='#{twin}']")
        assert skip.count() == 1, f"{path}: the skip link leads to " + str(
            page.locator("a.app-map-skip").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
        assert skip.inner_text() == "지도 건너뛰기"
        # The link comes right before its map in the tab order.
        assert skip.evaluate("(a, id) => a.nextElementSibling && a.nextElementSibling.id === id", map_id)
        axe_check(page, context=path)

        skip.focus()
        page.keyboard.press("Enter")
        with contextlib.suppress(PlaywrightTimeoutError):  # KRDS scrolls smoothly; a failure is reported below
            page.wait_for_function(f"({AFTER_SKIP})(arg).onScreen", arg=[twin, heading], timeout=3000)
        after = page.evaluate(AFTER_SKIP, [twin, heading])
        assert after["inside"], f"{path}: Enter on the skip link left focus on {after['active']}, not in #{twin}"
        assert after["heading"] in ("h2", "h3") and after["headingText"], f"{path}: the twin has no heading: {after}"
        assert after["onScreen"], f"{path}: the twin is not on screen after the skip: {after}"
        assert after["ring"], f"{path}: the focused twin shows no focus ring"
        if twin not in ("store-picker", "report-place-twin"):  # the forms' twins are search fields
            assert after["items"] > 0, f"{path}: the twin lists nothing"
        # The next Tab goes on from the twin, not back into the map.
        page.keyboard.press("Tab")
        assert not page.evaluate("(id) => document.getElementById(id).contains(document.activeElement)", map_id)
        axe_check(page, context=f"{path} after skipping the map")

    # The dashboard's folded twin is opened by the skip.
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#district-table tbody tr", state="attached")
    assert not page.evaluate("document.getElementById('district-table-wrap').open")
    page.locator("a.app-map-skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('district-table-wrap').open")
    assert page.evaluate("document.activeElement.id") == "district-table-region"


# The pages whose map shows one thing: a store's or a ticket's point, a dong's or a district's outline.
# Their twin is that thing in words, right after the map: the address (and coordinates) or the outline.
PLACE = """(id) => { const el = document.getElementById(id);
  let map = el && el.previousElementSibling;  // the map's key help (screen readers only) stands between
  while (map && map.classList.contains('sr-only')) map = map.previousElementSibling;
  return el && {active: document.activeElement === el, text: el.innerText.trim(),
                afterMap: !!map && map.classList.contains('leaflet-container')}; }"""


@pytest.fixture
def single_maps(seogu, hotline_categories, merchant_a):  # noqa: F811
    import datetime

    from tests.factories import StoreFactory

    dong = seogu.dongs.get(name="양동")
    store = StoreFactory(local_government=seogu, dong=dong, owner=merchant_a.merchant, name="양동 지도 국밥",
                         road_address="광주광역시 서구 천변좌로 262")
    ticket = file_ticket(seogu, address="양동시장 정문 앞 골목")
    designated = DistrictFactory(local_government=seogu, name="양동 지도 골목형상점가",
                                 status=District.Status.DESIGNATED, designated_on=datetime.date(2026, 3, 2),
                                 notice_number="서구 고시 제2026-12호")
    designated.dongs.add(dong)
    official = make_user("twin_point_official", role="official", local_government=seogu, last_name="김",
                         first_name="지도")
    return {"store": store, "ticket": ticket, "district": designated, "dong": dong, "official": official}


def test_a_single_point_or_outline_maps_skip_link_leads_to_it_in_words(browser, live_server, single_maps):
    from tests.browser.conftest import login_as, open_page

    w = single_maps
    pages = [  # who, page, its map, the twin, what the twin says
        ("official", f"/stores/{w['store'].pk}/", "store-map", "store-map-place",
         "광주광역시 서구 천변좌로 262 (양동)"),
        ("merchant", f"/stores/mine/{w['store'].pk}/", "my-store-map", "my-store-map-place", "천변좌로 262 (양동)"),
        ("official", f"/hotline/tickets/{w['ticket'].pk}/", "ticket-map", "ticket-map-place", "양동시장 정문 앞 골목"),
        ("official", f"/districts/dongs/{w['dong'].code}/", "dong-map", "dong-map-place",
         "광주광역시 서구 양동의 경계"),
        ("official", f"/districts/{w['district'].pk}/notice/", "notice-map", "notice-map-place",
         "양동 지도 골목형상점가의 경계: 광주광역시 서구 양동 일원"),
    ]
    for who in ("official", "merchant"):
        page = open_page(browser)
        try:
            login_as(page, live_server, w["official"] if who == "official" else w["store"].owner.user)
            for persona, path, map_id, twin, words in pages:
                if persona != who:
                    continue
                page.goto(f"{live_server.url}{path}")
                page.wait_for_selector(f"#{map_id}.leaflet-container")
                skip = page.locator("a.app-map-skip")
                assert skip.count() == 1
                assert skip.get_attribute("href") == f"#{twin}", f"{path}: the skip link leads elsewhere"
                assert skip.evaluate("(a, id) => a.nextElementSibling && a.nextElementSibling.id === id", map_id)
                skip.focus()
                page.keyboard.press("Enter")
                place = page.evaluate(PLACE, twin)
                assert place and place["active"], f"{path}: Enter on the skip link did not reach #{twin}"
                assert words in place["text"], f"{path}: the twin says {place['text']!r}"
                if path.startswith(("/stores/", "/hotline/")):
                    assert "위도" in place["text"] and "경도" in place["text"], f"{path}: no coordinates"
                assert place["afterMap"], f"{path}: the twin is not right after the map"
                ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                     " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }")
                assert ring, f"{path}: the focused twin shows no focus ring"
                page.keyboard.press("Tab")  # on from the twin, not back into the map
                assert not page.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                                         map_id)
                axe_check(page, context=f"{path} after skipping the map")
        finally:
            page.context.close()

"""Keyboard only (issue 17, KWCAG 2.2 beyond axe): the resident's hotline report and tracking, the
merchant's Onnuri application and the official's approval and district creation (boundary from picked
stores), driven with page.keyboard alone (Tab, Shift+Tab, Enter, Space, typing). Every focused element
must show a focus indicator; a failed submit must land on the error summary, whose links point at the
fields, and every invalid field's aria-describedby must name elements that exist. Maps are one tab stop
behind a "skip the map" link, their outlines none. axe on every page visited."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from districts.models import District
from giftcerts.models import FranchiseApplication
from tests.browser.conftest import axe_check, login_as, wait_until_served_ms_ago
from tests.conftest import PASSWORD
from tests.districts.factories import scatter_stores, square_in_chipyeong
from tests.factories import YANGDONG_LAT, YANGDONG_LON, StoreFactory
from tests.giftcerts.conftest import district, private_media, store_a, yangdong  # noqa: F401 (fixtures)
from tests.giftcerts.factories import PDF_BYTES
from tests.hotline.conftest import hotline_categories  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute('type') || '',
          testid: el.getAttribute('data-testid') || '', href: el.getAttribute('href') || '',
          text: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 60),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none', inMain: !!el.closest('#main-content'),
          inMap: !!el.closest('.leaflet-container') && !el.classList.contains('leaflet-container'),
          svg: el instanceof SVGElement, width: rect.width, height: rect.height};
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_visible_focus(page) -> dict:
    info = focused(page)
    assert info is not None, "focus fell to <body>"
    assert info["outline"] or info["shadow"], f"no visible focus indicator on {info}"
    return info


def tab_until(page, matches, *, limit: int = 120, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies `matches`, checking every stop on the
    way shows its focus and is never a map outline."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = assert_visible_focus(page)
        assert not info["svg"], f"a map outline is a tab stop: {info}"
        if matches(info):
            return info
    pytest.fail(f"never reached the element after {limit} tab stops")


def enter_and_load(page):
    """Enter on a link or a submit button, waiting for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


def by_id(element_id):
    return lambda info: info["id"] == element_id


def by_text(text):
    return lambda info: text in info["text"]


def assert_error_summary(page, expected_fields: set[str]) -> None:
    """Focus is on the error summary; its links point at fields that exist; each invalid field's
    aria-describedby names elements that exist."""
    page.wait_for_selector("#form-error-summary")
    assert page.evaluate("document.activeElement.id") == "form-error-summary"
    assert_visible_focus(page)
    targets = page.eval_on_selector_all("#form-error-summary a", "as => as.map(a => a.getAttribute('href'))")
    assert expected_fields <= {t.lstrip("#") for t in targets}
    for target in targets:
        assert page.locator(target).count() == 1, f"the summary links to {target}, which is not in the page"
    invalid = page.eval_on_selector_all("[aria-invalid=true]", """els => els.map(e => ({id: e.id,
        missing: (e.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
          .filter(ref => !document.getElementById(ref)), described: e.getAttribute('aria-describedby')}))""")
    assert invalid, "no field is marked aria-invalid"
    for field in invalid:
        assert field["described"], f"{field['id']} is invalid but describes nothing"
        assert not field["missing"], f"{field['id']} points at missing ids {field['missing']}"
    # The summary's first link moves focus to its field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#form-error-summary') !== null")
    first = targets[0].lstrip("#")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == first


def test_resident_reports_a_problem_and_follows_it_by_keyboard(page, live_server, seogu, settings,
                                                               hotline_categories):  # noqa: F811
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    StoreFactory(local_government=seogu, name="양동키보드상회", lon=YANGDONG_LON, lat=YANGDONG_LAT)
    page.goto(f"{live_server.url}/hotline/report/")
    page.wait_for_selector("#report-map.leaflet-container")
    axe_check(page, context="report form")

    # Straight to the submit button: the map on the way is one stop, after its skip link.
    skip = tab_until(page, lambda i: i["text"] == "지도 건너뛰기")
    assert skip["tag"] == "a"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "report-map"
    tab_until(page, by_text("신고하기"))
    enter_and_load(page)
    assert_error_summary(page, {"id_category_0", "id_description"})
    axe_check(page, context="report form with errors")

    # Fill it in: the category (Space on a radio), the description, a store from the search, consent.
    page.keyboard.press("Space")
    assert page.locator("#id_category_0").is_checked()
    tab_until(page, by_id("id_description"))
    page.keyboard.type("골목 입구 불법 주차 때문에 손님이 들어오지 못합니다. 단속 부탁드립니다.")
    tab_until(page, by_id("store-search"))
    page.keyboard.type("양동키보드")
    page.wait_for_selector("#store-results button")
    tab_until(page, by_text("양동키보드상회"))
    page.keyboard.press("Enter")
    # The pressed result is gone: focus is on the choice's "change" button, and the choice is announced.
    info = assert_visible_focus(page)
    assert info["id"] == "store-change"
    assert "양동키보드상회" in page.locator("#place-summary").inner_text()
    assert page.locator("#place-summary").get_attribute("aria-live") == "polite"
    assert page.locator("#id_store").input_value()
    tab_until(page, by_id("id_consent"))
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    wait_until_served_ms_ago(page, 3200)  # the form refuses what is sent faster than a person types
    tab_until(page, by_text("신고하기"))
    enter_and_load(page)
    code = page.get_by_test_id("tracking-code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    axe_check(page, context="filed report")

    # Following it: a wrong code first (error summary), then the right one.
    page.goto(f"{live_server.url}/hotline/track/")
    axe_check(page, context="track form")
    tab_until(page, by_id("id_code"))
    enter_and_load(page)
    assert_error_summary(page, {"id_code"})
    axe_check(page, context="track form with errors")
    page.keyboard.type(code)
    enter_and_load(page)
    assert page.get_by_test_id("public-status").inner_text() == "접수"
    axe_check(page, context="report status")


@pytest.fixture
def certificate(tmp_path):
    path = tmp_path / "사업자등록증.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def keyboard_login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page, context="login")
    if (focused(page) or {}).get("id") != "id_username":  # the form autofocuses it
        tab_until(page, by_id("id_username"))
    assert_visible_focus(page)
    page.keyboard.type(username)
    tab_until(page, by_id("id_password"))
    page.keyboard.type(PASSWORD)
    assert page.locator("#id_username").input_value() == username
    enter_and_load(page)
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()[:300]


def test_merchant_applies_for_onnuri_by_keyboard(page, live_server, store_a, merchant_a, certificate,  # noqa: F811
                                                 private_media):  # noqa: F811
    keyboard_login(page, live_server, merchant_a.username)
    page.goto(f"{live_server.url}{reverse('giftcerts:my_applications')}")
    axe_check(page, context="my applications")
    apply_url = reverse("giftcerts:apply", args=[store_a.pk])
    tab_until(page, lambda i: i["href"] == apply_url)
    enter_and_load(page)
    axe_check(page, context="eligibility pre-check")
    tab_until(page, by_text("신청서 작성 시작"))
    enter_and_load(page)
    axe_check(page, context="application form")

    # A revenue that is not a number fails: focus on the summary, its link leads to the field.
    tab_until(page, by_id("id_declared_revenue_won"))
    page.keyboard.type("삼억")
    tab_until(page, by_text("임시 저장"))
    enter_and_load(page)
    assert_error_summary(page, {"id_declared_revenue_won"})
    axe_check(page, context="application form with errors")
    page.keyboard.press("Control+A")
    page.keyboard.type("350,000,000")
    tab_until(page, lambda i: i["id"] == "id_kinds_1", back=True)
    page.keyboard.press("Space")
    assert page.locator("#id_kinds_1").is_checked()
    tab_until(page, by_text("임시 저장"))
    enter_and_load(page)
    assert "저장했습니다" in page.locator(".app-messages").inner_text()

    # The certificate: the file input opens the chooser from the keyboard.
    tab_until(page, by_id("id_kind"))
    page.keyboard.type("사업자")  # a select picks the option by typing
    assert page.locator("#id_kind").input_value() == "business_registration"
    tab_until(page, lambda i: i["type"] == "file")
    chooser = None
    for _attempt in range(3):  # headless Chromium under load can drop a key's user activation: press it again
        try:
            with page.expect_file_chooser(timeout=10_000) as opened:
                page.keyboard.press("Space")
            chooser = opened.value
            break
        except PlaywrightTimeoutError:
            assert page.evaluate("document.activeElement.type") == "file"
    assert chooser is not None, "Space on the focused file input never opened the chooser"
    chooser.set_files(str(certificate))
    tab_until(page, by_text("올리기"))
    enter_and_load(page)
    assert page.get_by_role("link", name="사업자등록증.pdf").is_visible()
    tab_until(page, by_text("신청서 제출"))
    enter_and_load(page)
    assert page.get_by_test_id("application-status").inner_text() == "검토 중"
    axe_check(page, context="submitted application")


def test_official_approves_and_creates_a_district_from_stores_by_keyboard(page, live_server, official, seogu,
                                                                         store_a, merchant_a,  # noqa: F811
                                                                         private_media):  # noqa: F811
    from tests.giftcerts.factories import submitted_via_services

    application = submitted_via_services(store_a, merchant_a)
    keyboard_login(page, live_server, official.username)
    page.goto(f"{live_server.url}{reverse('giftcerts:review_detail', args=[application.pk])}")
    axe_check(page, context="review")
    tab_until(page, lambda i: i["testid"] == "approve")
    enter_and_load(page)
    application.refresh_from_db()
    assert application.status == FranchiseApplication.Status.APPROVED
    axe_check(page, context="approved application")

    # A new district: no mouse, no drawing: the stores picker builds the boundary.
    stores = scatter_stores(seogu, square_in_chipyeong(20), 30, seed=7)
    page.goto(f"{live_server.url}/districts/new/")
    page.wait_for_function("window.districtDrawMap !== undefined")
    assert page.locator("#force-img-path").count() == 1
    assert page.locator("#Control-ResetView-ICON").count() == 1
    assert page.evaluate("document.querySelectorAll('[id]').length") == page.evaluate(
        "new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"), "duplicate ids"
    assert page.locator(".leaflet-draw-draw-polygon").get_attribute("title") == "다각형 그리기"
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "확대"
    axe_check(page, context="new district form")
    tab_until(page, by_id("id_name"))
    page.keyboard.type("치평동 키보드 골목형상점가")
    # The map is a single stop on the way, behind its skip link; its outlines are none.
    tab_until(page, lambda i: i["text"] == "지도 건너뛰기")
    page.keyboard.press("Enter")
    assert focused(page)["id"] != "id_boundary-map"
    tab_until(page, by_id("store-picker-q"))
    page.keyboard.type("합성상점7-1")
    page.keyboard.press("Enter")  # searches; does not submit the district form
    page.wait_for_selector("#store-picker-results button")
    assert "상점 11곳을 찾았습니다" in page.locator("#store-picker-status").inner_text()
    tab_until(page, by_text("합성상점7-1 추가"))
    for _ in range(11):  # each Enter adds one; focus moves on to the next result, then to the build button
        page.keyboard.press("Enter")
    assert page.locator("#store-picker-chosen li").count() == 11
    assert "11곳" in page.locator("#store-picker-status").inner_text()
    info = assert_visible_focus(page)
    assert info["id"] == "store-picker-build"
    # Four more by a second search, one removed again.
    tab_until(page, by_id("store-picker-q"), back=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("합성상점7-2")
    page.keyboard.press("Enter")
    page.wait_for_selector("#store-picker-results button:not([disabled])")
    tab_until(page, by_text("합성상점7-2 추가"))
    for _ in range(11):
        page.keyboard.press("Enter")
    tab_until(page, by_text("합성상점7-2 빼기"), back=True)
    page.keyboard.press("Enter")
    assert page.locator("#store-picker-chosen li").count() == 21
    assert_visible_focus(page)
    tab_until(page, by_id("store-picker-build"))
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('district-form').dataset.storeBoundary === '1'")
    assert "21곳" in page.locator("#store-picker-status").inner_text()
    assert '"Polygon"' in page.locator("#id_boundary").input_value()
    # The outline is on the map before saving, and the criteria were checked on it.
    assert page.locator("#id_boundary-map .leaflet-overlay-pane path").count() > 18
    page.wait_for_selector("#criteria-output tr[data-criterion='store_density']")
    axe_check(page, context="district form with a boundary from stores")
    tab_until(page, by_id("id_organization_name"))
    page.keyboard.type("치평동키보드상인회")
    tab_until(page, by_id("id_merchants_total"))
    page.keyboard.type("21")
    page.keyboard.press("Tab")
    page.keyboard.type("15")
    tab_until(page, lambda i: i["tag"] == "button" and i["type"] == "submit")  # the form's save button
    enter_and_load(page)
    created = District.objects.get(name="치평동 키보드 골목형상점가")
    assert created.store_count >= 21  # the picked stores (and any other store the outline takes in)
    assert len(stores) == 30
    axe_check(page, context="saved district")


def test_maps_are_one_tab_stop_behind_a_skip_link(page, live_server, seogu):
    from dashboard import demo
    from tests.conftest import make_user
    from tests.dashboard import synthetic

    synthetic.build(seogu, stores=300, districts=20, seed=5)
    demo.seed_sales_and_metrics(42, lambda line: None)
    user = make_user("board_official", role="official", local_government=seogu, last_name="김", first_name="상황")
    login_as(page, live_server, user)
    for path, shapes in (("/dashboard/", "path[data-district-id]"), ("/districts/", "#district-list-map path")):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(shapes)
        axe_check(page, context=path)
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "본문 바로가기"
        page.keyboard.press("Enter")
        stops = []
        for _ in range(60):  # from the main content to the end of the map
            page.keyboard.press("Tab")
            info = assert_visible_focus(page)
            assert not info["svg"] and not info["inMap"] or info["tag"] == "a", info
            stops.append(info)
            if info["id"].endswith("map") and "leaflet" not in info["id"]:
                break
        else:
            pytest.fail(f"{path}: the map was not reached in 60 stops")
        assert len(stops) <= 25, f"{path}: {len(stops)} stops before the map"
        assert stops[-2]["text"] == "지도 건너뛰기"
        # The map itself: one stop with a ring; the next Tab leaves it (zoom buttons aside).
        for _ in range(4):
            page.keyboard.press("Tab")
            info = assert_visible_focus(page)
            if not info["inMap"]:
                break
        assert not info["svg"] and not info["inMap"], f"{path}: still inside the map: {info}"

    # The wall screen: its self-refresh can be paused and resumed (WCAG 2.2.2); the charts have a table twin.
    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_function("document.body.dataset.refreshed")
    assert page.locator("#wall-trend-table tbody tr").count() > 0
    axe_check(page, context="wall screen")
    tab_until(page, by_id("wall-pause"))
    page.keyboard.press("Enter")
    assert page.locator("#wall-pause").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.body.dataset.paused") == "1"
    assert "멈췄습니다" in page.locator("#wall-status").inner_text()
    assert_visible_focus(page)
    page.keyboard.press("Space")
    assert page.locator("#wall-pause").get_attribute("aria-pressed") == "false"
    assert page.locator("#wall-pause").inner_text() == "자동 새로 고침 멈추기"

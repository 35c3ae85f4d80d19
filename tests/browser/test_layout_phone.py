"""Phones and layout (issue 17): every persona's pages at 390 x 844 fit the screen and pass axe
(scrollable-region-focusable included); long unbroken Korean text wraps; each row's action is on
screen; links look like links; file inputs show a focus ring; pagination wraps at 200% text."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_check, login_as, open_page, screenshot
from tests.factories import FranchiseFactory, StoreFactory
from tests.giftcerts.conftest import district, private_media, store_a, yangdong  # noqa: F401 (fixtures)
from tests.giftcerts.factories import submitted_via_services
from tests.hotline.conftest import hotline_categories  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "가나다라마바사아자차" * 20  # 200 characters with no space
LONG_NOTE = "사업자등록증사본을다시올려주세요" * 125  # 2,000 characters with no space

PUBLIC_PAGES = ["/", "/onnuri/", "/onnuri/sessions/", "/hotline/report/", "/hotline/track/", "/accounts/login/",
                "/accounts/password/reset/", "/stores/signup/", "/privacy/"]
MERCHANT_PAGES = ["/", "/stores/mine/", "/stores/find/", "/stores/find/?q=가나다", "/onnuri/my/", "/sales/",
                  "/hotline/mine/", "/hotline/report/", "/onnuri/", "/accounts/password/change/"]
OFFICIAL_PAGES = ["/", "/dashboard/", "/dashboard/impact/", "/districts/", "/districts/new/", "/districts/dongs/",
                  "/stores/", "/stores/claims/", "/stores/imports/", "/onnuri/review/", "/onnuri/franchises/",
                  "/onnuri/outreach/", "/onnuri/sessions/", "/onnuri/sessions/new/", "/onnuri/settings/documents/",
                  "/hotline/", "/hotline/stats/", "/sales/import/", "/projects/", "/projects/new/"]
ADMIN_PAGES = ["/accounts/lockouts/", "/admin/"]
# Detail pages reached from the lists (first link matching each pattern).
DETAIL_PATTERNS = [
    r"^/districts/\d+/$", r"^/districts/\d+/notice/$", r"^/hotline/tickets/\d+/$", r"^/stores/\d+/$",
    r"^/onnuri/review/\d+/$", r"^/onnuri/franchises/\d+/$", r"^/stores/mine/\d+/$", r"^/onnuri/applications/\d+/$",
    r"^/districts/dongs/\d+/$", r"^/onnuri/outreach/\d+/visit/$", r"^/onnuri/apply/\d+/$",
    r"^/sales/stores/\d+/report/$"]

# Every text node of <main> holding `needle` (out-of-sight screen-reader text aside): how far right its
# glyphs reach, how far right it can be seen (the screen, or a scrolling or clipping box around it),
# and on how many lines it is drawn. A text running past what shows it is cut off, even when the page
# itself does not widen (a scroll region or overflow: hidden swallows the excess).
TEXT_EDGES = """(needle) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.includes(needle) || parent.closest('.sr-only, option, script')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (!rects.length) continue;
    let limit = window.innerWidth, ellipsis = false;
    for (let el = parent; el && el !== document.documentElement; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.textOverflow === 'ellipsis') ellipsis = true;
      if (style.overflowX !== 'visible') limit = Math.min(limit, el.getBoundingClientRect().right);
    }
    if (ellipsis) continue;  // shortened on purpose, with an ellipsis
    found.push({tag: parent.tagName.toLowerCase(), right: Math.round(Math.max(...rects.map(r => r.right))),
                limit: Math.round(limit), lines: new Set(rects.map(r => Math.round(r.top))).size});
  }
  return found;
}"""

# The cells of a table row (or the parts of a card): each must be on screen and not cut off by a
# scrolling table region, so that a row is read, and its action reached, without sideways scrolling.
ROW_CUT_OFF = """(row) => {
  const region = row.closest('.krds-table-wrap, .app-table-scroll');
  const area = region ? region.getBoundingClientRect() : {left: 0, right: window.innerWidth};
  const left = Math.max(0, area.left) - 1, right = Math.min(window.innerWidth, area.right) + 1;
  return [...row.children].filter(cell => {
    const box = cell.getBoundingClientRect();
    return box.width > 0 && (box.left < left || box.right > right);
  }).map(cell => { const box = cell.getBoundingClientRect();
    return `${cell.innerText.trim().slice(0, 20)} at ${Math.round(box.left)}-${Math.round(box.right)}`
      + ` (visible ${Math.round(left)}-${Math.round(right)})`; });
}"""

# The elements reaching past the screen's right edge (a map's own tiles aside), widest first.
WIDEST = """(screen) => [...document.querySelectorAll('body *')].map(e => {
    const box = e.getBoundingClientRect(), visible = getComputedStyle(e).overflowX === 'visible';
    return [e, Math.round(Math.max(box.right, visible ? box.left + e.scrollWidth : 0))];
  }).filter(([e, right]) => right > screen + 1 && !e.closest('.leaflet-container'))
  .map(([e, right]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`
                      + `.${String(e.className).split(' ')[0]} to ${right}`)
  .slice(-8)"""

# A focused control's outline: style, width, opacity and contrast with the background behind it.
RING = """(el) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0)) { back = c.slice(0, 3); break; }
  }
  const style = getComputedStyle(el), ring = parse(style.outlineColor);
  const [hi, lo] = [lum(ring.slice(0, 3)), lum(back)].sort((x, y) => y - x);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
          alpha: ring.length > 3 ? ring[3] : 1, contrast: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100};
}"""

ACTION_BOX = """(el) => {
  const box = el.getBoundingClientRect();
  const region = el.closest('.krds-table-wrap, .app-table-scroll');
  const area = region ? region.getBoundingClientRect() : {left: 0, right: window.innerWidth};
  return {left: Math.round(box.left), right: Math.round(box.right), width: Math.round(box.width),
          from: Math.round(Math.max(0, area.left)), to: Math.round(Math.min(window.innerWidth, area.right))};
}"""


@pytest.fixture
def world(seogu, store_a, merchant_a, official):  # noqa: F811
    """Merchant A's eligible store (no franchise: its row offers "apply"), a store with a 200-character
    name under review with a 2,000-character supplement request, and a franchise."""
    from giftcerts import services

    long_store = StoreFactory(local_government=seogu, dong=store_a.dong, district=store_a.district,
                              owner=merchant_a.merchant, name=LONG_NAME)
    application = submitted_via_services(long_store, merchant_a)
    services.application_request_supplement(application_id=application.pk, official=official, message=LONG_NOTE)
    FranchiseFactory(store=StoreFactory(local_government=seogu, dong=store_a.dong, name="양동 " + LONG_NAME[:40]))
    return {"application": application, "long_store": long_store}


def assert_fits(page, where: str):
    """The page is no wider than the screen. On a phone a page too wide for the screen widens the layout
    viewport (window.innerWidth) to fit itself: both are compared with the screen's own width."""
    screen = page.viewport_size["width"]
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("document.fonts.ready.then(() => [document.documentElement.scrollWidth, window.innerWidth])")
    if widths[0] > screen or widths[1] != screen:
        wide = page.evaluate(WIDEST, screen)
        pytest.fail(f"{where}: page is {widths[0]} px wide (layout viewport {widths[1]} px) on a {screen} px screen;"
                    f" reaching past it: {wide}")


def assert_text_shown_whole(page, needle: str, where: str, *, wraps: bool = False) -> list[dict]:
    """Every place `needle` is drawn in <main>, it ends inside the screen and inside whatever scrolls
    or clips it; with `wraps`, it is drawn on more than one line somewhere."""
    found = page.evaluate(TEXT_EDGES, needle)
    assert found, f"{where}: the text is not shown"
    cut = [f for f in found if f["right"] > f["limit"] + 1]
    assert not cut, f"{where}: the text runs past what shows it: {cut}"
    if wraps:
        assert max(f["lines"] for f in found) > 1, f"{where}: the text does not wrap: {found}"
    return found


def assert_row_shown_whole(page, row, action, where: str) -> None:
    """No cell of `row` is cut off (every column on screen), and its `action` link or control too."""
    cut = row.evaluate(ROW_CUT_OFF)
    assert not cut, f"{where}: cells of the first row are cut off on a phone: {cut}"
    box = action.evaluate(ACTION_BOX)
    assert box["width"] > 0 and box["left"] >= box["from"] - 1 and box["right"] <= box["to"] + 1, \
        f"{where}: the row's action is at {box['left']}-{box['right']}, outside {box['from']}-{box['to']}"


def walk(page, base_url: str, paths: list[str], persona: str):
    seen = set()
    queue = list(paths)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{persona} {path}: {response.status}"
        assert_fits(page, f"{persona} {path}")
        axe_check(page, context=f"{persona} {path} (phone)")
        hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        for pattern in DETAIL_PATTERNS:
            if any(re.match(pattern, known) for known in seen | set(queue)):
                continue
            found = next((href for href in hrefs if re.match(pattern, href or "")), None)
            if found:
                queue.append(found)
    return seen


def test_every_page_of_every_persona_fits_a_phone(browser, live_server, world, merchant_a, official, admin_user):
    visited = {}
    for persona, user, paths in [("anonymous", None, PUBLIC_PAGES), ("merchant", merchant_a, MERCHANT_PAGES),
                                 ("official", official, OFFICIAL_PAGES), ("admin", admin_user, ADMIN_PAGES)]:
        page = open_page(browser, phone=True)
        try:
            if user:
                login_as(page, live_server, user)
                assert "/accounts/login/" not in page.url, f"{persona} could not log in"
            visited[persona] = walk(page, live_server.url, paths, persona)
            assert page.js_errors == []
        finally:
            page.context.close()
    # The walk reached the detail pages too, not only the lists.
    assert any(re.match(r"^/onnuri/review/\d+/$", path) for path in visited["official"])
    assert any(re.match(r"^/districts/\d+/notice/$", path) for path in visited["official"])
    assert any(re.match(r"^/onnuri/applications/\d+/$", path) for path in visited["merchant"])


def test_a_200_character_store_name_and_a_2000_character_note_wrap(browser, live_server, world, official, merchant_a):
    application = world["application"]
    desk = open_page(browser, phone=True)
    try:
        login_as(desk, live_server, official)
        desk.goto(f"{live_server.url}{reverse('giftcerts:review_detail', args=[application.pk])}")
        assert LONG_NAME in desk.locator("main").inner_text()
        assert_fits(desk, "review page with a 200-character store name")
        # The name wraps wherever it is shown (title, tables): none of it is cut off or needs scrolling.
        assert_text_shown_whole(desk, LONG_NAME[:40], "review page, 200-character store name", wraps=True)
        # The note in the status history wraps inside its table (no sideways scrolling).
        history = desk.locator("main td", has_text=LONG_NOTE[:40]).first
        assert history.evaluate("td => td.getBoundingClientRect().height > 200"), "the note is not wrapped"
        assert_text_shown_whole(desk, LONG_NOTE[:40], "review page, 2,000-character note", wraps=True)
        assert history.evaluate("td => { const box = td.closest('.krds-table-wrap, table').parentElement;"
                                " return box.scrollWidth <= box.clientWidth + 1; }"), "the history scrolls sideways"
        axe_check(desk, context="review page, long texts")
        screenshot(desk, "layout-phone-review-long-texts")
    finally:
        desk.context.close()

    merchant = open_page(browser, phone=True)
    try:
        login_as(merchant, live_server, merchant_a)
        merchant.goto(f"{live_server.url}{reverse('giftcerts:application_detail', args=[application.pk])}")
        assert_fits(merchant, "merchant's application with a 2,000-character note")
        assert_text_shown_whole(merchant, LONG_NOTE[:40], "merchant's application, 2,000-character note", wraps=True)
        assert_text_shown_whole(merchant, LONG_NAME[:40], "merchant's application, 200-character store name")
        axe_check(merchant, context="application with a long note")
    finally:
        merchant.context.close()


def test_the_row_action_on_my_onnuri_page_is_on_screen(phone_page, live_server, world, merchant_a):
    login_as(phone_page, live_server, merchant_a)
    phone_page.goto(f"{live_server.url}{reverse('giftcerts:my_applications')}")
    assert_fits(phone_page, "/onnuri/my/")
    # As the page opens, without scrolling anything sideways: the action column is on screen.
    button = phone_page.get_by_role("link", name="온누리 가맹 신청 양동국밥")
    row = button.locator("xpath=ancestor::tr[1]")
    assert_row_shown_whole(phone_page, row, button, "/onnuri/my/, my stores")
    applications = phone_page.locator("main table").nth(1).locator("tbody tr").first
    assert_row_shown_whole(phone_page, applications, applications.locator("a").first, "/onnuri/my/, my applications")
    # Every cell says which column it belongs to (the headings are hidden on a phone).
    assert phone_page.locator(".app-table-cards td[data-label='행정동']").count() >= 1
    axe_check(phone_page, context="/onnuri/my/ as cards")
    screenshot(phone_page, "layout-phone-onnuri-my")


def test_recently_decided_claims_show_every_column_on_a_phone(phone_page, live_server, world, official, seogu):
    """The claims page's "최근 처리한 요청" table: every column of a decided claim is on screen at 390 px."""
    from merchants import services
    from tests.conftest import make_user
    from tests.merchants.helpers import certificate, store_in

    claimant = make_user("merchant_claims", role="merchant", last_name="정", first_name="상인")
    store = store_in(seogu, name="양동 확인요청 상회", business_number="")
    claim = services.claim_store(store_id=store.pk, merchant_user=claimant, business_number="1248100998",
                                 evidence=certificate())
    services.claim_approve(claim_id=claim.pk, official=official, note="사업자등록증의 상호와 대표자를 확인했습니다")
    login_as(phone_page, live_server, official)
    phone_page.goto(f"{live_server.url}{reverse('merchants:claim_queue')}")
    assert_fits(phone_page, "/stores/claims/")
    table = phone_page.locator("table", has=phone_page.locator("caption", has_text="최근"))
    row = table.locator("tbody tr").first
    assert "양동 확인요청 상회" in row.inner_text()
    assert_row_shown_whole(phone_page, row, row.locator("a").first, "/stores/claims/, recently decided")
    for text in ("정상인", "확인", "사업자등록증의 상호와 대표자를 확인했습니다"):
        assert text in row.inner_text()
    axe_check(phone_page, context="/stores/claims/ (phone)")


@pytest.fixture
def official_rows(world, seogu, official, merchant_a, store_a, hotline_categories):  # noqa: F811
    """One row at least in each official list: a district, a ticket, a session with a registration,
    a store import and a sales import (stores and an application under review come from `world`)."""
    from merchants.models import StoreImport
    from sales.models import SalesImport
    from tests.factories import DistrictFactory
    from tests.giftcerts.factories import InfoSessionFactory, RegistrationFactory
    from tests.hotline.conftest import file_ticket

    submitted_via_services(store_a, merchant_a)  # waiting in the review queue
    DistrictFactory(local_government=seogu, name="양동 카드 골목형상점가")
    file_ticket(seogu, description="골목 입구 불법 주차 때문에 손님이 들어오지 못합니다 " + LONG_NAME[:30])
    session = InfoSessionFactory(local_government=seogu, title="온누리 가맹 설명회 (양동시장 상인회관 2층)")
    RegistrationFactory(session=session, name="김주민")
    StoreImport.objects.create(local_government=seogu, uploaded_by=official,
                               original_name="소상공인시장진흥공단_상가(상권)정보_광주_202609.csv",
                               status=StoreImport.Status.DONE, created_count=12_345, updated_count=678)
    SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename="2026년9월_가맹점_매출.csv",
                               content=b"", status=SalesImport.Status.DONE)
    return {"session": session}


# Official lists: the first row's (or card's) main action, by CSS selector inside the row.
OFFICIAL_LISTS = [
    ("/stores/", "main table tbody tr", "th a"),
    ("/districts/", "main table tbody tr", "th a"),
    ("/onnuri/review/", "main table tbody tr", "th a"),
    ("/hotline/", "main table tbody tr", "th a"),
    ("/onnuri/sessions/", "main .onnuri-session-card", "h2 a"),
    ("attendance", "main table tbody tr", "label"),
    ("/stores/imports/", "main table tbody tr", "th a"),
    ("/sales/import/", "main table tbody tr", "th a"),
]


def test_official_lists_show_each_row_whole_on_a_phone(phone_page, live_server, official, official_rows):
    """Stores, districts, the franchise review queue, the hotline queue, sessions and their attendance,
    store and sales imports at 390 px: the page does not widen, and the first row shows every column
    and its action without sideways scrolling (cards, each cell labelled)."""
    login_as(phone_page, live_server, official)
    for path, rows, action in OFFICIAL_LISTS:
        if path == "attendance":
            path = reverse("giftcerts:session_attendance", args=[official_rows["session"].pk])
        response = phone_page.goto(f"{live_server.url}{path}")
        phone_page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{path}: {response.status}"
        assert_fits(phone_page, path)
        row = phone_page.locator(rows).first
        assert row.count() == 1 and row.locator(action).count() >= 1, f"{path}: no row with its action"
        assert_row_shown_whole(phone_page, row, row.locator(action).first, path)
        # A table's cells name their column, since the headings are out of sight on a phone.
        unlabelled = row.evaluate("r => r.tagName !== 'TR' ? [] : [...r.querySelectorAll(':scope > td')]"
                                  ".filter(td => td.textContent.trim() && !td.dataset.label)"
                                  ".map(td => td.textContent.trim())")
        assert not unlabelled, f"{path}: cells without a label: {unlabelled}"
        axe_check(phone_page, context=f"{path} (phone)")
        if path in ("/stores/", "/hotline/"):
            screenshot(phone_page, "layout-phone-" + path.strip("/"))


def test_the_header_bar_shows_no_empty_item_on_a_phone(phone_page, live_server, official):
    """Below 1024 px the user's name is hidden: its whole item goes, not only the name, or its separator
    would stand alone between the language switch and "change password"."""
    login_as(phone_page, live_server, official)
    items = phone_page.evaluate("[...document.querySelectorAll('#krds-header .utility-list > li')]"
                                ".filter(li => getComputedStyle(li).display !== 'none')"
                                ".map(li => li.innerText.trim())")
    assert items and all(items), f"an empty item (a lone separator) in the header bar: {items}"
    assert "김서구" not in " ".join(items)


def test_links_are_underlined_and_buttons_are_not(page, live_server, world, official):
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/stores/")
    link = page.locator("main table a[href^='/stores/']").first
    style = link.evaluate("a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).color,"
                          " getComputedStyle(a.closest('td, th')).color]")
    assert "underline" in style[0]
    assert style[1] != style[2], "a link in a table has the colour of the text around it"
    button_link = page.locator("main a.krds-btn").first
    assert "underline" not in button_link.evaluate("a => getComputedStyle(a).textDecorationLine")
    # the selected tab of a tab bar keeps its own colours (the link colour once made it blue on blue)
    current = page.locator("main .app-subnav a[aria-current='page']")
    assert current.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).backgroundColor]") == [
        "rgb(255, 255, 255)", "rgb(11, 80, 208)"]
    axe_check(page, context="store list links")


@pytest.mark.parametrize("who,path", [
    ("official", "/sales/import/"),
    ("official", "/districts/new/"),
    ("merchant", "application"),
])
def test_file_inputs_show_a_focus_ring(browser, live_server, world, official, merchant_a, store_a, who, path):  # noqa: F811
    page = open_page(browser)
    try:
        if who == "merchant":
            from giftcerts import services

            draft = services.application_start(store_id=store_a.pk, merchant=merchant_a)
            path = reverse("giftcerts:application_detail", args=[draft.pk])
        login_as(page, live_server, official if who == "official" else merchant_a)
        page.goto(live_server.url + path)
        file_input = page.locator("main input[type=file]").first
        file_input.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reach it with the keyboard
        assert file_input.evaluate("el => el === document.activeElement")
        ring = file_input.evaluate(RING)
        # Seen, not only set: KRDS's own focus outline is white (and its ring shadow is reset on inputs).
        assert ring["style"] != "none" and ring["width"] >= 2 and ring["alpha"] == 1 and ring["contrast"] >= 3, \
            f"{path}: the file input's focus ring is not visible: {ring}"
        axe_check(page, context=f"{path} file input")
    finally:
        page.context.close()


def test_onnuri_pagination_wraps_at_200_percent_text(phone_page, live_server, seogu, store_a):  # noqa: F811
    for _ in range(390):  # twenty pages of 20: the middle page shows 11 page links, an ellipsis each side
        FranchiseFactory(store=StoreFactory(local_government=seogu, dong=store_a.dong))
    phone_page.goto(f"{live_server.url}/onnuri/?page=10")
    # Twice the root font size, as the browser's 200% text setting does (KRDS sizes everything in rem).
    phone_page.evaluate("const root = document.documentElement;"
                        " root.style.fontSize = 2 * parseFloat(getComputedStyle(root).fontSize) + 'px'")
    pagination = phone_page.locator("nav.krds-pagination")
    assert pagination.is_visible()
    width = phone_page.viewport_size["width"]  # the screen: a too-wide page widens window.innerWidth
    assert_fits(phone_page, "/onnuri/ at 200% text")
    box = pagination.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"pagination at {box} on a {width} px screen"
    for link in pagination.locator("a").all():
        link_box = link.bounding_box()
        assert link_box["x"] + link_box["width"] <= width, f"page link {link.inner_text()} is off screen"
    # It wraps: the page links take more than one line.
    tops = {round(link.bounding_box()["y"]) for link in pagination.locator("a").all()}
    assert len(tops) > 1, "the pagination does not wrap at 200% text"
    axe_check(phone_page, context="/onnuri/ at 200% text")

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
                  "/hotline/", "/hotline/stats/", "/sales/import/"]
ADMIN_PAGES = ["/accounts/lockouts/", "/admin/"]
# Detail pages reached from the lists (first link matching each pattern).
DETAIL_PATTERNS = [
    r"^/districts/\d+/$", r"^/districts/\d+/notice/$", r"^/hotline/tickets/\d+/$", r"^/stores/\d+/$",
    r"^/onnuri/review/\d+/$", r"^/onnuri/franchises/\d+/$", r"^/stores/mine/\d+/$", r"^/onnuri/applications/\d+/$",
    r"^/districts/dongs/\d+/$", r"^/onnuri/outreach/\d+/visit/$", r"^/onnuri/apply/\d+/$",
    r"^/sales/stores/\d+/report/$"]

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


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
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where}: page is {widths[0]} px wide on a {widths[1]} px screen"


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
        # The note in the status history stays inside its table's region (no sideways scrolling).
        edges = desk.locator("main td", has_text=LONG_NOTE[:40]).first.evaluate(
            "td => { const region = td.closest('.app-table-scroll');"
            " return [td.getBoundingClientRect().right, region.getBoundingClientRect().right,"
            " region.scrollWidth, region.clientWidth]; }")
        assert edges[0] <= edges[1] + 1 and edges[2] <= edges[3], f"the note runs off its table: {edges}"
        axe_check(desk, context="review page, long texts")
        screenshot(desk, "layout-phone-review-long-texts")
    finally:
        desk.context.close()

    merchant = open_page(browser, phone=True)
    try:
        login_as(merchant, live_server, merchant_a)
        merchant.goto(f"{live_server.url}{reverse('giftcerts:application_detail', args=[application.pk])}")
        assert_fits(merchant, "merchant's application with a 2,000-character note")
        axe_check(merchant, context="application with a long note")
    finally:
        merchant.context.close()


def test_the_row_action_on_my_onnuri_page_is_on_screen(phone_page, live_server, world, merchant_a):
    login_as(phone_page, live_server, merchant_a)
    phone_page.goto(f"{live_server.url}{reverse('giftcerts:my_applications')}")
    assert_fits(phone_page, "/onnuri/my/")
    button = phone_page.get_by_role("link", name="온누리 가맹 신청 양동국밥")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    width = phone_page.evaluate("window.innerWidth")
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"apply button at {box} on a {width} px screen"
    # Every cell says which column it belongs to (the headings are hidden on a phone).
    assert phone_page.locator(".app-table-cards td[data-label='행정동']").count() >= 1
    axe_check(phone_page, context="/onnuri/my/ as cards")
    screenshot(phone_page, "layout-phone-onnuri-my")


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
        outline = file_input.evaluate(
            "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
        assert outline[0] != "none" and outline[1] >= 2, f"{path}: file input outline {outline}"
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
    box = pagination.bounding_box()
    width = phone_page.evaluate("window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    for link in pagination.locator("a").all():
        link_box = link.bounding_box()
        assert link_box["x"] + link_box["width"] <= width, f"page link {link.inner_text()} is off screen"
    assert phone_page.evaluate(FITS)
    axe_check(phone_page, context="/onnuri/ at 200% text")

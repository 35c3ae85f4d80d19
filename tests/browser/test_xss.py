"""Stored XSS: names typed by people (or read from SEMAS files) that look like HTML reach every page,
map tooltip and popup as text. Each page is checked three ways: no planted script ran
(`window.__xss`), the text shows literally, and axe_check finds no CSP violation (an injected
inline handler would be refused by the policy and reported)."""

import datetime

import pytest

from dashboard import services as dashboard_services
from tests.browser.conftest import axe_check, login_as
from tests.factories import DistrictFactory, FranchiseFactory, SalesReportFactory, StoreFactory
from tests.giftcerts.factories import InfoSessionFactory, RegistrationFactory, submitted_via_services

pytestmark = pytest.mark.django_db(transaction=True)

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
STORE_NAME = f"{IMG}양동국밥"
DISTRICT_NAME = f"{SCRIPT}양동 골목"
TICKET_TEXT = f"{IMG} 골목 입구 불법 주차"
SESSION_TITLE = f"{SCRIPT}온누리 설명회"
REGISTRANT = f"{IMG}김주민"
MONTH = datetime.date(2025, 3, 1)


@pytest.fixture
def planted(seogu, merchant_a, settings, tmp_path):
    """A store, a district, a franchise, sales, a ticket, an application and a session, all named like HTML."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from hotline.models import Category
    from hotline.services import categories_seed_defaults, ticket_file

    yangdong = seogu.dongs.get(name="양동")
    district = DistrictFactory(local_government=seogu, status="designated", name=DISTRICT_NAME,
                               designated_on=datetime.date(2025, 1, 2))
    district.dongs.add(yangdong)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=district, name=STORE_NAME,
                         owner=merchant_a.merchant)
    # Outside the district, so the district map shows the first store as a marker, not a cluster of two.
    franchised = StoreFactory(local_government=seogu, dong=yangdong, name=f"{IMG}가맹상회", lon=store.lon + 0.004)
    FranchiseFactory(store=franchised)
    SalesReportFactory(store=store, month=MONTH)
    dashboard_services.aggregate_months(local_government_id=seogu.pk, months=[MONTH])
    categories_seed_defaults()
    ticket = ticket_file(local_government=seogu, category=Category.objects.get(code="parking"),
                         description=TICKET_TEXT, lon=store.lon, lat=store.lat, store=store,
                         reporter_name=REGISTRANT, reporter_phone="010-1234-5678")
    application = submitted_via_services(store, merchant_a)
    session = InfoSessionFactory(local_government=seogu, title=SESSION_TITLE, venue=f"{IMG}서구청")
    RegistrationFactory(session=session, name=REGISTRANT)
    return {"store": store, "district": district, "ticket": ticket, "application": application,
            "session": session}


def open_map_labels(page, map_name: str) -> list[str]:
    """Open every tooltip and popup bound to a layer of the map, as hovering and clicking would; their texts."""
    page.wait_for_function(f"window['leafletmap{map_name}'] !== undefined")
    return page.evaluate("""(name) => {
        const map = window["leafletmap" + name];
        map.eachLayer((layer) => {
            if (layer.getTooltip && layer.getTooltip()) layer.openTooltip();
            if (layer.getPopup && layer.getPopup()) layer.openPopup();
        });
        return Array.from(map.getContainer().querySelectorAll(".leaflet-tooltip, .leaflet-popup-content"))
            .map((el) => el.textContent);
    }""", map_name)


def assert_shown_as_text(page, *texts, context: str):
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") is None, f"{context}: a planted script ran"
    body = page.locator("body").inner_text()
    for text in texts:
        assert text in body, f"{context}: {text!r} is not shown literally"
    assert page.locator("main img[src=x], main script:not([src]):not([type])").count() == 0, context
    axe_check(page, context=context)


def test_html_in_names_reaches_every_official_page_and_map_as_text(page, live_server, official, planted):
    login_as(page, live_server, official)
    store, district = planted["store"], planted["district"]

    page.goto(f"{live_server.url}/stores/{store.pk}/")
    labels = open_map_labels(page, "store-map")
    assert STORE_NAME in labels
    assert_shown_as_text(page, STORE_NAME, context="store page")

    page.goto(f"{live_server.url}/districts/")
    labels = open_map_labels(page, "district-list-map")
    assert any(label.startswith(DISTRICT_NAME) for label in labels)
    assert_shown_as_text(page, DISTRICT_NAME, context="district list")

    page.goto(f"{live_server.url}/districts/{district.pk}/")
    labels = open_map_labels(page, "district-map")
    assert any(label.startswith(DISTRICT_NAME) for label in labels) and STORE_NAME in labels
    assert_shown_as_text(page, DISTRICT_NAME, STORE_NAME, context="district page")

    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_function("document.querySelectorAll('path[data-district-id]').length === 1")
    labels = open_map_labels(page, "dashboard-map")
    assert any(label.startswith(DISTRICT_NAME) for label in labels)
    assert page.locator("#dash-legend strong").inner_text()  # the legend is built from nodes too
    assert_shown_as_text(page, DISTRICT_NAME, context="dashboard")

    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_function("document.querySelectorAll('path[data-district-id]').length === 1")
    labels = open_map_labels(page, "wall-map")
    assert any(label.startswith(DISTRICT_NAME) for label in labels)
    assert page.evaluate("window.__xss") is None
    axe_check(page, context="wall screen")

    page.goto(f"{live_server.url}/onnuri/review/")
    assert_shown_as_text(page, STORE_NAME, context="review queue")
    page.goto(f"{live_server.url}/onnuri/review/{planted['application'].pk}/")
    assert_shown_as_text(page, STORE_NAME, context="application under review")

    page.goto(f"{live_server.url}/hotline/")
    assert_shown_as_text(page, context="hotline queue")
    page.goto(f"{live_server.url}/hotline/tickets/{planted['ticket'].pk}/")
    open_map_labels(page, "ticket-map")
    assert_shown_as_text(page, TICKET_TEXT, REGISTRANT, context="ticket page")

    session = planted["session"]
    page.goto(f"{live_server.url}/onnuri/sessions/")
    assert_shown_as_text(page, SESSION_TITLE, context="session list (official)")
    page.goto(f"{live_server.url}/onnuri/sessions/{session.pk}/attendance/")
    assert_shown_as_text(page, SESSION_TITLE, REGISTRANT, context="attendance")
    assert page.js_errors == []


def test_html_in_names_reaches_public_and_merchant_pages_as_text(page, live_server, merchant_a, planted):
    page.goto(f"{live_server.url}/onnuri/")
    page.wait_for_function("document.getElementById('finder-map').dataset.loaded === '1'")
    page.locator("#finder-map .leaflet-marker-icon").first.click()
    popup = page.locator("#finder-map .leaflet-popup-content")
    assert popup.inner_text().startswith(f"{IMG}가맹상회")
    assert_shown_as_text(page, f"{IMG}가맹상회", context="Onnuri finder")

    page.goto(f"{live_server.url}/hotline/track/{planted['ticket'].tracking_token}/")
    assert_shown_as_text(page, TICKET_TEXT, context="public ticket tracking page")

    page.goto(f"{live_server.url}/onnuri/sessions/")
    assert_shown_as_text(page, SESSION_TITLE, context="session list (public)")
    page.goto(f"{live_server.url}/onnuri/sessions/{planted['session'].pk}/")
    assert_shown_as_text(page, SESSION_TITLE, f"{IMG}서구청", context="session page")

    login_as(page, live_server, merchant_a)
    page.goto(f"{live_server.url}/onnuri/applications/{planted['application'].pk}/")
    assert_shown_as_text(page, STORE_NAME, context="merchant's application page")
    page.goto(f"{live_server.url}/stores/mine/{planted['store'].pk}/")
    assert STORE_NAME in open_map_labels(page, "my-store-map")
    assert_shown_as_text(page, STORE_NAME, context="merchant's store page")
    assert page.js_errors == []

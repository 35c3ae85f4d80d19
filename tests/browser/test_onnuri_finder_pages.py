"""The public finder in a browser with its kept bodies: the map decodes the compact rows of every page,
the shared anonymous page carries a working nonce on a repeat visit (no CSP violation), axe on each page."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_check
from tests.factories import YANGDONG_LAT, YANGDONG_LON, FranchiseFactory, StoreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_map_loads_every_page_of_compact_rows_and_the_repeat_visit_works(page, live_server, seogu,
                                                                             monkeypatch):
    monkeypatch.setattr("giftcerts.api.FINDER_PAGE_SIZE", 2)  # three stores: two pages
    today = timezone.localdate()
    yangdong = seogu.dongs.get(name="양동")
    for i, name in enumerate(("양동국밥", "과일가게", "<b>굵은</b>상회")):
        FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong, name=name,
                                            lon=YANGDONG_LON + i * 0.002, lat=YANGDONG_LAT),
                         kinds=["paper"], valid_from=today - datetime.timedelta(days=1),
                         valid_until=today + datetime.timedelta(days=900))
    for visit in ("first visit", "repeat visit (the kept page)"):
        page.goto(f"{live_server.url}/onnuri/")
        page.wait_for_function("['3', 'error'].includes(document.getElementById('finder-map').dataset.loaded)")
        assert page.locator("#finder-map").get_attribute("data-loaded") == "3", visit
        axe_check(page, context=f"Onnuri finder, {visit}")
    # a store's marker, not a cluster still fading out after the zoom to the stores
    page.locator("#finder-map .leaflet-marker-icon:not(.marker-cluster)").first.click()
    popup = page.locator("#finder-map .leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("b").count() == 0  # names go in as text
    assert page.js_errors == []

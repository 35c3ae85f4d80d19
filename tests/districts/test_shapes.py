"""The map shapes endpoint: one cached, gzipped body per government and data version, ETag and 304,
government isolation, persona refusals; and the pages that fetch it instead of inlining geometry."""

import gzip
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from districts import selectors, services
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong

LIST = reverse("districts:district_list")


def shapes_url(gov):
    return reverse("districts:district_shapes", args=[gov.code])


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two(official, seogu):
    scatter_stores(seogu, square_in_chipyeong(15), 20, seed=1)
    first = make_district(official, square_in_chipyeong(15), status="designated", name="쌍촌 <b>야시장</b>골목")
    second = make_district(official, square_in_chipyeong(15, east_m=80), name="치평동 둘째 골목")
    return first, second


def coordinates(geometry):
    """Every coordinate pair of a (Multi)Polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for ring in polygon for point in ring]


def test_shapes_hold_the_governments_districts_and_dongs_rounded_to_5_decimals(official_client, seogu, two):
    response = official_client.get(shapes_url(seogu))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "Content-Encoding" not in response  # asked without gzip: identity
    data = json.loads(response.content)
    features = data["districts"]["features"]
    assert sorted(f["properties"]["name"] for f in features) == ["쌍촌 <b>야시장</b>골목", "치평동 둘째 골목"]
    first = next(f for f in features if f["id"] == two[0].pk)
    assert first["properties"]["status"] == "designated" and first["properties"]["colour"] == "#0b50d0"
    assert first["properties"]["url"] == reverse("districts:district_detail", args=[two[0].pk])
    assert first["properties"]["store_count"] == two[0].store_count
    assert len(data["dongs"]["features"]) == 18
    for feature in features + data["dongs"]["features"]:
        for lon, lat in coordinates(feature["geometry"]):
            assert round(lon, 5) == lon and round(lat, 5) == lat


def test_gzip_is_sent_as_built_and_the_etag_answers_304_until_a_district_changes(official_client, official, seogu,
                                                                                  two):
    url = shapes_url(seogu)
    zipped = official_client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped.status_code == 200 and zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"] and zipped["Cache-Control"] == "private, no-cache"
    plain = official_client.get(url)
    assert gzip.decompress(zipped.content) == plain.content
    etag = plain["ETag"]
    assert zipped["ETag"] == etag

    again = official_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert official_client.get(url, HTTP_IF_NONE_MATCH='"stale", ' + etag).status_code == 304
    assert official_client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200

    services.district_submit(official=official, district_id=two[1].pk)  # a state change: a new version
    changed = official_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    statuses = {f["id"]: f["properties"]["status"] for f in json.loads(changed.content)["districts"]["features"]}
    assert statuses[two[1].pk] == "submitted"


def test_the_body_is_simplified_once_per_version(official_client, seogu, two, monkeypatch):
    calls = []
    real = selectors.geo.simplify
    monkeypatch.setattr(selectors.geo, "simplify", lambda *a, **k: calls.append(1) or real(*a, **k))
    url = shapes_url(seogu)
    first = official_client.get(url).content
    built = len(calls)
    assert built == 2 + 18  # the two districts and the dongs
    assert official_client.get(url).content == first and official_client.get(url).content == first
    assert len(calls) == built  # repeat requests read the cached body


def test_each_government_gets_only_its_own_shapes(official_client, other_official_client, seogu, bukgu, two):
    theirs = other_official_client.get(shapes_url(bukgu))
    assert theirs.status_code == 200
    data = json.loads(theirs.content)
    assert data["districts"]["features"] == []
    assert "치평동" not in theirs.content.decode()
    assert other_official_client.get(shapes_url(seogu)).status_code == 404  # another government's URL
    assert official_client.get(shapes_url(bukgu)).status_code == 404
    assert theirs["ETag"] != official_client.get(shapes_url(seogu))["ETag"]


def test_anonymous_and_merchants_are_refused(client, merchant_a_client, seogu, two):
    url = shapes_url(seogu)
    assert client.get(url).status_code == 403  # a fetch() gets a refusal, not the login page
    assert merchant_a_client.get(url).status_code == 403
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 403


def test_the_list_page_fetches_the_shapes_and_carries_no_coordinates(official_client, seogu, two):
    response = official_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    version = selectors.district_shapes_version(seogu)
    match = re.search(r'fetch\("([^"]+)"', html)
    assert match and match.group(1).encode().decode("unicode_escape") == f"{shapes_url(seogu)}?v={version}"
    assert html.index("window.districtShapes = fetch(") < html.index("leaflet.js")  # starts before the map
    assert '"coordinates"' not in html and "Polygon" not in html
    ids = json.loads(re.search(r'<script id="district-ids" type="application/json">(.*?)</script>', html).group(1))
    assert sorted(ids) == sorted(d.pk for d in two)


@pytest.mark.parametrize("page", ["create", "update"])
def test_the_drawing_form_fetches_the_shapes_too(official_client, seogu, two, page):
    url = reverse("districts:district_create") if page == "create" else reverse(
        "districts:district_update", args=[two[1].pk])
    html = official_client.get(url).content.decode()
    assert f'fetch("{shapes_url(seogu)}?v' in html
    assert "others-data" not in html and "야시장" not in html  # the context layers are not inlined

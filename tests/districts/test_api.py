"""/api/districts/check/, /api/districts/ (GeoJSON) and /api/districts/<id>/."""

import json

import pytest
from django.test import Client

from districts.models import District
from tests.conftest import PASSWORD
from tests.districts.factories import (
    PASSING_FACTS,
    load_yangdong_market_stores,
    make_district,
    scatter_stores,
    square_in_chipyeong,
    yangdong_market_boundary,
)

CHECK = "/api/districts/check/"
LIST = "/api/districts/"


@pytest.fixture
def boundary(seogu):
    load_yangdong_market_stores(seogu)
    return yangdong_market_boundary(seogu)


def post_check(client, payload):
    return client.post(CHECK, json.dumps(payload), content_type="application/json")


def test_check_returns_every_criterion_with_numbers(official_client, boundary):
    facts = {k: PASSING_FACTS[k] for k in ("organization_name", "merchants_total", "merchants_consenting")}
    response = post_check(official_client, {"boundary": boundary, **facts})
    assert response.status_code == 200
    body = response.json()
    assert body["passed"] is True and body["open_stores"] >= 330
    assert [c["key"] for c in body["criteria"]] == ["within_government", "store_density", "consent", "organization",
                                                    "no_overlap"]
    density = body["criteria"][1]
    assert density["values"]["open_stores"] == body["open_stores"]
    assert "점포" in density["message"]
    assert not District.objects.exists()  # a check saves nothing

    partial = post_check(official_client, {"boundary": boundary}).json()
    failing = [c["key"] for c in partial["criteria"] if not c["passed"]]
    assert failing == ["consent", "organization"]


def test_check_explains_invalid_boundaries_in_korean(official_client, seogu):
    point = post_check(official_client, {"boundary": {"type": "Point", "coordinates": [126.9, 35.15]}})
    assert point.status_code == 400 and "Point" in point.json()["boundary"][0]
    crossing = {"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.154], [126.903, 35.153],
                                                    [126.902, 35.154], [126.902, 35.153]]]}
    assert "교차" in post_check(official_client, {"boundary": crossing}).json()["boundary"][0]
    negative = post_check(official_client, {"boundary": crossing, "merchants_total": -1})
    assert negative.status_code == 400 and "merchants_total" in negative.json()


def test_check_excludes_the_district_being_edited_but_only_ones_own(official_client, official, boundary,
                                                                    other_official_client):
    district = make_district(official, boundary, status="designated")
    overlapping = post_check(official_client, {"boundary": boundary}).json()
    assert not next(c for c in overlapping["criteria"] if c["key"] == "no_overlap")["passed"]
    itself = post_check(official_client, {"boundary": boundary, "district": district.pk}).json()
    assert next(c for c in itself["criteria"] if c["key"] == "no_overlap")["passed"]
    assert post_check(other_official_client, {"boundary": boundary, "district": district.pk}).status_code == 404


def test_check_needs_an_official_and_csrf(client, merchant_a_client, official, boundary):
    assert post_check(client, {"boundary": boundary}).status_code == 403
    assert post_check(merchant_a_client, {"boundary": boundary}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.login(username=official.username, password=PASSWORD)
    assert post_check(strict, {"boundary": boundary}).status_code == 403  # session auth without the CSRF token


def test_list_is_a_feature_collection_with_filters_and_fixed_queries(official_client, official, seogu,
                                                                     django_assert_max_num_queries):
    def add(i, status):
        where = square_in_chipyeong(15, east_m=60 * (i % 4), north_m=60 * (i // 4))
        scatter_stores(seogu, where, 20 + i, seed=40 + i)
        return make_district(official, where, status=status, name=f"API 골목 {i}")

    add(0, "designated")
    add(1, "draft")
    with django_assert_max_num_queries(8) as few:
        official_client.get(LIST)
    for i in range(2, 10):
        add(i, "submitted")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = official_client.get(LIST).json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 10
    props = body["features"][0]["properties"]
    assert {"code", "name", "status", "store_count", "area_m2", "url"} <= set(props)
    assert props["url"].startswith("/districts/")

    assert [f["properties"]["name"] for f in official_client.get(LIST, {"status": "designated"}).json()["features"]] \
        == ["API 골목 0"]
    counted = official_client.get(LIST, {"stores_min": 21, "stores_max": 22}).json()["features"]
    assert sorted(f["properties"]["store_count"] for f in counted) == [21, 22]
    assert official_client.get(LIST, {"dong": "29140575"}).json()["features"] == []
    assert official_client.get(LIST, {"status": "closed"}).status_code == 400


def test_list_and_detail_are_scoped_to_the_officials_government(official_client, other_official_client, client,
                                                                merchant_a_client, official, boundary):
    district = make_district(official, boundary, status="designated")
    assert other_official_client.get(LIST).json()["features"] == []
    assert other_official_client.get(f"{LIST}{district.pk}/").status_code == 404
    assert client.get(LIST).status_code == 403
    assert merchant_a_client.get(f"{LIST}{district.pk}/").status_code == 403

    feature = official_client.get(f"{LIST}{district.pk}/").json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["notice_number"] == district.notice_number
    assert feature["properties"]["stores_assigned"] == district.stores.count() > 300


def test_endpoints_are_in_the_openapi_schema(official_client):
    schema = official_client.get("/api/schema/", {"format": "json"}).json()
    assert {"/api/districts/", "/api/districts/check/", "/api/districts/{id}/"} <= set(schema["paths"])
    check = schema["paths"]["/api/districts/check/"]["post"]
    assert "requestBody" in check
    params = {p["name"] for p in schema["paths"]["/api/districts/"]["get"]["parameters"]}
    assert {"status", "dong", "stores_min", "stores_max"} <= params


@pytest.mark.parametrize(("body", "expected"), [
    ("[" * 100_000 + "]" * 100_000, "100,000단계"),  # RecursionError (500) before
    ('{"boundary": ', "1번째 줄"),
    ('{"boundary": {"type": "Polygon", "coordinates": [[[NaN, 35]]]}}', "NaN"),
])
def test_a_deep_or_broken_json_body_is_a_korean_400(official_client, seogu, body, expected):
    response = official_client.post(CHECK, body, content_type="application/json")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert expected in detail and "JSON parse error" not in detail and "Expecting" not in detail


def test_astronomical_merchant_counts_are_a_400_not_an_overflow(official_client, boundary):
    response = post_check(official_client, {"boundary": boundary, "merchants_total": 99999999999999999999999,
                                            "merchants_consenting": 1, "district": 99999999999999999999999})
    assert response.status_code == 400
    assert set(response.json()) == {"merchants_total", "district"}

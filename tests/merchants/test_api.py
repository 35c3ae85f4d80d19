"""/api/stores/: officials see their government's stores, merchants only their own, anonymous nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DistrictFactory

from .helpers import store_in

URL = "/api/stores/"


@pytest.mark.django_db
def test_anonymous_is_refused(client, seogu):
    store = store_in(seogu)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{store.pk}/").status_code == 403


def test_official_sees_only_their_governments_stores(official_client, seogu, bukgu):
    mine = store_in(seogu, name="서구상회", business_number="1208147521")
    store_in(bukgu, name="북구상회")
    body = official_client.get(URL).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == mine.pk and item["name"] == "서구상회"
    assert item["business_number"] == "1208147521" and item["business_number_display"] == "120-81-47521"
    assert item["dong"]["name"] == "양동" and item["industry"]["code"] == "I20101"
    assert [c["code"] for c in item["industry_path"]] == ["I2", "I201", "I20101"]
    assert official_client.get(f"{URL}{mine.pk}/").json()["id"] == mine.pk


def test_other_governments_store_is_404_for_an_official(other_official_client, seogu):
    store = store_in(seogu)
    assert other_official_client.get(f"{URL}{store.pk}/").status_code == 404
    assert other_official_client.get(URL).json()["count"] == 0


def test_merchant_sees_only_own_stores_and_b_gets_404(merchant_a, merchant_a_client, merchant_b_client, seogu):
    owned = store_in(seogu, name="에이상회")
    owned.owner = merchant_a.merchant
    owned.save(update_fields=["owner"])
    store_in(seogu, name="남의가게")
    body = merchant_a_client.get(URL).json()
    assert [s["name"] for s in body["results"]] == ["에이상회"] and body["results"][0]["claimed"] is True
    assert merchant_a_client.get(f"{URL}{owned.pk}/").status_code == 200
    assert merchant_b_client.get(f"{URL}{owned.pk}/").status_code == 404
    assert merchant_b_client.get(URL).json()["count"] == 0


def test_filters_and_pagination(official_client, seogu):
    district = DistrictFactory(local_government=seogu)
    store_in(seogu, name="양동국밥", district=district)
    chipyeong = store_in(seogu, "치평동", name="치평상회", status="closed",
                         closed_on="2026-01-01")
    for i in range(55):
        store_in(seogu, "화정1동", name=f"화정{i:02d}")
    assert official_client.get(URL).json()["count"] == 57
    assert len(official_client.get(URL).json()["results"]) == 50
    assert len(official_client.get(URL, {"page": 2}).json()["results"]) == 7
    assert official_client.get(URL, {"q": "국밥"}).json()["count"] == 1
    assert official_client.get(URL, {"dong": chipyeong.dong_id}).json()["results"][0]["name"] == "치평상회"
    assert official_client.get(URL, {"status": "closed"}).json()["count"] == 1
    assert official_client.get(URL, {"district": district.pk}).json()["count"] == 1
    assert official_client.get(URL, {"industry": "I201"}).json()["count"] == 57
    assert official_client.get(URL, {"industry": "G2"}).json()["count"] == 0
    assert official_client.get(URL, {"status": "sleeping"}).status_code == 400


def test_api_list_runs_a_fixed_number_of_queries(official_client, seogu, django_assert_max_num_queries):
    store_in(seogu)
    with CaptureQueriesContext(connection) as few:
        official_client.get(URL)
    for i in range(40):
        store_in(seogu, ["치평동", "화정1동"][i % 2], name=f"가게{i}")
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as many:
        assert len(official_client.get(URL).json()["results"]) == 41
    assert len(many) == len(few)


def test_the_store_api_is_in_the_schema(official_client):
    schema = official_client.get("/api/schema/").content.decode()
    assert "/api/stores/" in schema and "/api/stores/{id}/" in schema and "industry" in schema

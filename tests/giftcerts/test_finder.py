"""The public finder at /onnuri/ and /api/onnuri-stores/: active franchises only, no private
fields, anonymous, filters, near me, fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giftcerts.models import Franchise
from merchants import bizno
from tests.factories import YANGDONG_LAT as LAT
from tests.factories import YANGDONG_LON as LON
from tests.factories import FranchiseFactory, StoreFactory
from tests.giftcerts.factories import ApplicationFactory

PUBLIC_KEYS = {"id", "name", "industry", "industry_major", "dong", "market", "address", "phone", "opening_hours",
               "kinds"}


@pytest.fixture
def world(seogu, yangdong, merchant_a, category):
    today = timezone.localdate()
    retail = category("G20506", "채소/과일 소매업")
    hwajeong = seogu.dongs.get(name="화정1동")

    def franchised(name, kinds=("paper", "card", "mobile"), status=Franchise.Status.ACTIVE, **store):
        s = StoreFactory(local_government=seogu, name=name, **{"dong": yangdong, **store})
        FranchiseFactory(store=s, kinds=list(kinds), status=status, valid_from=today - datetime.timedelta(days=10),
                         valid_until=today + datetime.timedelta(days=1000))
        return s

    stores = {
        "gukbap": franchised("양동국밥", owner=merchant_a.merchant, phone="062-111-2222"),
        "fruit": franchised("과일가게", kinds=("card",), industry=retail, lon=LON + 0.01, lat=LAT),
        "hwajeong": franchised("화정식당", kinds=("paper",), dong=hwajeong, lon=LON + 0.03, lat=LAT + 0.01),
        "expired": franchised("만료된집", status=Franchise.Status.EXPIRED),
        "cancelled": franchised("취소된집", status=Franchise.Status.CANCELLED),
        "none": StoreFactory(local_government=seogu, dong=yangdong, name="미가맹집"),
    }
    closed = franchised("폐업한집")
    closed.status, closed.closed_on = "closed", today
    closed.save()
    ApplicationFactory(store=stores["gukbap"], declared_revenue_won=987_654_321)
    return stores


def listed(response):
    return [s["name"] for s in response.context["stores"]]


def test_anyone_finds_active_franchise_stores_only(client, world):
    response = client.get(reverse("giftcerts:finder"))
    assert response.status_code == 200
    assert sorted(listed(response)) == ["과일가게", "양동국밥", "화정식당"]


def test_the_finder_shows_no_private_fields(client, world):
    html = client.get(reverse("giftcerts:finder")).content.decode()
    store = world["gukbap"]
    assert store.business_number not in html and bizno.format_number(store.business_number) not in html
    assert "최상인" not in html  # the owner's name
    assert "987,654,321" not in html and "987654321" not in html


def test_the_page_has_an_accessible_map_with_clustering_and_a_list(client, world):
    html = client.get(reverse("giftcerts:finder")).content.decode()
    assert 'id="finder-map"' in html and 'role="region"' in html and 'aria-label="온누리 가맹점 지도' in html
    assert "leaflet.markercluster.js" in html
    assert reverse("giftcerts_api:onnuri-stores") in html
    assert 'class="onnuri-store-list"' in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "국밥"}, ["양동국밥"]),
    ({"major": "G2"}, ["과일가게"]),
    ({"kind": "paper"}, ["양동국밥", "화정식당"]),
    ({"kind": "card", "major": "I2"}, ["양동국밥"]),
])
def test_search_and_filters(client, world, params, expected):
    assert sorted(listed(client.get(reverse("giftcerts:finder"), params))) == expected


def test_filter_by_dong(client, world, seogu):
    hwajeong = seogu.dongs.get(name="화정1동")
    assert listed(client.get(reverse("giftcerts:finder"), {"dong": hwajeong.pk})) == ["화정식당"]


def test_near_me_sorts_by_distance_and_shows_it(client, world):
    response = client.get(reverse("giftcerts:finder"), {"lat": LAT, "lon": LON + 0.029})
    assert listed(response) == ["화정식당", "과일가게", "양동국밥"]
    distances = [s["distance_m"] for s in response.context["stores"]]
    assert distances == sorted(distances) and 1000 < distances[0] < 1300
    assert "현재 위치에서 가까운 순서로" in response.content.decode()


def test_a_location_outside_korea_is_ignored(client, world):
    response = client.get(reverse("giftcerts:finder"), {"lat": 48.85, "lon": 2.35})
    assert response.status_code == 200 and response.context["near"] is None


def test_the_finder_runs_a_fixed_number_of_queries(client, world, seogu, yangdong, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("giftcerts:finder"))
    for i in range(30):
        FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong, name=f"추가{i}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("giftcerts:finder"))
    assert response.context["page_obj"].paginator.count == 33
    names = [store["name"] for store in response.context["stores"]]
    html = response.content.decode()
    assert names and all(name in html for name in names)  # the rows are shown, not just counted


class TestOnnuriStoresApi:
    url = reverse("giftcerts_api:onnuri-stores")

    def test_anonymous_gets_geojson_of_active_franchises(self, client, world):
        data = client.get(self.url).json()
        assert data["type"] == "FeatureCollection"
        assert sorted(f["properties"]["name"] for f in data["features"]) == ["과일가게", "양동국밥", "화정식당"]
        feature = data["features"][0]
        assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2

    def test_no_private_fields(self, client, world):
        response = client.get(self.url)
        for feature in response.json()["features"]:
            assert set(feature["properties"]) == PUBLIC_KEYS
        body = response.content.decode()
        assert world["gukbap"].business_number not in body and "987654321" not in body and "최상인" not in body

    def test_filters_and_distance(self, client, world):
        data = client.get(self.url, {"kind": "card", "lat": LAT, "lon": LON}).json()
        names = [f["properties"]["name"] for f in data["features"]]
        assert names == ["양동국밥", "과일가게"]
        assert data["features"][0]["properties"]["distance_m"] < data["features"][1]["properties"]["distance_m"]

    def test_a_bad_filter_is_a_400(self, client, world):
        assert client.get(self.url, {"kind": "gold"}).status_code == 400

    def test_fixed_query_count(self, client, world, seogu, yangdong, django_assert_max_num_queries):
        with django_assert_max_num_queries(6) as small:
            client.get(self.url)
        for i in range(30):
            FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong, name=f"추가{i}"))
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(client.get(self.url).json()["features"]) == 33

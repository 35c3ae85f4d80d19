"""The public finder at /onnuri/ and /api/onnuri-stores/: active franchises only, no private
fields, anonymous, filters, near me, fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import public_bodies
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
    public_bodies.bump(seogu.pk)  # the version row, written once per government in its life
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("giftcerts:finder"))
    for i in range(30):
        FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong, name=f"추가{i}"))
    public_bodies.bump(seogu.pk)  # factories write past the services, which bump the version themselves
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("giftcerts:finder"))
    assert response.context["page_obj"].paginator.count == 33
    names = [store["name"] for store in response.context["stores"]]
    html = response.content.decode()
    assert names and all(name in html for name in names)  # the rows are shown, not just counted


def stores_of(data) -> list[dict]:
    """The compact form decoded as the finder's JS decodes it."""
    return [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]


class TestOnnuriStoresApi:
    url = reverse("giftcerts_api:onnuri-stores")

    def test_anonymous_gets_compact_rows_of_active_franchises(self, client, world):
        data = client.get(self.url).json()
        assert data["fields"][:3] == ["id", "lon", "lat"] and data["count"] == 3 and data["pages"] == 1
        stores = stores_of(data)
        assert sorted(s["name"] for s in stores) == ["과일가게", "양동국밥", "화정식당"]
        assert all(isinstance(s["lon"], float) and isinstance(s["lat"], float) for s in stores)

    def test_no_private_fields(self, client, world):
        response = client.get(self.url)
        for store in stores_of(response.json()):
            assert set(store) == PUBLIC_KEYS | {"lon", "lat"}
        body = response.content.decode()
        assert world["gukbap"].business_number not in body and "987654321" not in body and "최상인" not in body

    def test_filters_and_distance(self, client, world):
        data = client.get(self.url, {"kind": "card", "lat": LAT, "lon": LON}).json()
        stores = stores_of(data)
        assert [s["name"] for s in stores] == ["양동국밥", "과일가게"]
        assert stores[0]["distance_m"] < stores[1]["distance_m"]

    def test_a_bad_filter_is_a_400(self, client, world):
        assert client.get(self.url, {"kind": "gold"}).status_code == 400
        assert client.get(self.url, {"page": "0"}).status_code == 400
        assert client.get(self.url, {"bbox": "127,35,126,36"}).status_code == 400  # west east of east
        assert client.get(self.url, {"bbox": "a,b,c,d"}).status_code == 400
        assert client.get(self.url, {"bbox": "1e2,35,127,36"}).status_code == 400
        assert client.get(self.url, {"bbox": ""}).status_code == 200  # no viewport

    def test_bbox_keeps_the_viewport_only(self, client, world):
        west, south = LON + 0.005, LAT - 0.005
        data = client.get(self.url, {"bbox": f"{west},{south},{LON + 0.02},{LAT + 0.005}"}).json()
        assert [s["name"] for s in stores_of(data)] == ["과일가게"] and data["count"] == 1

    def test_pages_split_a_large_government(self, client, world, monkeypatch):
        monkeypatch.setattr("giftcerts.api.FINDER_PAGE_SIZE", 2)
        first, second = client.get(self.url).json(), client.get(self.url, {"page": 2}).json()
        assert (first["count"], first["pages"], len(first["rows"]), len(second["rows"])) == (3, 2, 2, 1)
        names = [s["name"] for s in stores_of(first) + stores_of(second)]
        assert sorted(names) == ["과일가게", "양동국밥", "화정식당"]
        assert client.get(self.url, {"page": 3}).json()["rows"] == []

    def test_fixed_query_count(self, client, world, seogu, yangdong, django_assert_max_num_queries):
        public_bodies.bump(seogu.pk)  # the version row, written once per government in its life
        with django_assert_max_num_queries(6) as small:
            client.get(self.url)
        for i in range(30):
            FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong, name=f"추가{i}"))
        public_bodies.bump(seogu.pk)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(client.get(self.url).json()["rows"]) == 33

"""A district boundary built from stores an official picks from a list (the keyboard and GIS-free
alternative to drawing): the service, the store search and the API behind the district form's picker."""

import json

import pytest
from django.test import Client

from core.errors import DomainError
from districts import geo, services
from merchants.models import Store
from tests.conftest import PASSWORD
from tests.districts.factories import scatter_stores, square_in_chipyeong

BUILD = "/api/districts/boundary-from-stores/"
SEARCH = "/api/districts/store-picker/"


@pytest.fixture
def stores(seogu):
    return scatter_stores(seogu, square_in_chipyeong(20), 30, seed=3)


def test_the_boundary_holds_every_picked_store_and_passes_the_density_criterion(seogu, stores):
    result = services.district_boundary_from_stores(local_government=seogu, store_ids=[s.pk for s in stores])
    shape = geo.validate_geometry(result.boundary)
    assert shape.geom_type == "Polygon"
    assert geo.points_inside(shape, [s.lon for s in stores], [s.lat for s in stores]).all()
    assert result.store_count == 30
    assert result.area_m2 == pytest.approx(geo.area_m2(shape))
    # 30 stores in a 40 m square with a 10 m margin: more than 15 stores per 2,000 m², so density passes.
    check = services.district_check_criteria(local_government=seogu, boundary=result.boundary)
    density = next(c for c in check.criteria if c.key == "store_density")
    assert density.passed and check.open_stores == 30


def test_one_or_two_stores_still_give_a_polygon(seogu, stores):
    one = services.district_boundary_from_stores(local_government=seogu, store_ids=[stores[0].pk])
    two = services.district_boundary_from_stores(local_government=seogu, store_ids=[stores[0].pk, stores[1].pk])
    assert geo.validate_geometry(one.boundary).geom_type == "Polygon"
    assert geo.area_m2(geo.validate_geometry(one.boundary)) == pytest.approx(3.14 * 10 ** 2, rel=0.1)
    assert geo.validate_geometry(two.boundary).area > geo.validate_geometry(one.boundary).area


def test_the_same_picks_twice_give_the_same_boundary_and_duplicates_count_once(seogu, stores):
    ids = [s.pk for s in stores[:5]]
    first = services.district_boundary_from_stores(local_government=seogu, store_ids=ids)
    again = services.district_boundary_from_stores(local_government=seogu, store_ids=ids[::-1] + ids[:2])
    assert first.boundary == again.boundary and again.store_count == 5


@pytest.mark.parametrize("ids", [[], None, ["x"]])
def test_no_store_or_a_bad_id_is_refused(seogu, ids):
    with pytest.raises(DomainError) as exc:
        services.district_boundary_from_stores(local_government=seogu, store_ids=ids)
    assert exc.value.field == "stores"


def test_another_governments_store_or_one_without_a_location_is_refused(seogu, bukgu, stores):
    foreign = Store.objects.create(local_government=bukgu, name="북구상점", lon=126.91, lat=35.17)
    nowhere = Store.objects.create(local_government=seogu, name="위치없는상점")
    for extra in (foreign, nowhere):
        with pytest.raises(DomainError, match="1"):
            services.district_boundary_from_stores(local_government=seogu, store_ids=[stores[0].pk, extra.pk])


def test_too_many_stores_are_refused(seogu):
    with pytest.raises(DomainError):
        services.district_boundary_from_stores(local_government=seogu,
                                               store_ids=range(1, services.BOUNDARY_FROM_STORES_MAX + 2))


# --- API ------------------------------------------------------------------------------------------

def post(client, payload):
    return client.post(BUILD, json.dumps(payload), content_type="application/json")


def test_the_official_gets_the_boundary_as_geojson(official_client, stores):
    response = post(official_client, {"stores": [s.pk for s in stores]})
    assert response.status_code == 200
    body = response.json()
    assert body["boundary"]["type"] == "Polygon" and body["store_count"] == 30 and body["area_m2"] > 0


def test_bad_input_is_a_400_with_a_message(official_client, stores, bukgu):
    assert post(official_client, {"stores": []}).status_code == 400
    assert post(official_client, {"stores": "1,2"}).status_code == 400
    foreign = Store.objects.create(local_government=bukgu, name="북구상점", lon=126.91, lat=35.17)
    response = post(official_client, {"stores": [stores[0].pk, foreign.pk]})
    assert response.status_code == 400 and "stores" in response.json()


def test_other_personas_are_refused(client, merchant_a_client, other_official_client, stores):
    assert post(client, {"stores": [stores[0].pk]}).status_code == 403
    assert post(merchant_a_client, {"stores": [stores[0].pk]}).status_code == 403
    # Another government's official cannot shape a boundary from this government's stores.
    assert post(other_official_client, {"stores": [stores[0].pk]}).status_code == 400


def test_the_store_search_finds_own_stores_with_a_location_only(official_client, other_official_client, seogu,
                                                                  bukgu, stores):
    Store.objects.create(local_government=seogu, name="합성상점 위치없음")
    Store.objects.create(local_government=bukgu, name="합성상점 북구", lon=126.91, lat=35.17)
    found = official_client.get(SEARCH, {"q": "합성상점3-1"}).json()["results"]
    assert {r["name"] for r in found} == {"합성상점3-1", *(f"합성상점3-{i}" for i in range(10, 20))}
    assert {"id", "name", "address"} <= set(found[0])
    everything = official_client.get(SEARCH, {"q": "합성상점"}).json()["results"]
    assert len(everything) == 20 and all("북구" not in r["name"] and "위치없음" not in r["name"] for r in everything)
    assert official_client.get(SEARCH, {"q": ""}).json()["results"] == []
    assert official_client.get(SEARCH, {"q": "x" * 101}).status_code == 400
    theirs = other_official_client.get(SEARCH, {"q": "합성상점"}).json()["results"]
    assert [r["name"] for r in theirs] == ["합성상점 북구"]


def test_the_store_search_refuses_residents_and_merchants(client, merchant_a_client, stores):
    assert client.get(SEARCH, {"q": "합성"}).status_code == 403
    assert merchant_a_client.get(SEARCH, {"q": "합성"}).status_code == 403


def test_a_draft_saved_from_the_built_boundary_holds_the_stores(official, stores):
    boundary = services.district_boundary_from_stores(local_government=official.local_government,
                                                      store_ids=[s.pk for s in stores]).boundary
    client = Client()
    client.login(username=official.username, password=PASSWORD)
    response = client.post("/districts/new/", {
        "name": "치평동 상점으로 그린 골목", "boundary": json.dumps(boundary), "organization_name": "치평상인회",
        "merchants_total": "30", "merchants_consenting": "16"})
    assert response.status_code == 302
    from districts.models import District
    district = District.objects.get(name="치평동 상점으로 그린 골목")
    assert district.store_count == 30

"""district_check_criteria on the real 양동시장 stores and the real Seo-gu dongs."""

import datetime

import pytest
from django.utils import translation
from pyproj import Transformer

from core.errors import DomainError
from districts import criteria, geo, services
from merchants.models import Store
from tests.districts.factories import (
    PASSING_FACTS,
    load_yangdong_market_stores,
    make_district,
    shifted,
    yangdong_market_boundary,
)


@pytest.fixture
def yangdong(seogu):
    stores = load_yangdong_market_stores(seogu)
    return {"government": seogu, "stores": stores, "boundary": yangdong_market_boundary(seogu)}


CHECKED_FACTS = ("organization_name", "merchants_total", "merchants_consenting")


def check(government, boundary, **facts):
    values = {key: value for key, value in {**PASSING_FACTS, **facts}.items() if key in CHECKED_FACTS}
    return services.district_check_criteria(local_government=government, boundary=boundary, **values)


def failing_keys(result):
    return [c.key for c in result.criteria if not c.passed]


def test_a_boundary_around_the_real_yangdong_market_stores_passes(yangdong):
    result = check(yangdong["government"], yangdong["boundary"])
    assert failing_keys(result) == []
    assert result.passed
    # Most of the 422 real stores lie in the dense core the boundary follows.
    assert 330 <= result.open_stores <= 422
    assert result.open_stores >= result.required_stores >= 15
    assert result.open_stores * 2000 / result.area_m2 >= 15
    names = set(yangdong["government"].dongs.filter(pk__in=result.dong_ids).values_list("name", flat=True))
    assert "양동" in names and names <= {"양동", "양3동"}
    density = result.get(criteria.STORE_DENSITY)
    assert density.values["open_stores"] == result.open_stores
    assert "개" in density.message or "점포" in density.message  # Korean by default


def test_same_boundary_with_too_few_open_stores_fails_only_on_density(yangdong):
    inside = Store.objects.filter(pk__in=[s.pk for s in yangdong["stores"]])
    required = check(yangdong["government"], yangdong["boundary"]).required_stores
    # Close stores until one fewer than required stay open inside.
    result = check(yangdong["government"], yangdong["boundary"])
    to_close = result.open_stores - (required - 1)
    ids = services.selectors.open_store_ids_inside(yangdong["government"], geo.validate_geometry(yangdong["boundary"]))
    inside.filter(pk__in=ids[:to_close]).update(status=Store.Status.CLOSED, closed_on=datetime.date(2026, 1, 1))

    result = check(yangdong["government"], yangdong["boundary"])
    assert failing_keys(result) == [criteria.STORE_DENSITY]
    assert result.open_stores == required - 1
    assert result.get(criteria.STORE_DENSITY).values["required_stores"] == required


def test_same_boundary_with_too_little_consent_fails_only_on_consent(yangdong):
    result = check(yangdong["government"], yangdong["boundary"], merchants_total=100, merchants_consenting=49)
    assert failing_keys(result) == [criteria.CONSENT]
    consent = result.get(criteria.CONSENT)
    assert consent.values["required_consenting"] == 50
    assert "49" in consent.message and "100" in consent.message
    assert check(yangdong["government"], yangdong["boundary"], merchants_total=100,
                 merchants_consenting=50).passed  # exactly half is enough (½)


def test_same_boundary_overlapping_a_designated_district_fails_only_on_overlap(yangdong, official):
    other = make_district(official, shifted(yangdong["boundary"], east_m=40), status="designated",
                          name="겹치는 골목형상점가", exception_reason="조례 제5조 단서에 따른 특례")
    result = check(yangdong["government"], yangdong["boundary"])
    assert failing_keys(result) == [criteria.NO_OVERLAP]
    overlap = result.get(criteria.NO_OVERLAP)
    assert [o["code"] for o in overlap.values["overlaps"]] == [other.code]
    assert overlap.values["overlaps"][0]["area_m2"] > 1000
    assert other.name in overlap.message


def test_a_draft_or_the_district_itself_is_no_overlap(yangdong, official):
    draft = make_district(official, yangdong["boundary"], status="submitted")
    assert check(yangdong["government"], yangdong["boundary"]).passed  # drafts and submitted do not count
    result = services.district_check_criteria(local_government=yangdong["government"],
                                              boundary=yangdong["boundary"], exclude_district_id=draft.pk)
    assert criteria.NO_OVERLAP not in failing_keys(result)


def test_missing_organisation_fails_only_on_organisation(yangdong):
    result = check(yangdong["government"], yangdong["boundary"], organization_name="  ")
    assert failing_keys(result) == [criteria.ORGANIZATION]


def test_a_boundary_outside_the_government_fails_within(seogu):
    # A square in 북구 (말바우시장), outside every 서구 dong.
    outside = {"type": "Polygon", "coordinates": [[[126.9270, 35.1760], [126.9290, 35.1760], [126.9290, 35.1775],
                                                   [126.9270, 35.1775], [126.9270, 35.1760]]]}
    result = check(seogu, outside)
    assert criteria.WITHIN_GOVERNMENT in failing_keys(result)
    assert result.get(criteria.WITHIN_GOVERNMENT).values["outside_m2"] == pytest.approx(result.area_m2, rel=0.01)
    assert result.dong_ids == []


def test_density_rule_scales_with_area_as_the_issue_states():
    rule = {"min_stores": 15, "reference_area_m2": 2000}
    assert criteria.required_store_count(area_m2=1000, **rule) == 15  # never below the minimum
    assert criteria.required_store_count(area_m2=2000, **rule) == 15
    assert criteria.required_store_count(area_m2=3000, **rule) == 23
    assert criteria.required_store_count(area_m2=4000, **rule) == 30
    assert criteria.required_store_count(area_m2=4000.4, **rule) == 31
    assert criteria.required_consent(merchants_total=41, consent_ratio="0.5") == 21


def test_area_of_a_known_square_in_epsg5186_within_half_a_percent(seogu):
    to_tm = Transformer.from_crs("EPSG:4326", "EPSG:5186", always_xy=True)
    back = Transformer.from_crs("EPSG:5186", "EPSG:4326", always_xy=True)
    x0, y0 = to_tm.transform(126.8500, 35.1500)  # 치평동 area
    ring = [back.transform(x, y) for x, y in [(x0, y0), (x0 + 60, y0), (x0 + 60, y0 + 50), (x0, y0 + 50), (x0, y0)]]
    result = check(seogu, {"type": "Polygon", "coordinates": [ring]})
    assert result.area_m2 == pytest.approx(3000, rel=0.005)
    assert result.required_stores == 23


@pytest.mark.parametrize(("boundary", "expected"), [
    ({"type": "Point", "coordinates": [126.9029, 35.1538]}, "Point"),
    ({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.153], [126.903, 35.154]]]}, "4"),
    ({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.153], [126.903, 35.154],
                                          [126.902, 35.154], [126.9021, 35.1531]]]}, "closed"),
    ({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.154], [126.903, 35.153],
                                          [126.902, 35.154], [126.902, 35.153]]]}, "crosses itself"),
])
def test_invalid_boundaries_are_refused_with_a_message(seogu, boundary, expected):
    with translation.override("en"), pytest.raises(DomainError) as excinfo:
        check(seogu, boundary)
    assert excinfo.value.field == "boundary"
    assert expected in str(excinfo.value)

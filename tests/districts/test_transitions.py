"""Every district transition through districts.services: allowed path, wrong state, wrong
persona, repeated call; store re-assignment; the event history; optimistic versions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ConflictError, DomainError, TransitionError
from districts import criteria, geo, services
from districts.models import DesignationEvent, District
from merchants.models import Store
from tests.districts.factories import (
    PASSING_FACTS,
    load_yangdong_market_stores,
    make_district,
    scatter_stores,
    shifted,
    square_in_chipyeong,
    yangdong_market_boundary,
)

Status, Kind = District.Status, DesignationEvent.Kind
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def boundary(seogu):
    load_yangdong_market_stores(seogu)
    return yangdong_market_boundary(seogu)


def designate(official, district, **extra):
    values = {"designated_on": DAY, "notice_number": f"서구 고시 제2026-{district.pk}호", **extra}
    return services.district_designate(official=official, district_id=district.pk, **values)


def kinds(district):
    return list(district.events.order_by("id").values_list("kind", flat=True))


# --- The allowed path ------------------------------------------------------------------------

def test_draft_submit_designate_records_every_step_and_assigns_the_stores(official, boundary):
    district = services.district_create_draft(official=official, name="양동시장 골목형상점가", boundary=boundary,
                                              **PASSING_FACTS)
    assert (district.status, district.version, district.code) == (Status.DRAFT, 1, "29140-001")
    assert district.area_m2 == pytest.approx(geo.area_m2(boundary), rel=1e-6)
    assert district.store_count >= 330
    assert set(district.dongs.values_list("name", flat=True)) <= {"양동", "양3동"}
    assert not Store.objects.filter(district=district).exists()  # a draft holds no store

    district = services.district_submit(official=official, district_id=district.pk, expected_version=1)
    assert (district.status, district.version) == (Status.SUBMITTED, 2)

    district = designate(official, district, expected_version=2)
    assert (district.status, district.version, district.designated_on) == (Status.DESIGNATED, 3, DAY)
    inside = set(services.selectors.store_points_in_bbox(official.local_government, geo.validate_geometry(boundary),
                                                         open_only=False)[0])
    held = set(Store.objects.filter(district=district).values_list("id", flat=True))
    assert len(held) == district.store_count and held <= inside

    assert kinds(district) == [Kind.CREATED, Kind.SUBMITTED, Kind.DESIGNATED]
    event = district.events.get(kind=Kind.DESIGNATED)
    assert (event.actor, event.from_status, event.to_status, event.version) == (official, "submitted", "designated", 3)
    assert event.criteria["passed"] is True and event.boundary == district.boundary
    assert event.data["stores_assigned"] == len(held)
    assert event.data["notice_number"] == district.notice_number


def test_codes_are_numbered_per_government_unless_given(official, boundary):
    first = make_district(official, boundary)
    second = make_district(official, shifted(boundary, east_m=-2000), name="다른 골목")
    assert (first.code, second.code) == ("29140-001", "29140-002")
    with pytest.raises(DomainError) as excinfo:
        make_district(official, boundary, code="29140-001")
    assert excinfo.value.field == "code"


# --- Refusals ----------------------------------------------------------------------------------

def test_designation_is_refused_while_a_criterion_fails_unless_an_exception_is_recorded(official, boundary):
    district = make_district(official, boundary, status="submitted", merchants_consenting=10)
    with pytest.raises(DomainError) as excinfo:
        designate(official, district)
    assert excinfo.value.field == "exception_reason"
    assert "동의" in str(excinfo.value) or "consent" in str(excinfo.value).lower()
    district.refresh_from_db()
    assert district.status == Status.SUBMITTED and not Store.objects.filter(district=district).exists()

    district = designate(official, district, exception_reason="조례 제4조 단서: 전통시장 인접 특례")
    assert district.status == Status.DESIGNATED
    assert district.exception_reason == "조례 제4조 단서: 전통시장 인접 특례"
    event = district.events.get(kind=Kind.DESIGNATED)
    assert event.reason == district.exception_reason and event.data["exception"] is True
    assert event.criteria["passed"] is False


def test_an_overlap_cannot_be_waived_by_an_exception(official, boundary):
    make_district(official, boundary, status="designated")
    second = make_district(official, shifted(boundary, east_m=30), status="submitted", name="겹치는 골목")
    with pytest.raises(DomainError) as excinfo:
        designate(official, second, exception_reason="특례")
    assert "overlap" in str(excinfo.value).lower() or "겹" in str(excinfo.value)
    assert District.objects.get(pk=second.pk).status == Status.SUBMITTED


def test_touching_districts_may_both_be_designated(official, seogu):
    west = square_in_chipyeong(20, east_m=-20)
    east = square_in_chipyeong(20, east_m=20)  # shares the x = centre edge with `west`
    scatter_stores(seogu, west, 20, seed=1)
    scatter_stores(seogu, east, 20, seed=2)
    a = make_district(official, west, status="designated", name="서쪽")
    b = make_district(official, east, status="designated", name="동쪽")
    assert (a.status, b.status) == (Status.DESIGNATED, Status.DESIGNATED)
    assert not set(a.stores.values_list("id", flat=True)) & set(b.stores.values_list("id", flat=True))


@pytest.mark.parametrize(("action", "from_status"), [
    ("submit", "submitted_then_designated"), ("designate", "draft"), ("amend", "submitted"), ("revoke", "draft"),
    ("revoke", "submitted"), ("update", "designated"),
])
def test_wrong_state_is_refused(official, boundary, action, from_status):
    status = "designated" if from_status == "submitted_then_designated" else from_status
    district = make_district(official, boundary, status=status)
    calls = {
        "submit": lambda: services.district_submit(official=official, district_id=district.pk),
        "designate": lambda: designate(official, district),
        "amend": lambda: services.district_amend_boundary(official=official, district_id=district.pk,
                                                          boundary=shifted(boundary, east_m=5), reason="변경"),
        "revoke": lambda: services.district_revoke(official=official, district_id=district.pk,
                                                   ground="criteria_not_met"),
        "update": lambda: services.district_update_draft(official=official, district_id=district.pk,
                                                         expected_version=district.version, name="새 이름",
                                                         boundary=boundary, **PASSING_FACTS),
    }
    before = (district.status, district.version, district.events.count())
    with pytest.raises(TransitionError):
        calls[action]()
    district.refresh_from_db()
    assert (district.status, district.version, district.events.count()) == before


@pytest.mark.parametrize("persona", ["merchant_a", "official_other"])
@pytest.mark.parametrize("action", ["update", "submit", "designate", "amend", "revoke"])
def test_wrong_persona_is_refused(request, official, boundary, persona, action):
    intruder = request.getfixturevalue(persona)
    status = {"update": "draft", "submit": "draft", "designate": "submitted",
              "amend": "designated", "revoke": "designated"}[action]
    district = make_district(official, boundary, status=status)
    calls = {
        "update": lambda: services.district_update_draft(official=intruder, district_id=district.pk,
                                                         expected_version=district.version, name="침입",
                                                         boundary=boundary),
        "submit": lambda: services.district_submit(official=intruder, district_id=district.pk),
        "designate": lambda: designate(intruder, district),
        "amend": lambda: services.district_amend_boundary(official=intruder, district_id=district.pk,
                                                          boundary=shifted(boundary, east_m=5), reason="침입"),
        "revoke": lambda: services.district_revoke(official=intruder, district_id=district.pk, ground="fraud"),
    }
    count = District.objects.count()
    with pytest.raises(PermissionDenied):
        calls[action]()
    district.refresh_from_db()
    assert district.status == status and District.objects.count() == count


def test_creating_is_for_officials_and_only_inside_their_own_government(merchant_a, official_other, boundary):
    with pytest.raises(PermissionDenied):
        services.district_create_draft(official=merchant_a, name="침입", boundary=boundary, **PASSING_FACTS)
    with pytest.raises(DomainError) as excinfo:  # a 서구 boundary is outside 북구
        services.district_create_draft(official=official_other, name="침입", boundary=boundary, **PASSING_FACTS)
    assert excinfo.value.field == "boundary" and "북구" in str(excinfo.value)
    assert not District.objects.exists()


# --- Repeated calls are harmless ----------------------------------------------------------------

def test_repeated_calls_change_nothing(official, boundary):
    district = make_district(official, boundary, status="draft")
    values = {"name": district.name, "boundary": boundary, **PASSING_FACTS}
    again = services.district_update_draft(official=official, district_id=district.pk, expected_version=1, **values)
    assert again.version == 1 and kinds(district) == [Kind.CREATED]  # same data: no new version, no event

    services.district_submit(official=official, district_id=district.pk, expected_version=1)
    services.district_submit(official=official, district_id=district.pk, expected_version=1)  # double click
    designate(official, district, expected_version=2)
    held = set(Store.objects.filter(district=district).values_list("id", flat=True))
    designate(official, district, expected_version=2)
    services.district_amend_boundary(official=official, district_id=district.pk, boundary=boundary, reason="동일")
    services.district_revoke(official=official, district_id=district.pk, ground="fraud", expected_version=3)
    services.district_revoke(official=official, district_id=district.pk, ground="fraud", expected_version=3)
    district.refresh_from_db()
    assert kinds(district) == [Kind.CREATED, Kind.SUBMITTED, Kind.DESIGNATED, Kind.REVOKED]
    assert district.version == 4 and len(held) > 300
    assert not Store.objects.filter(district=district).exists()


# --- Amendment and revocation move the stores ---------------------------------------------------

def test_amending_the_boundary_reassigns_the_stores_and_keeps_every_version(official, seogu):
    first = square_in_chipyeong(30)  # 3,600 m²: 27 stores needed
    west_stores = scatter_stores(seogu, square_in_chipyeong(15, east_m=-15), 30, seed=3)
    east_stores = scatter_stores(seogu, square_in_chipyeong(15, east_m=45), 30, seed=4)
    district = make_district(official, first, status="designated", name="이동 골목")
    assert set(district.stores.values_list("id", flat=True)) == {s.pk for s in west_stores}

    moved = square_in_chipyeong(30, east_m=30)  # now covers the east stores, not the west ones
    district = services.district_amend_boundary(official=official, district_id=district.pk, boundary=moved,
                                                reason="상인회 요청에 따른 구역 조정", expected_version=3)
    assert set(district.stores.values_list("id", flat=True)) == {s.pk for s in east_stores}
    assert not Store.objects.filter(pk__in=[s.pk for s in west_stores], district__isnull=False).exists()
    assert (district.status, district.version) == (Status.DESIGNATED, 4)

    events = list(district.events.order_by("id"))
    assert [e.kind for e in events] == [Kind.CREATED, Kind.SUBMITTED, Kind.DESIGNATED, Kind.AMENDED]
    assert geo.validate_geometry(events[2].boundary).equals(geo.validate_geometry(first))
    assert geo.validate_geometry(events[3].boundary).equals(geo.validate_geometry(moved))
    assert events[3].reason == "상인회 요청에 따른 구역 조정"
    assert (events[3].data["stores_assigned"], events[3].data["stores_released"]) == (30, 30)


def test_amendment_needs_a_reason_and_passing_criteria(official, seogu):
    scatter_stores(seogu, square_in_chipyeong(15), 20, seed=5)
    district = make_district(official, square_in_chipyeong(15), status="designated")
    with pytest.raises(DomainError) as excinfo:
        services.district_amend_boundary(official=official, district_id=district.pk,
                                         boundary=square_in_chipyeong(15, east_m=3), reason=" ")
    assert excinfo.value.field == "reason"
    huge = square_in_chipyeong(80)  # 25,600 m² needs 192 stores; 20 are there
    with pytest.raises(DomainError) as excinfo:
        services.district_amend_boundary(official=official, district_id=district.pk, boundary=huge, reason="확장")
    assert excinfo.value.field == "exception_reason"
    district.refresh_from_db()
    assert district.area_m2 == pytest.approx(900, rel=0.01) and district.version == 3


def test_revocation_releases_the_stores_and_needs_text_for_other(official, boundary):
    district = make_district(official, boundary, status="designated")
    assert Store.objects.filter(district=district).count() > 300
    with pytest.raises(DomainError) as excinfo:
        services.district_revoke(official=official, district_id=district.pk, ground="other", text="")
    assert excinfo.value.field == "text"
    with pytest.raises(DomainError):
        services.district_revoke(official=official, district_id=district.pk, ground="made-up")
    district = services.district_revoke(official=official, district_id=district.pk, ground="other",
                                        text="상인조직 해산", revoked_on=DAY)
    assert (district.status, district.revocation_ground, district.revocation_text, district.revoked_on) == (
        Status.REVOKED, "other", "상인조직 해산", DAY)
    assert not Store.objects.filter(district=district).exists()
    event = district.events.get(kind=Kind.REVOKED)
    assert event.reason == "상인조직 해산" and event.data["stores_released"] > 300

    # A revoked district no longer blocks a new designation of the same area.
    again = make_district(official, boundary, status="designated", name="재지정 골목",
                          notice_number="서구 고시 제2026-99호")
    assert Store.objects.filter(district=again).count() > 300


def test_a_store_on_a_shared_edge_stays_with_the_first_district(official, seogu):
    west = square_in_chipyeong(20, east_m=-20)
    east = square_in_chipyeong(20, east_m=20)
    scatter_stores(seogu, west, 20, seed=6)
    scatter_stores(seogu, east, 20, seed=7)
    shared_lon = geo.validate_geometry(west).bounds[2]
    edge_store = Store.objects.create(local_government=seogu, name="경계상점", lon=shared_lon,
                                      lat=geo.validate_geometry(west).centroid.y)
    a = make_district(official, west, status="designated", name="서쪽")
    b = make_district(official, east, status="designated", name="동쪽")
    edge_store.refresh_from_db()
    assert edge_store.district == a
    assert not b.stores.filter(pk=edge_store.pk).exists()


# --- Invalid input --------------------------------------------------------------------------------

@pytest.mark.parametrize(("boundary", "field"), [
    ({"type": "Point", "coordinates": [126.9029, 35.1538]}, "boundary"),
    ({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.154], [126.903, 35.153],
                                          [126.902, 35.154], [126.902, 35.153]]]}, "boundary"),
    ({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.153], [126.903, 35.154],
                                          [126.902, 35.154]]]}, "boundary"),
    # 말바우시장 in 북구: outside every 서구 dong
    ({"type": "Polygon", "coordinates": [[[126.9270, 35.1760], [126.9290, 35.1760], [126.9290, 35.1775],
                                          [126.9270, 35.1775], [126.9270, 35.1760]]]}, "boundary"),
    ("", "boundary"),
])
def test_invalid_boundaries_save_nothing(official, boundary, field):
    with pytest.raises(DomainError) as excinfo:
        services.district_create_draft(official=official, name="잘못된 구역", boundary=boundary, **PASSING_FACTS)
    assert excinfo.value.field == field
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(excinfo.value))  # a Korean message
    assert not District.objects.exists() and not DesignationEvent.objects.exists()


def test_consent_above_total_and_missing_name_are_refused(official, boundary):
    with pytest.raises(DomainError) as excinfo:
        services.district_create_draft(official=official, name="골목", boundary=boundary,
                                       merchants_total=10, merchants_consenting=11)
    assert excinfo.value.field == "merchants_consenting"
    with pytest.raises(DomainError) as excinfo:
        services.district_create_draft(official=official, name=" ", boundary=boundary)
    assert excinfo.value.field == "name"
    assert not District.objects.exists()


# --- Optimistic concurrency ---------------------------------------------------------------------

def test_two_officials_saving_the_same_draft_one_wins_the_other_gets_a_conflict(official, boundary, seogu):
    from tests.conftest import make_user

    colleague = make_user("official_seogu_2", role="official", local_government=seogu)
    district = make_district(official, boundary)
    loaded_version = district.version  # both opened the edit form at version 1
    services.district_update_draft(official=official, district_id=district.pk, expected_version=loaded_version,
                                   name="양동시장 먹거리 골목형상점가", boundary=boundary, **PASSING_FACTS)
    with pytest.raises(ConflictError) as excinfo:
        services.district_update_draft(official=colleague, district_id=district.pk, expected_version=loaded_version,
                                       name="양동 전통 골목형상점가", boundary=boundary, **PASSING_FACTS)
    assert excinfo.value.field is None
    assert "2" in str(excinfo.value)
    district.refresh_from_db()
    assert (district.name, district.version) == ("양동시장 먹거리 골목형상점가", 2)
    assert kinds(district) == [Kind.CREATED, Kind.UPDATED]


def test_a_stale_version_cannot_designate(official, boundary):
    district = make_district(official, boundary, status="submitted")
    with pytest.raises(ConflictError):
        designate(official, district, expected_version=1)
    assert District.objects.get(pk=district.pk).status == Status.SUBMITTED


def test_criteria_of_a_saved_district_exclude_itself(official, boundary):
    district = make_district(official, boundary, status="designated")
    result = services.district_criteria(district)
    assert result.get(criteria.NO_OVERLAP).passed

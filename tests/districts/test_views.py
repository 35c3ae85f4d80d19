"""The officials' district pages: personas, forms (draw or upload), conflicts, exports."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from districts import geo, services
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
from tests.factories import IndustryCategoryFactory
from tests.privacy_utils import export_with_reason

LIST = reverse("districts:district_list")
CREATE = reverse("districts:district_create")


@pytest.fixture
def boundary(seogu):
    load_yangdong_market_stores(seogu)
    return yangdong_market_boundary(seogu)


def form_data(boundary, **overrides):
    data = {"name": "양동시장 골목형상점가", "code": "", "boundary": json.dumps(boundary), **PASSING_FACTS}
    data.update(overrides)
    return data


def korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def detail(district):
    return reverse("districts:district_detail", args=[district.pk])


# --- Personas on every page --------------------------------------------------------------------

def district_urls(district):
    return [LIST, CREATE, detail(district), reverse("districts:district_update", args=[district.pk]),
            reverse("districts:district_designate", args=[district.pk]),
            reverse("districts:district_revoke", args=[district.pk]),
            reverse("districts:district_amend", args=[district.pk]),
            reverse("districts:district_notice", args=[district.pk]),
            reverse("districts:district_export_xlsx"), reverse("districts:district_export_geojson"),
            reverse("districts:district_boundary_geojson", args=[district.pk])]


def test_anonymous_goes_to_login_and_merchant_is_refused(client, merchant_a_client, official, boundary):
    district = make_district(official, boundary, status="designated")
    for url in district_urls(district):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
        assert merchant_a_client.get(url).status_code == 403, url


def test_another_governments_official_gets_404_on_every_district_page(other_official_client, official, boundary):
    district = make_district(official, boundary, status="designated")
    for url in district_urls(district)[2:]:
        if "export" in url:
            continue
        assert other_official_client.get(url).status_code == 404, url
    assert other_official_client.post(reverse("districts:district_submit", args=[district.pk])).status_code == 404
    listing = other_official_client.get(LIST).content.decode()
    assert district.name not in listing  # their list shows only 북구's districts


# --- List ---------------------------------------------------------------------------------------

def test_list_shows_filters_the_map_data_and_a_fixed_number_of_queries(official_client, official, seogu,
                                                                       django_assert_max_num_queries):
    for i in range(3):
        where = square_in_chipyeong(15, east_m=60 * (i % 4), north_m=60 * (i // 4))
        scatter_stores(seogu, where, 20 + i, seed=i)
        make_district(official, where, status="designated" if i else "draft", name=f"치평동 골목 {i}")
    with django_assert_max_num_queries(12) as few:
        official_client.get(LIST)
    for i in range(3, 12):
        where = square_in_chipyeong(15, east_m=60 * (i % 4), north_m=60 * (i // 4))
        scatter_stores(seogu, where, 20, seed=i)
        make_district(official, where, name=f"치평동 골목 {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = official_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["shown_ids"]) == 12 and response.context["total"] == 12
    assert 'role="region"' in html and "치평동 골목 11" in html and "치평동 골목 0" in html  # the rows are shown
    assert html.count('<th scope="row">') == 12

    def shown(**params):
        response = official_client.get(LIST, params)
        ids = response.context["shown_ids"]
        return sorted(District.objects.filter(pk__in=ids).values_list("name", flat=True))

    assert shown(status="designated") == ["치평동 골목 1", "치평동 골목 2"]
    assert shown(stores_min=21, stores_max=21) == ["치평동 골목 1"]
    assert len(shown(dong="29140745")) == 12  # 치평동
    assert shown(dong="29140575") == []  # 양동
    bad = official_client.get(LIST, {"stores_min": "-3"})
    assert bad.status_code == 200 and bad.context["shown_ids"] == []
    assert korean(bad.content.decode())


def test_list_pages_through_the_districts_without_reading_their_boundaries(official_client, official, seogu,
                                                                         django_assert_max_num_queries):
    where = square_in_chipyeong(15)
    base = make_district(official, where, name="골목 000", code="SG-000")
    District.objects.bulk_create([District(local_government=seogu, code=f"SG-{i:03d}", name=f"골목 {i:03d}",
                                           boundary=base.boundary, area_m2=base.area_m2) for i in range(1, 60)])
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as queries:
        first = official_client.get(LIST)
    assert first.context["total"] == 60 and first.context["page_obj"].paginator.num_pages == 2
    assert [d.code for d in first.context["districts"]][:2] == ["SG-000", "SG-001"]
    assert len(first.context["districts"]) == 50 and "골목 049" in first.content.decode()
    assert not any('"boundary"' in q["sql"] for q in queries.captured_queries)  # only the shapes endpoint reads it
    second = official_client.get(LIST, {"page": 2})
    assert [d.code for d in second.context["districts"]] == [f"SG-{i:03d}" for i in range(50, 60)]
    assert "골목 059" in second.content.decode() and "골목 049" not in second.content.decode()
    assert len(second.context["shown_ids"]) == 60  # the map still shows every matching district


# --- Create: draw or upload ------------------------------------------------------------------

def test_drawing_and_saving_a_draft(official_client, boundary):
    response = official_client.post(CREATE, form_data(boundary))
    district = District.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(district)
    assert (district.status, district.name, district.created_by.username) == ("draft", "양동시장 골목형상점가",
                                                                              "official_seogu")
    page = official_client.get(detail(district)).content.decode()
    assert "양동시장골목상인회" in page and "초안 등록" in page
    assert official_client.get(CREATE).status_code == 200


def test_uploading_a_geojson_feature_file(official_client, boundary):
    feature = {"type": "Feature", "properties": {"name": "양동"}, "geometry": boundary}
    upload = SimpleUploadedFile("yangdong.geojson", json.dumps(feature).encode(), "application/geo+json")
    response = official_client.post(CREATE, {**form_data(boundary), "boundary": "", "boundary_file": upload})
    assert response.status_code == 302
    assert District.objects.get().area_m2 > 40_000


@pytest.mark.parametrize(("boundary_text", "expected"), [
    (json.dumps({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.154], [126.903, 35.153],
                                                      [126.902, 35.154], [126.902, 35.153]]]}), "교차"),
    (json.dumps({"type": "Polygon", "coordinates": [[[126.902, 35.153], [126.903, 35.153], [126.903, 35.154],
                                                      [126.902, 35.154]]]}), "닫혀"),
    (json.dumps({"type": "Point", "coordinates": [126.9029, 35.1538]}), "Point"),
    (json.dumps({"type": "Polygon", "coordinates": [[[126.9270, 35.1760], [126.9290, 35.1760], [126.9290, 35.1775],
                                                      [126.9270, 35.1775], [126.9270, 35.1760]]]}), "행정동 밖"),
    ("", "경계를 그리거나"),
    ("{not json", "GeoJSON"),
])
def test_invalid_boundaries_are_refused_in_korean_keeping_the_input(official_client, seogu, boundary_text, expected):
    response = official_client.post(CREATE, {**form_data({}), "boundary": boundary_text, "name": "내 골목"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("boundary", []))
    assert expected in errors and korean(errors), errors
    assert response.context["form"]["name"].value() == "내 골목"
    assert not District.objects.exists() and not DesignationEvent.objects.exists()


def test_a_5_mb_geojson_upload_is_refused_and_nothing_saved(official_client, boundary):
    ring = [[126.90 + i * 1e-7, 35.15] for i in range(160_000)]
    big = json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]}).encode()
    big += b" " * max(0, 5 * 1024 * 1024 - len(big))
    assert len(big) >= 5 * 1024 * 1024
    upload = SimpleUploadedFile("huge.geojson", big, "application/geo+json")
    response = official_client.post(CREATE, {**form_data(boundary), "boundary_file": upload})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["boundary_file"])
    assert "5.0" in errors and "2.0" in errors and korean(errors), errors
    assert response.context["form"]["name"].value() == "양동시장 골목형상점가"
    assert not District.objects.exists()


def test_consent_above_total_comes_back_on_its_field(official_client, boundary):
    response = official_client.post(CREATE, form_data(boundary, merchants_total=10, merchants_consenting=12))
    assert response.status_code == 200
    assert korean(" ".join(response.context["form"].errors["merchants_consenting"]))
    assert not District.objects.exists()


# --- Edit with optimistic concurrency -----------------------------------------------------------

def test_a_stale_edit_gets_a_conflict_message_keeps_the_input_and_can_then_be_saved(official_client, official,
                                                                                    boundary):
    district = make_district(official, boundary)
    url = reverse("districts:district_update", args=[district.pk])
    first = official_client.post(url, form_data(boundary, name="먼저 저장한 이름", version=1))
    assert first.status_code == 302

    second = official_client.post(url, form_data(boundary, name="나중에 저장한 이름", version=1))
    assert second.status_code == 200
    form = second.context["form"]
    message = " ".join(form.non_field_errors())
    assert "다른 담당자" in message
    assert form["name"].value() == "나중에 저장한 이름"  # their input is kept
    assert form["version"].value() == "2"  # a deliberate second save goes through
    district.refresh_from_db()
    assert (district.name, district.version) == ("먼저 저장한 이름", 2)

    third = official_client.post(url, form_data(boundary, name="나중에 저장한 이름", version=2))
    assert third.status_code == 302
    district.refresh_from_db()
    assert (district.name, district.version) == ("나중에 저장한 이름", 3)


def test_a_designated_district_is_not_edited_as_a_draft(official_client, official, boundary):
    district = make_district(official, boundary, status="designated")
    response = official_client.get(reverse("districts:district_update", args=[district.pk]))
    assert response.status_code == 302 and response["Location"] == detail(district)


# --- Transitions from the pages -----------------------------------------------------------------

def test_submit_designate_amend_revoke_from_the_pages(official_client, official, boundary):
    district = make_district(official, boundary)
    submit = reverse("districts:district_submit", args=[district.pk])
    assert official_client.get(submit).status_code == 405
    assert official_client.post(submit, {"version": 1}).status_code == 302
    assert official_client.post(submit, {"version": 1}).status_code == 302  # repeat: harmless
    district.refresh_from_db()
    assert (district.status, district.events.count()) == ("submitted", 2)

    designate = reverse("districts:district_designate", args=[district.pk])
    page = official_client.get(designate)
    assert page.status_code == 200 and "모든 기준을 충족합니다" in page.content.decode()
    bad = official_client.post(designate, {"designated_on": "2026-03-02", "notice_number": " ", "version": 2})
    assert bad.status_code == 200 and korean(" ".join(bad.context["form"].errors["notice_number"]))
    done = official_client.post(designate, {"designated_on": "2026-03-02", "notice_number": "서구 고시 제2026-7호",
                                            "version": 2})
    assert done.status_code == 302
    district.refresh_from_db()
    assert district.status == "designated" and Store.objects.filter(district=district).count() > 300
    assert official_client.get(designate).status_code == 302  # already designated

    amend = reverse("districts:district_amend", args=[district.pk])
    assert official_client.get(amend).status_code == 200
    smaller = shifted(boundary, east_m=-3)
    moved = official_client.post(amend, {"boundary": json.dumps(smaller), "reason": "도로 경계에 맞춤",
                                         "version": 3})
    assert moved.status_code == 302
    assert district.events.filter(kind="amended").count() == 1

    revoke = reverse("districts:district_revoke", args=[district.pk])
    missing_text = official_client.post(revoke, {"ground": "other", "text": "", "revoked_on": "2026-04-01",
                                                 "version": 4})
    assert missing_text.status_code == 200 and korean(" ".join(missing_text.context["form"].errors["text"]))
    assert official_client.post(revoke, {"ground": "suspended", "revoked_on": "2026-04-01",
                                         "version": 4}).status_code == 302
    district.refresh_from_db()
    assert district.status == "revoked" and not Store.objects.filter(district=district).exists()
    notice = official_client.get(reverse("districts:district_notice", args=[district.pk])).content.decode()
    assert "지정 취소 고시" in notice and "2026년 4월 1일" in notice


def test_designation_with_a_failing_criterion_asks_for_an_exception(official_client, official, boundary):
    district = make_district(official, boundary, status="submitted", merchants_consenting=5)
    url = reverse("districts:district_designate", args=[district.pk])
    refused = official_client.post(url, {"designated_on": "2026-03-02", "notice_number": "제2026-8호", "version": 2})
    assert refused.status_code == 200
    assert "조례 특례" in " ".join(refused.context["form"].errors["exception_reason"])
    assert refused.context["form"]["notice_number"].value() == "제2026-8호"
    granted = official_client.post(url, {"designated_on": "2026-03-02", "notice_number": "제2026-8호", "version": 2,
                                         "exception_reason": "전통시장 활성화 특례(조례 제5조)"})
    assert granted.status_code == 302
    assert District.objects.get(pk=district.pk).status == "designated"


# --- Detail, notice and exports ---------------------------------------------------------------

def test_detail_page_shows_stores_by_industry_history_and_a_map(official_client, official, seogu):
    where = square_in_chipyeong(20)
    stores = scatter_stores(seogu, where, 30, seed=9)
    cafe = IndustryCategoryFactory(code="I21201", name="카페", parent=IndustryCategoryFactory(
        code="I212", name="비알코올", level=2, parent=IndustryCategoryFactory(code="I2", name="음식", level=1,
                                                                          parent=None)))
    Store.objects.filter(pk__in=[s.pk for s in stores[:12]]).update(industry=cafe)
    district = make_district(official, where, status="designated", name="치평동 카페거리 골목형상점가")
    response = official_client.get(detail(district))
    html = response.content.decode()
    assert response.status_code == 200
    majors = {m.name: m.count for m in response.context["industries"]}
    assert majors == {"음식": 12, "": 18}
    food = next(m for m in response.context["industries"] if m.code == "I2")
    assert [(c.code, c.name, c.count) for c in food.children] == [("I212", "비알코올", 12)]
    assert "미분류" in html and "비알코올" in html
    assert len(response.context["store_markers"]) == 30
    assert "변경 이력" in html and "지정" in html and 'role="region"' in html


def test_notice_is_printable_and_only_for_designated(official_client, official, boundary):
    draft = make_district(official, boundary)
    assert official_client.get(reverse("districts:district_notice", args=[draft.pk])).status_code == 302
    designated = make_district(official, square_in_chipyeong(10), name="치평 골목", status="submitted",
                               merchants_total=3, merchants_consenting=2)
    scatter_stores(official.local_government, square_in_chipyeong(10), 15, seed=11)
    services.district_designate(official=official, district_id=designated.pk, designated_on=datetime.date(2026, 5, 4),
                                notice_number="광주광역시 서구 고시 제2026-21호")
    html = official_client.get(reverse("districts:district_notice", args=[designated.pk])).content.decode()
    assert "골목형상점가 지정 고시" in html and "광주광역시 서구 고시 제2026-21호" in html
    assert "광주광역시 서구청장" in html and "districts.css" in html


def test_excel_export_has_korean_headers_and_the_filtered_rows(official_client, official, seogu):
    for i in range(2):
        where = square_in_chipyeong(15, east_m=60 * i)
        scatter_stores(seogu, where, 20, seed=20 + i)
        make_district(official, where, status="designated" if i else "draft", name=f"엑셀 골목 {i}")
    response = export_with_reason(official_client, reverse("districts:district_export_xlsx"), {"status": "designated"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("코드", "골목형상점가 명칭", "상태", "행정동")
    assert [r[1] for r in rows[1:]] == ["엑셀 골목 1"]
    assert rows[1][3] == "치평동" and rows[1][5] == 20


def test_geojson_downloads_keep_full_boundaries_and_every_version(official_client, official, boundary):
    district = make_district(official, boundary, status="designated")
    collection = json.loads(official_client.get(reverse("districts:district_export_geojson")).content)
    assert collection["type"] == "FeatureCollection"
    exported = geo.validate_geometry(collection["features"][0]["geometry"])
    assert exported.equals(geo.validate_geometry(district.boundary))
    event = district.events.get(kind="created")
    one = official_client.get(reverse("districts:district_event_boundary_geojson", args=[district.pk, event.pk]))
    assert one["Content-Type"] == "application/geo+json"
    assert json.loads(one.content)["geometry"] == event.boundary


def test_excel_export_keeps_formula_like_text_as_text_and_numbers_as_numbers(official_client, official, boundary):
    make_district(official, boundary, name='=HYPERLINK("http://evil.example","클릭")',
                  organization_representative="@SUM(A1)", organization_contact="+82 10-1234-5678")
    response = export_with_reason(official_client, reverse("districts:district_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for column, text in (("골목형상점가 명칭", '=HYPERLINK("http://evil.example","클릭")'), ("대표자", "@SUM(A1)"),
                         ("연락처", "+82 10-1234-5678")):
        # Shown as typed, stored as text (never a formula), as Excel stores a value typed with a leading '.
        assert (row[column].value, row[column].data_type, row[column].quotePrefix) == (text, "s", True)
    assert row["코드"].quotePrefix is False
    assert row["전체 상인 수"].data_type == "n" and row["전체 상인 수"].value == PASSING_FACTS["merchants_total"]


@pytest.mark.parametrize("code", ['서구"01\r\nX-Evil: 1', 'SG"01;x=.exe'])
def test_boundary_download_header_is_safe_for_any_typed_code(official_client, official, boundary, code):
    district = make_district(official, boundary, code=code)
    response = official_client.get(reverse("districts:district_boundary_geojson", args=[district.pk]))
    assert response.status_code == 200
    assert "X-Evil" not in response.headers
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename") and "\r" not in disposition and "\n" not in disposition
    if code.isascii():
        assert disposition == 'attachment; filename="SG\\"01;x=.exe.geojson"'
    else:
        assert disposition == "attachment; filename*=utf-8''%EC%84%9C%EA%B5%AC%2201%0D%0AX-Evil%3A%201.geojson"


@pytest.mark.parametrize(("content", "expected"), [
    (("[" * 100_000 + "]" * 100_000).encode(), "100,000단계"),  # RecursionError (500) before
    (b"", "비어"),
    (b"\n\n  {\"type\": ", "3번째 줄"),
])
def test_a_broken_geojson_file_is_refused_in_korean_without_parser_talk(official_client, seogu, content, expected):
    upload = SimpleUploadedFile("boundary.geojson", content, "application/geo+json")
    response = official_client.post(CREATE, {**form_data({}), "name": "내 골목", "boundary_file": upload})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["boundary_file"])
    assert expected in errors and korean(errors), errors
    assert "Expecting" not in errors and "line" not in errors
    assert not District.objects.exists()


def test_astronomical_merchant_counts_are_field_errors_not_an_overflow(official_client, official, boundary):
    district = make_district(official, boundary)
    url = reverse("districts:district_update", args=[district.pk])
    response = official_client.post(url, form_data(boundary, merchants_total="99999999999999999999999",
                                                   merchants_consenting="99999999999999999999999", version=1))
    assert response.status_code == 200
    form = response.context["form"]
    for field in ("merchants_total", "merchants_consenting"):
        assert "1,000,000 이하의 숫자를 입력해 주세요" in " ".join(form.errors[field])
    assert form["merchants_total"].value() == "99999999999999999999999"
    district.refresh_from_db()
    assert district.version == 1


@pytest.mark.parametrize("day", ["9999-12-31", "1999-12-31"])
def test_a_designation_date_outside_the_sane_range_is_refused(official_client, official, boundary, day):
    district = make_district(official, boundary, status="submitted")
    response = official_client.post(reverse("districts:district_designate", args=[district.pk]),
                                    {"designated_on": day, "notice_number": "서구 고시 제2026-7호",
                                     "version": district.version})
    assert response.status_code == 200
    assert "2000-01-01부터" in " ".join(response.context["form"].errors["designated_on"])
    district.refresh_from_db()
    assert district.status == "submitted" and district.designated_on is None

"""Officials' store pages: list and filters, detail, edit (no lost update), close/reopen, Excel export."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from districts.selectors import dong_locator
from merchants.models import IndustryCategory, Store, StoreEvent
from tests.factories import DistrictFactory, IndustryCategoryFactory
from tests.privacy_utils import export_with_reason

from .helpers import store_in

LIST = reverse("merchants:store_list")


def test_anonymous_goes_to_login_and_merchants_are_refused(client, merchant_a_client, seogu):
    store = store_in(seogu)
    for url in (LIST, reverse("merchants:store_detail", args=[store.pk]), reverse("merchants:store_export"),
                reverse("merchants:store_edit", args=[store.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert merchant_a_client.get(url).status_code == 403


def test_official_lists_only_their_governments_stores(official_client, official_other, seogu, bukgu):
    mine = store_in(seogu, name="서구상회")
    theirs = store_in(bukgu, name="북구상회")
    html = official_client.get(LIST).content.decode()
    assert mine.name in html and theirs.name not in html
    assert official_client.get(reverse("merchants:store_detail", args=[theirs.pk])).status_code == 404
    assert official_client.get(reverse("merchants:store_edit", args=[theirs.pk])).status_code == 404


def test_filters_by_name_dong_district_industry_status_and_review(official_client, seogu):
    district = DistrictFactory(local_government=seogu)
    cafe = IndustryCategoryFactory(code="I21201", name="카페", level=3, parent=IndustryCategory.objects.get_or_create(
        code="I212", defaults={"name": "비알코올", "level": 2, "parent": IndustryCategory.objects.get(code="I2")})[0])
    a = store_in(seogu, name="양동국밥", district=district)
    b = store_in(seogu, "치평동", name="상무카페", industry=cafe)
    hardware = IndustryCategoryFactory(code="G21001", name="철물/공구 소매업", level=3,
                                       parent=IndustryCategory.objects.get_or_create(code="G210", defaults={
                                           "name": "철물·건설자재 소매", "level": 2,
                                           "parent": IndustryCategory.objects.get(code="G2")})[0])
    c = store_in(seogu, "화정1동", name="화정철물", status=Store.Status.CLOSED, closed_on=datetime.date(2026, 1, 1),
                 needs_review=True, industry=hardware)

    def names(**params):
        response = official_client.get(LIST, params)
        assert response.status_code == 200
        return {s.name for s in response.context["stores"]}

    assert names() == {a.name, b.name, c.name}
    assert names(q="국밥") == {a.name}
    assert names(q=a.business_number[:6]) == {a.name}
    assert names(dong=b.dong_id) == {b.name}
    assert names(district=district.pk) == {a.name}
    assert names(industry="I2") == {a.name, b.name}  # major
    assert names(industry="I212") == {b.name}  # middle
    assert names(industry="I20101") == {a.name}  # minor
    assert names(industry="G2") == {c.name}
    assert names(industry="I21201") == {b.name}  # minor
    assert names(status="closed") == {c.name}
    assert names(needs_review="true") == {c.name}
    assert names(sort="-name") == {a.name, b.name, c.name}


def test_an_invalid_filter_shows_an_error_not_everything(official_client, seogu):
    store_in(seogu)
    response = official_client.get(LIST, {"dong": "99999999", "status": "nonsense"})
    assert response.status_code == 200
    assert list(response.context["stores"]) == []
    assert "올바르지 않습니다" in response.content.decode()


def test_list_runs_a_fixed_number_of_queries(official_client, seogu, django_assert_max_num_queries):
    district = DistrictFactory(local_government=seogu)
    for i in range(55):
        store_in(seogu, name=f"가게{i:02d}", district=district)
    with CaptureQueriesContext(connection) as few:
        assert official_client.get(LIST).status_code == 200
    for i in range(57):
        store_in(seogu, ["양동", "치평동", "화정1동"][i % 3], name=f"상점{i}", district=district)
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        response = official_client.get(LIST)
    assert len(response.context["stores"]) == 50
    assert len(many) == len(few)
    html = response.content.decode()
    assert "가게00" in html and "가게49" in html and "가게50" not in html  # the rows are shown, in name order
    assert html.count(district.name) >= 50 and "112" in html  # each row's district, and the total
    # A row reads no boundary (neither the dong's nor the district's) and sorts on the index's columns.
    rows_sql = next(q["sql"] for q in many.captured_queries if 'FROM "merchants_store"' in q["sql"]
                    and "LIMIT 50" in q["sql"])
    assert '"boundary"' not in rows_sql and '"road_address"' in rows_sql and '"phone"' not in rows_sql
    assert 'ORDER BY "merchants_store"."name" ASC, "merchants_store"."id" ASC' in rows_sql


def test_a_short_result_is_not_counted_again_but_a_full_page_is(official_client, seogu):
    for i in range(53):
        store_in(seogu, name=f"상점{i:02d}")
    store_in(seogu, name="양동국밥")

    def counts(params):
        with CaptureQueriesContext(connection) as queries:
            response = official_client.get(LIST, params)
        store_counts = [q for q in queries.captured_queries
                        if q["sql"].startswith("SELECT COUNT(*)") and 'FROM "merchants_store" WHERE' in q["sql"]]
        return response, len(store_counts)

    found, n = counts({"q": "국밥"})
    assert n == 0 and found.context["page_obj"].paginator.count == 1
    assert [s.name for s in found.context["stores"]] == ["양동국밥"] and "양동국밥" in found.content.decode()
    everything, n = counts({})
    assert n == 1 and everything.context["page_obj"].paginator.count == 54
    second, n = counts({"page": 2})
    assert n == 1 and [s.name for s in second.context["stores"]] == ["상점50", "상점51", "상점52", "양동국밥"]
    assert official_client.get(LIST, {"page": "x"}).context["page_obj"].number == 1  # as Django's get_page
    assert official_client.get(LIST, {"page": 99}).context["page_obj"].number == 2


def test_detail_shows_the_store_its_map_data_and_history(official_client, seogu):
    store = store_in(seogu, name="양동상회", phone="062-111-2222")
    StoreEvent.objects.create(store=store, kind=StoreEvent.Kind.UPDATED, reason="전화번호 확인")
    response = official_client.get(reverse("merchants:store_detail", args=[store.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "양동상회" in html and "062-111-2222" in html and "전화번호 확인" in html
    assert 'role="region"' in html and 'id="store-point"' in html and 'id="dong-data"' in html
    assert f"{store.business_number[:3]}-{store.business_number[3:5]}-" in html  # shown as XXX-XX-XXXXX


def edit_data(store, **overrides):
    data = {"version": store.version, "name": store.name, "branch": store.branch,
            "industry": store.industry_id or "", "market_name": store.market_name,
            "business_number": store.business_number, "road_address": store.road_address,
            "lot_address": store.lot_address, "floor": store.floor, "phone": store.phone,
            "opening_hours": store.opening_hours, "lon": store.lon, "lat": store.lat, "dong": store.dong_id or "",
            "review_note": store.review_note, "reason": ""}
    if store.needs_review:
        data["needs_review"] = "on"
    data.update(overrides)
    return data


def test_official_edits_a_store_and_the_change_is_recorded(official_client, official, seogu):
    store = store_in(seogu)
    url = reverse("merchants:store_edit", args=[store.pk])
    assert official_client.get(url).status_code == 200
    response = official_client.post(url, edit_data(store, name="새이름상회", phone="062-999-0000",
                                                   business_number="120-81-47521", reason="현장 확인"))
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.name, store.phone, store.business_number, store.version) == (
        "새이름상회", "062-999-0000", "1208147521", 2)
    event = store.events.get()
    assert event.actor == official and event.reason == "현장 확인" and event.changes["name"][1] == "새이름상회"
    # the same post again: stale version -> conflict, nothing lost, input kept
    again = official_client.post(url, edit_data(store, version=1, name="다른이름"))
    assert again.status_code == 409
    html = again.content.decode()
    assert "다른 사람이" in html and 'value="다른이름"' in html
    store.refresh_from_db()
    assert store.name == "새이름상회"


def test_moving_the_point_moves_the_dong_and_a_conflicting_choice_is_refused(official_client, seogu):
    store = store_in(seogu)
    chipyeong = seogu.dongs.get(name="치평동")
    lon, lat = (chipyeong.min_lon + chipyeong.max_lon) / 2, (chipyeong.min_lat + chipyeong.max_lat) / 2
    url = reverse("merchants:store_edit", args=[store.pk])
    refused = official_client.post(url, edit_data(store, lon=lon, lat=lat))  # still says 양동
    assert refused.status_code == 400 and "치평동" in refused.content.decode()
    assert official_client.post(url, edit_data(store, lon=lon, lat=lat, dong="")).status_code == 302
    store.refresh_from_db()
    assert store.dong == chipyeong


def test_a_point_outside_every_dong_takes_the_dong_chosen_by_hand(official_client, seogu):
    store = store_in(seogu, needs_review=True, review_note="확인 필요")
    url = reverse("merchants:store_edit", args=[store.pk])
    outside = {"lon": 126.9030, "lat": 35.1575}  # just north of 양동, outside 서구
    assert dong_locator(seogu).locate_one(outside["lon"], outside["lat"]) is None
    response = official_client.post(url, edit_data(store, dong=seogu.dongs.get(name="양동").pk, review_note="",
                                                   needs_review="", **outside))
    assert response.status_code == 302
    store.refresh_from_db()
    assert store.dong.name == "양동" and not store.needs_review


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "필수"),
    ("business_number", "120-81-47522", "검증"),
    ("lat", "", "경도와 위도"),
])
def test_bad_edit_input_is_refused_in_korean_and_kept(official_client, seogu, field, value, message):
    store = store_in(seogu)
    url = reverse("merchants:store_edit", args=[store.pk])
    response = official_client.post(url, edit_data(store, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    store.refresh_from_db()
    assert store.version == 1


def test_close_and_reopen_with_dates_each_once(official_client, official, seogu):
    store = store_in(seogu, opened_on=datetime.date(2020, 5, 1))
    close_url = reverse("merchants:store_close", args=[store.pk])
    reopen_url = reverse("merchants:store_reopen", args=[store.pk])
    assert official_client.get(reopen_url).status_code == 302  # open: nothing to reopen
    response = official_client.post(close_url, {"version": 1, "closed_on": "2026-03-31", "reason": "폐업 신고"})
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.status, store.closed_on) == (Store.Status.CLOSED, datetime.date(2026, 3, 31))
    event = store.events.get(kind=StoreEvent.Kind.CLOSED)
    assert (event.actor, event.effective_on, event.reason, event.from_status, event.to_status) == (
        official, datetime.date(2026, 3, 31), "폐업 신고", "open", "closed")
    again = official_client.post(close_url, {"version": store.version, "closed_on": "2026-04-01", "reason": "x"})
    assert again.status_code == 400 and "이미 폐업" in again.content.decode()
    early = official_client.post(reopen_url, {"version": store.version, "reopened_on": "2026-01-01", "reason": "재개"})
    assert early.status_code == 400 and "폐업일" in early.content.decode()
    assert official_client.post(reopen_url, {"version": store.version, "reopened_on": "2026-05-01",
                                             "reason": "영업 재개 확인"}).status_code == 302
    store.refresh_from_db()
    assert (store.status, store.closed_on, store.opened_on) == (Store.Status.OPEN, None, datetime.date(2026, 5, 1))
    assert store.events.filter(kind=StoreEvent.Kind.REOPENED).count() == 1


def test_closing_needs_a_past_date_and_a_reason(official_client, seogu):
    store = store_in(seogu, opened_on=datetime.date(2020, 5, 1))
    url = reverse("merchants:store_close", args=[store.pk])
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = official_client.post(url, {"version": 1, "closed_on": future, "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "오늘 이후" in html and "필수" in html
    before_opening = official_client.post(url, {"version": 1, "closed_on": "2019-01-01", "reason": "x"})
    assert before_opening.status_code == 400 and "개업일" in before_opening.content.decode()
    store.refresh_from_db()
    assert store.status == Store.Status.OPEN


def test_other_governments_official_cannot_close(other_official_client, seogu):
    store = store_in(seogu)
    response = other_official_client.post(reverse("merchants:store_close", args=[store.pk]),
                                          {"version": 1, "closed_on": "2026-01-01", "reason": "x"})
    assert response.status_code == 404


def test_excel_export_of_the_filtered_list_with_korean_headers(official_client, seogu, bukgu):
    store_in(seogu, name="양동국밥", business_number="1208147521", opened_on=datetime.date(2021, 3, 4))
    store_in(seogu, "치평동", name="치평카페")
    store_in(bukgu, name="북구가게")
    response = export_with_reason(official_client, reverse("merchants:store_export"), {"q": "국밥"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("출처", "점포 번호", "상호명", "지점명") and "사업자등록번호" in rows[0]
    assert len(rows) == 2
    header = rows[0]
    record = dict(zip(header, rows[1], strict=True))
    assert record["상호명"] == "양동국밥" and record["사업자등록번호"] == "120-81-47521"
    assert record["업종 대분류"] == "음식" and record["업종 소분류"] == "백반/한정식" and record["행정동"] == "양동"
    assert record["개업일"].date() == datetime.date(2021, 3, 4)
    everything = load_workbook(io.BytesIO(
        export_with_reason(official_client, reverse("merchants:store_export")).content)).active
    assert everything.max_row == 3  # both 서구 stores, not 북구's


def test_excel_export_keeps_formula_like_text_as_text(official_client, seogu):
    """Store names come from SEMAS files and merchants: =, +, -, @ at the start must not make a formula."""
    store_in(seogu, name="=cmd|' /C calc'!A0", branch="@SUM(A1)", phone="+82 62-000-0000")
    response = export_with_reason(official_client, reverse("merchants:store_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    record = dict(zip(header, sheet[2], strict=True))
    for column, text in (("상호명", "=cmd|' /C calc'!A0"), ("지점명", "@SUM(A1)"), ("전화번호", "+82 62-000-0000")):
        assert (record[column].value, record[column].data_type, record[column].quotePrefix) == (text, "s", True)
    assert record["경도"].data_type == "n"

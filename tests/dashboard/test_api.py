"""The dashboard's data endpoints: per persona, their content, caching and invalidation, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard import services
from merchants.models import Store
from sales.models import SalesReport
from tests.conftest import client_for
from tests.factories import StoreFactory

D = datetime.date
ENDPOINTS = ["/api/dashboard/districts.geojson", "/api/dashboard/stores.json", "/api/dashboard/kpis",
             "/api/dashboard/trends?scope=government", "/api/dashboard/breakdowns"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_and_merchants_are_refused(aggregated_world, client, merchant_a_client, url):
    assert client.get(url).status_code == 403
    assert merchant_a_client.get(url).status_code == 403


@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_official_of_the_government_gets_json(aggregated_world, official_client, url):
    response = official_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_an_official_of_another_government_sees_nothing_of_this_one(aggregated_world, other_official_client):
    w = aggregated_world
    # 북구 has no aggregated month: the month-based endpoints have nothing to show.
    assert other_official_client.get("/api/dashboard/districts.geojson").status_code == 404
    assert other_official_client.get("/api/dashboard/kpis?month=2025-03").status_code == 404
    # A 서구 district or dong is not found for them.
    assert other_official_client.get(f"/api/dashboard/districts/{w.d1.pk}?month=2025-03").status_code == 404
    assert other_official_client.get(f"/api/dashboard/trends?scope=district:{w.d1.pk}").status_code == 404
    assert other_official_client.get(f"/api/dashboard/trends?scope=dong:{w.dong_a.pk}").status_code == 404
    # Their stores.json holds only 북구's store X1.
    rows = other_official_client.get("/api/dashboard/stores.json").json()["rows"]
    assert [row[0] for row in rows] == [w.stores["X1"].pk]


def test_districts_geojson_has_the_designated_districts_with_the_months_indicators(aggregated_world,
                                                                                 official_client):
    body = official_client.get("/api/dashboard/districts.geojson?month=2025-03").json()
    assert body["type"] == "FeatureCollection" and body["month"] == "2025-03"
    by_code = {f["properties"]["code"]: f for f in body["features"]}
    assert set(by_code) == {"D1", "D2", "D3"}  # D4 is a draft
    d1 = by_code["D1"]["properties"]
    assert (d1["open_stores"], d1["franchise_stores"], d1["total_sales_won"]) == (2, 2, 15_000_000)
    assert d1["franchise_rate"] == 1.0 and d1["sales_yoy"] == round(12 / 9 - 1, 4)
    # D2: S4 may join (not franchised); the restricted S7 is open but may not.
    d2 = by_code["D2"]["properties"]
    assert (d2["open_stores"], d2["franchise_rate"], d2["franchise_rate_eligible"]) == (2, 0.0, 0.0)
    assert by_code["D3"]["properties"]["franchise_rate"] is None
    assert by_code["D3"]["properties"]["franchise_rate_eligible"] is None
    assert by_code["D1"]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_without_a_month_the_latest_month_with_sales_is_shown(aggregated_world, official_client):
    # February to April are aggregated; April has no reports, so March is the latest complete month.
    assert official_client.get("/api/dashboard/districts.geojson").json()["month"] == "2025-03"
    assert official_client.get("/api/dashboard/kpis").json()["month"] == "2025-03"


def test_a_bad_or_unaggregated_month_is_explained(aggregated_world, official_client):
    bad = official_client.get("/api/dashboard/kpis?month=March")
    assert bad.status_code == 400 and "YYYY-MM" in bad.json()["detail"]
    missing = official_client.get("/api/dashboard/kpis?month=2023-01")
    assert missing.status_code == 404 and "2023-01" in missing.json()["detail"]


def test_kpis_give_the_government_figures_and_formatted_cards(aggregated_world, official_client):
    body = official_client.get("/api/dashboard/kpis?month=2025-03").json()
    government = body["government"]
    assert (government["franchise_stores"], government["open_stores"], government["franchise_rate"]) == (3, 6, 0.5)
    assert (government["eligible_stores"], government["eligible_franchise_stores"],
            government["franchise_rate_eligible"]) == (4, 3, 0.75)
    cards = {card["key"]: card for card in body["kpis"]}
    assert cards["franchise_stores"]["value"] == 3 and cards["franchise_stores"]["display"] == "3곳"
    # The franchise-rate card: over the stores that may join first, over every open store below.
    rate = cards["franchise_rate"]
    assert (rate["label"], rate["value"], rate["display"]) == ("가맹률", 0.75, "75.0%")
    assert rate["hint"] == "가맹 가능 점포 4곳 중"
    assert rate["note"] == "전체 영업 점포 6곳 대비 50.0%"
    assert cards["franchise_stores"]["note"] == ""
    assert cards["onnuri_share"]["display"] == "8.3%"
    assert cards["sales_yoy"]["display"] == "+33.3%"
    # New this week = the last 7 days of March (25-31): S2 joined on 20 March, so none.
    assert cards["new_this_week"]["value"] == 0
    # the dashboard's own cards, then the apps' (the hotline's first), in app order
    assert list(cards)[:7] == ["franchise_stores", "new_this_week", "franchise_rate", "sales_uplift",
                               "sales_yoy", "onnuri_share", "hotline_open"]
    assert [key for key in list(cards)[7:] if key in ("perception_satisfaction", "assoc_active")] == [
        "perception_satisfaction", "assoc_active"]


def test_new_this_week_counts_stores_that_joined_in_the_last_seven_days(aggregated_world, official_client, aggregate):
    body = official_client.get("/api/dashboard/kpis?month=2025-02").json()
    cards = {card["key"]: card for card in body["kpis"]}
    assert cards["new_this_week"]["value"] == 0  # S1 joined on 10 February, not in 22-28 February
    from tests.factories import FranchiseFactory

    FranchiseFactory(store=aggregated_world.stores["S6"], valid_from=D(2025, 2, 24))
    aggregate(aggregated_world, D(2025, 2, 1))
    body = official_client.get("/api/dashboard/kpis?month=2025-02").json()
    assert {c["key"]: c for c in body["kpis"]}["new_this_week"]["value"] == 1


def test_trends_of_each_scope(aggregated_world, official_client):
    w = aggregated_world
    government = official_client.get("/api/dashboard/trends?scope=government").json()
    assert government["months"] == ["2025-02", "2025-03", "2025-04"]
    assert government["series"]["total_sales_won"] == [23_000_000, 24_000_000, 0]
    assert government["series"]["eligible_stores"] == [4, 4, 4]
    assert government["series"]["franchise_rate_eligible"] == [0.75, 0.75, 0.75]
    assert government["series"]["franchise_rate"] == [0.5, 0.5, 0.5]
    district = official_client.get(f"/api/dashboard/trends?scope=district:{w.d1.pk}").json()
    assert district["name"] == "양동 골목" and district["series"]["open_stores"] == [1, 2, 2]
    dong = official_client.get(f"/api/dashboard/trends?scope=dong:{w.dong_a.pk}").json()
    assert dong["series"]["closures"] == [0, 1, 0]
    assert official_client.get("/api/dashboard/trends?scope=street:1").status_code == 400


def test_breakdowns_by_dong(aggregated_world, official_client):
    body = official_client.get("/api/dashboard/breakdowns?month=2025-03").json()
    assert len(body["dongs"]) == 18
    dong_a = next(d for d in body["dongs"] if d["id"] == aggregated_world.dong_a.pk)
    assert dong_a["franchise_rate"] == 1.0
    dong_b = next(d for d in body["dongs"] if d["id"] == aggregated_world.dong_b.pk)
    assert (dong_b["franchise_rate"], dong_b["franchise_rate_eligible"]) == (round(1 / 3, 4), 0.5)
    assert (dong_b["eligible_stores"], dong_b["eligible_franchise_stores"]) == (2, 1)
    codes = [i["code"] for i in body["industries"]]
    # All seven 서구 stores are 음식 (I2: 한식, and S7's 주점); six are open on 31 March.
    assert codes == ["I2"] and sum(row[0] for row in body["mix"]) == 5  # S6 has no dong


def test_district_drill_down(aggregated_world, official_client):
    w = aggregated_world
    from giftcerts.models import FranchiseApplication
    from tests.factories import UserFactory

    applicant = UserFactory(role="merchant")
    FranchiseApplication.objects.create(store=w.stores["S2"], applicant=applicant, status="approved")
    FranchiseApplication.objects.create(store=w.stores["S1"], applicant=applicant, status="submitted")
    body = official_client.get(f"/api/dashboard/districts/{w.d1.pk}?month=2025-03").json()
    assert body["name"] == "양동 골목" and body["indicators"]["open_stores"] == 2
    assert (body["indicators"]["eligible_stores"], body["indicators"]["franchise_rate_eligible"]) == (2, 1.0)
    assert body["trend"]["months"] == ["2025-02", "2025-03", "2025-04"]
    assert {s["name"] for s in body["stores"]["rows"]} == {"S1", "S2"}
    assert {s["name"]: s["sales_won"] for s in body["stores"]["rows"]} == {"S1": 12_000_000, "S2": 3_000_000}
    counts = {s["status"]: s["count"] for s in body["applications"]["by_status"]}
    assert counts["approved"] == 1 and counts["submitted"] == 1 and counts["rejected"] == 0
    assert official_client.get("/api/dashboard/districts/999999?month=2025-03").status_code == 404


def test_stores_json_is_compact_and_decodes_to_the_positions(aggregated_world, official_client):
    body = official_client.get("/api/dashboard/stores.json").json()
    assert body["fields"] == ["id", "x", "y", "franchised", "dong_id", "district_id", "industry"]
    rows = {row[0]: row for row in body["rows"]}
    open_stores = Store.objects.filter(local_government=aggregated_world.government, status="open")
    assert set(rows) == set(open_stores.values_list("pk", flat=True))
    s1 = aggregated_world.stores["S1"]
    row = rows[s1.pk]
    lon = body["origin"][0] + row[1] * body["scale"]
    lat = body["origin"][1] + row[2] * body["scale"]
    assert abs(lon - s1.lon) < 2e-5 and abs(lat - s1.lat) < 2e-5
    assert row[3] == 1 and row[4] == aggregated_world.dong_a.pk and row[5] == aggregated_world.d1.pk
    assert body["industries"][row[6]]["code"] == "I2"
    assert rows[aggregated_world.stores["S4"].pk][3] == 0  # cancelled franchise


def test_responses_are_cached_until_the_next_aggregation(aggregated_world, official_client, aggregate):
    w = aggregated_world
    url = "/api/dashboard/kpis?month=2025-03"
    assert official_client.get(url).json()["government"]["total_sales_won"] == 24_000_000
    SalesReport.objects.filter(store=w.stores["S6"], month=D(2025, 3, 1)).update(total_won=4_000_000)
    with CaptureQueriesContext(connection) as cached:
        assert official_client.get(url).json()["government"]["total_sales_won"] == 24_000_000
    services.aggregate_month(local_government_id=w.government.pk, month="2025-03")  # not committed yet
    assert official_client.get(url).json()["government"]["total_sales_won"] == 24_000_000
    aggregate(w, D(2025, 3, 1))
    assert official_client.get(url).json()["government"]["total_sales_won"] == 27_000_000
    # A cached answer reads no snapshot (only the session and the user).
    assert not any("dashboard_metricsnapshot" in q["sql"] for q in cached.captured_queries)


def test_stores_json_runs_a_fixed_number_of_queries(aggregated_world, official_client,
                                                   django_assert_max_num_queries):
    services.bump_cache_version(aggregated_world.government.pk)  # the aggregation warmed it: build it again
    with django_assert_max_num_queries(6) as few:
        official_client.get("/api/dashboard/stores.json")
    for number in range(40):
        StoreFactory(local_government=aggregated_world.government, name=f"추가{number}")
    services.bump_cache_version(aggregated_world.government.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(official_client.get("/api/dashboard/stores.json").json()["rows"]) == 6 + 40


@pytest.mark.parametrize("url", ["/api/dashboard/districts.geojson?month=2025-03", "/api/dashboard/kpis?month=2025-03",
                                 "/api/dashboard/breakdowns?month=2025-03"])
def test_month_endpoints_run_a_fixed_number_of_queries(aggregated_world, official_client, url, aggregate,
                                                       django_assert_max_num_queries):
    from tests.factories import DistrictFactory

    with django_assert_max_num_queries(20) as few:
        official_client.get(url)
    for number in range(15):
        DistrictFactory(local_government=aggregated_world.government, code=f"N{number}", status="designated")
        StoreFactory(local_government=aggregated_world.government, dong=aggregated_world.dong_b)
    aggregate(aggregated_world, D(2025, 3, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = official_client.get(url)
    assert response.status_code == 200 and response.json()
    if "districts.geojson" in url:  # the new districts are drawn, not just counted
        codes = {feature["properties"]["code"] for feature in response.json()["features"]}
        assert {f"N{number}" for number in range(15)} <= codes


def test_the_schema_documents_the_endpoints(admin_client_user):
    schema = admin_client_user.get("/api/schema/").content.decode()
    for path in ("/api/dashboard/districts.geojson", "/api/dashboard/stores.json", "/api/dashboard/kpis",
                 "/api/dashboard/trends"):
        assert path in schema


def test_repeated_requests_give_the_same_body(aggregated_world):
    from tests.conftest import make_user

    client = client_for(make_user("second_official", role="official", local_government=aggregated_world.government))
    first = client.get("/api/dashboard/districts.geojson?month=2025-03").content
    assert client.get("/api/dashboard/districts.geojson?month=2025-03").content == first


@pytest.mark.parametrize("url", ENDPOINTS)
def test_bodies_go_out_gzipped_as_kept_with_an_etag_and_a_repeat_is_a_304(aggregated_world, official_client, url,
                                                                           monkeypatch):
    import gzip

    plain = official_client.get(url)
    zipped = official_client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["Cache-Control"] == "private, no-cache" and zipped["ETag"] != plain["ETag"]
    # compressed once per worker and body, not per request
    calls = []
    monkeypatch.setattr(gzip, "compress", lambda *a, **k: calls.append(1) or b"")
    again = official_client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == zipped.content and calls == []
    assert official_client.get(url, HTTP_ACCEPT_ENCODING="gzip",
                               HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304


def test_after_an_aggregation_the_old_etag_gets_the_new_body(aggregated_world, official_client, aggregate):
    url = "/api/dashboard/kpis?month=2025-03"
    first = official_client.get(url)
    Store.objects.filter(local_government=aggregated_world.government).update(status="closed", closed_on=D(2025, 3, 2))
    aggregate(aggregated_world, D(2025, 3, 1))
    second = official_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second.content != first.content

"""The dashboard page, wall screen, impact view and Excel export, per persona."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboard.formats import INDICATORS

D = datetime.date
PAGES = [reverse("dashboard:index"), reverse("dashboard:wall"), reverse("dashboard:impact"),
         reverse("dashboard:export") + "?month=2025-03"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_goes_to_login_and_merchants_are_refused(aggregated_world, client, merchant_a_client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert merchant_a_client.get(url).status_code == 403


def test_dashboard_shows_the_kpis_months_and_indicators(aggregated_world, official_client):
    response = official_client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "광주광역시 서구 골목경제 상황판" in html
    assert "2025년 3월 기준" in html  # the latest month with sales
    assert '<option value="2025-04"' in html and '<option value="2025-03" selected' in html
    cards = {card["key"]: card for card in response.context["kpis"]["kpis"]}
    assert f'<p class="dash-kpi-value">{cards["franchise_stores"]["display"]}</p>' in html
    # The franchise-rate card: of the stores that may join, then of every open store.
    assert "3곳" in html and "75.0%" in html and "가맹 가능 점포 4곳 중" in html
    assert '<p class="dash-kpi-note">전체 영업 점포 6곳 대비 50.0%</p>' in html
    # The six map colourings, in Korean (some words come from other apps' catalogues, which take precedence);
    # the first, the default, is the rate of the stores that may join.
    with translation.override("ko"):
        labels = [str(label) for _key, label, _kind, _scheme in INDICATORS]
    assert labels[:3] == ["가맹률(가맹 가능 점포 대비)", "가맹률(전체 영업 점포 대비)", "온누리 결제 비중"]
    assert '<option value="franchise_rate_eligible">가맹률(가맹 가능 점포 대비)</option>' in html
    for label in labels:
        assert label in html
    # The definitions say what the count of stores that may join leaves to each application.
    assert "사업자등록번호의 유효성, 재등록 제한, 연 매출액 한도" in html
    assert 'role="region"' in html and "vendor/chartjs/chart.umd.js" in html and "markercluster" in html


def test_dashboard_of_a_chosen_month(aggregated_world, official_client):
    html = official_client.get(reverse("dashboard:index") + "?month=2025-02").content.decode()
    assert "2025년 2월 기준" in html
    assert official_client.get(reverse("dashboard:index") + "?month=2019-01").status_code == 404


def test_dashboard_is_in_the_officials_menu(aggregated_world, official_client, merchant_a_client):
    assert f'href="{reverse("dashboard:index")}"' in official_client.get("/").content.decode()
    assert f'href="{reverse("dashboard:index")}"' not in merchant_a_client.get("/").content.decode()


def test_an_official_of_another_government_sees_only_their_own_empty_dashboard(aggregated_world,
                                                                              other_official_client):
    html = other_official_client.get(reverse("dashboard:index")).content.decode()
    assert "광주광역시 북구 골목경제 상황판" in html and "아직 집계된 수치가 없습니다" in html
    assert "manage.py" not in html
    assert "양동 골목" not in html
    assert other_official_client.get(reverse("dashboard:export") + "?month=2025-03").status_code == 404
    assert other_official_client.get(reverse("dashboard:index") + "?month=2025-03").status_code == 404


def test_wall_screen_has_no_navigation_and_refreshes_itself(aggregated_world, official_client):
    html = official_client.get(reverse("dashboard:wall")).content.decode()
    assert "서구 골목경제 119 상황판" in html
    assert "krds-main-menu" not in html and "krds-header" not in html
    assert "60초마다 자동으로 새로 고칩니다" in html and "dashboard/wall.js" in html
    assert 'id="kpi-cards"' in html and "3곳" in html
    assert "75.0%" in html and "가맹 가능 점포 4곳 중" in html and "전체 영업 점포 6곳 대비 50.0%" in html


def test_excel_export_has_one_sheet_per_scope_with_korean_headers(aggregated_world, official_client):
    response = official_client.get(reverse("dashboard:export") + "?month=2025-03")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "2025-03.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["구 전체", "행정동별", "골목형상점가별"]
    header = [c.value for c in book["구 전체"][1]]
    with translation.override("ko"):
        open_stores = translation.gettext("Open stores")
    assert header[:6] == ["월", "코드", "이름", open_stores, "개업", "폐업"]
    government = [c.value for c in book["구 전체"][2]]
    assert government[:4] == ["2025-03", "29140", "광주광역시 서구", 6]
    assert government[header.index("총매출(원)")] == 24_000_000
    assert government[header.index("가맹 가능 점포")] == 4
    assert government[header.index("가맹 가능 점포 중 가맹점")] == 3
    assert government[header.index("가맹률(가맹 가능 점포 대비)")] == 0.75
    assert government[header.index("가맹률(전체 영업 점포 대비)")] == 0.5
    assert book["행정동별"].max_row == 1 + 18
    districts = {row[1].value: row for row in book["골목형상점가별"].iter_rows(min_row=2)}
    assert set(districts) == {"D1", "D2", "D3"}
    assert districts["D1"][header.index("가맹률(전체 영업 점포 대비)")].value == 1.0
    assert districts["D2"][header.index("가맹률(가맹 가능 점포 대비)")].value == 0.0
    assert districts["D2"][header.index("가맹률(가맹 가능 점포 대비)")].number_format == "0.0%"


def test_impact_view_explains_the_method_and_shows_the_table(aggregated_world, official_client):
    response = official_client.get(reverse("dashboard:impact"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "계산 방법" in html and "아직 가맹하지 않은" in html
    # The small world has too few months before joining: the page says so instead of a number.
    assert "효과를 추정할 수 없습니다" in html


def test_excel_export_keeps_a_formula_like_district_name_as_text(aggregated_world, official_client):
    from districts.models import District

    District.objects.filter(pk=aggregated_world.d2.pk).update(name="=1+1")
    response = official_client.get(reverse("dashboard:export") + "?month=2025-03")
    sheet = load_workbook(io.BytesIO(response.content))["골목형상점가별"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "=1+1")
    assert (row[2].data_type, row[2].quotePrefix) == ("s", True)
    assert row[3].data_type == "n"  # the figures stay numbers

"""Officials' pages of the special projects: personas, filters, pagination, create/edit with the version
check, the actions, photo uploads and the Excel export."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from projects import services
from projects.models import FundingLine, Milestone, OutcomePhoto, SpecialProject
from tests.images import bomb_png
from tests.projects.conftest import jpeg_bytes, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(official, district_a, district_b):
    """Four projects of 서구 over two years, types and statuses mixed."""
    a = make_project(official, [district_a], title="양동 아케이드 보수", start=datetime.date(2024, 3, 1),
                     end=datetime.date(2024, 9, 1))
    b = make_project(official, [district_b], title="농성 골목 축제", type="marketing", start=datetime.date(2025, 4, 1),
                     end=datetime.date(2025, 5, 1), funding={"city": (10_000_000, 0)})
    c = make_project(official, [district_a, district_b], title="=HYPERLINK(\"http://x\")", type="contest",
                     start=datetime.date(2025, 6, 1), end=datetime.date(2026, 2, 1),
                     funding={"national": (200_000_000, 150_000_000), "self": (5_000_000, 5_000_000)})
    services.project_change_status(official=official, project_id=c.pk, to_status="running",
                                   on=datetime.date(2025, 6, 2))
    d = make_project(official, [district_b], title="농성 간판 개선", type="signage", start=datetime.date(2025, 1, 1),
                     end=datetime.date(2025, 3, 1))
    return {"a": a, "b": b, "c": c, "d": d}


def titles(response) -> set[str]:
    return {p.title for p in response.context["projects"]}


@pytest.mark.parametrize("url_name", ["projects:project_list", "projects:project_create", "projects:project_export"])
def test_merchants_and_anonymous_are_refused(client, merchant_a_client, url_name):
    assert merchant_a_client.get(reverse(url_name)).status_code == 403
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_filters_by_type_status_dong_district_year_and_words(official_client, projects, district_a,
                                                                       district_b, nongseong, yangdong,
                                                                       django_assert_max_num_queries):
    url = reverse("projects:project_list")
    with django_assert_max_num_queries(20):
        response = official_client.get(url)
    assert response.status_code == 200
    assert titles(response) == {p.title for p in projects.values()}
    assert titles(official_client.get(url, {"type": "marketing"})) == {"농성 골목 축제"}
    assert titles(official_client.get(url, {"status": "running"})) == {projects["c"].title}
    assert titles(official_client.get(url, {"district": district_a.pk})) == {"양동 아케이드 보수", projects["c"].title}
    assert titles(official_client.get(url, {"dong": nongseong.pk})) == {"농성 골목 축제", projects["c"].title,
                                                                       "농성 간판 개선"}
    assert titles(official_client.get(url, {"dong": yangdong.pk, "type": "facility"})) == {"양동 아케이드 보수"}
    assert titles(official_client.get(url, {"year": 2026})) == {projects["c"].title}
    assert titles(official_client.get(url, {"year": 2024})) == {"양동 아케이드 보수"}
    assert titles(official_client.get(url, {"q": "간판"})) == {"농성 간판 개선"}
    too_long = official_client.get(url, {"q": "가" * 101})
    assert too_long.status_code == 200 and titles(too_long) == set()
    assert "100" in too_long.content.decode()
    # the budget table sums the listed projects only
    response = official_client.get(url, {"type": "contest"})
    assert response.context["budget_total"].planned_total == 205_000_000
    assert response.context["budget_total"].executed_total == 155_000_000


def test_the_list_pages_and_never_shows_another_governments_projects(official_client, other_official_client,
                                                                     official, district_a, official_other,
                                                                     bukgu_district):
    for i in range(23):
        make_project(official, [district_a], title=f"사업 {i:02d}", start=datetime.date(2025, 1, 1) +
                     datetime.timedelta(days=i))
    make_project(official_other, [bukgu_district], title="북구 사업")
    first = official_client.get(reverse("projects:project_list"))
    assert first.context["page_obj"].paginator.count == 23 and len(first.context["projects"]) == 20
    second = official_client.get(reverse("projects:project_list"), {"page": 2})
    assert len(second.context["projects"]) == 3
    assert "북구 사업" not in first.content.decode() + second.content.decode()
    assert titles(other_official_client.get(reverse("projects:project_list"))) == {"북구 사업"}


def test_another_governments_project_is_a_404_everywhere(other_official_client, projects):
    project = projects["c"]
    for name in ("project_detail", "project_update"):
        assert other_official_client.get(reverse(f"projects:{name}", args=[project.pk])).status_code == 404
    for name, data in (("project_status", {"status-to_status": "finished", "status-version": 2}),
                       ("milestone_add", {"milestone-title": "x", "milestone-due_on": "2025-07-01"}),
                       ("figure_add", {"figure-label": "x", "figure-value": "1"})):
        assert other_official_client.post(reverse(f"projects:{name}", args=[project.pk]), data).status_code == 404
    assert SpecialProject.objects.get(pk=project.pk).status == "running"
    assert not Milestone.objects.exists()


def test_an_official_creates_a_project_with_funding_lines(official_client, official, district_a, district_b):
    data = {"title": "양동 야시장", "type": "marketing", "districts": [district_a.pk, district_b.pk],
            "planned_start": "2026-03-01", "planned_end": "2026-06-30", "responsible": official.pk,
            "national_planned": "30,000,000", "city_planned": "20000000원", "city_executed": "5,000,000",
            "district_planned": "", "self_planned": "1000000"}
    response = official_client.post(reverse("projects:project_create"), data)
    project = SpecialProject.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:project_detail",
                                                                           args=[project.pk])
    assert set(project.districts.all()) == {district_a, district_b}
    assert dict(project.funding_lines.values_list("source", "planned_won")) == {
        "national": 30_000_000, "city": 20_000_000, "self": 1_000_000}
    assert FundingLine.objects.get(project=project, source="city").executed_won == 5_000_000
    detail = official_client.get(response["Location"])
    assert detail.status_code == 200 and "51,000,000원" in detail.content.decode()


def test_bad_input_is_refused_in_korean_and_kept(official_client, district_a):
    data = {"title": "남은 제목", "type": "facility", "districts": [district_a.pk], "planned_start": "2026-05-01",
            "planned_end": "2026-04-01", "city_planned": "1000", "city_executed": "2000"}
    response = official_client.post(reverse("projects:project_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "계획 종료일은 계획 시작일보다 앞설 수 없습니다." in page and 'value="남은 제목"' in page
    data["planned_end"] = "2026-06-01"
    response = official_client.post(reverse("projects:project_create"), data)
    assert response.status_code == 400
    assert "집행액이 계획액보다 클 수 없습니다" in response.content.decode()
    assert not SpecialProject.objects.exists()


def test_an_edit_on_a_stale_page_is_refused_with_the_conflict_message(official_client, official, projects,
                                                                       district_a):
    project = projects["a"]
    form = {"title": "수정 1", "type": "facility", "districts": [district_a.pk], "planned_start": "2024-03-01",
            "planned_end": "2024-09-01", "version": 1}
    assert official_client.post(reverse("projects:project_update", args=[project.pk]), form).status_code == 302
    response = official_client.post(reverse("projects:project_update", args=[project.pk]), {**form, "title": "수정 2"})
    assert response.status_code == 400
    assert "다른 담당자가 이 사업을 바꾸었습니다" in response.content.decode()
    project.refresh_from_db()
    assert (project.title, project.version) == ("수정 1", 2)


def test_status_milestones_and_progress_through_the_pages(official_client, projects):
    project = projects["b"]
    url = reverse("projects:project_status", args=[project.pk])
    refused = official_client.post(url, {"status-to_status": "cancelled", "status-reason": "", "status-version": 1})
    assert refused.status_code == 400 and "취소하는 사유" in refused.content.decode()
    stale = official_client.post(url, {"status-to_status": "running", "status-version": 0})
    assert stale.status_code == 400
    assert official_client.post(url, {"status-to_status": "running", "status-version": 1}).status_code == 302
    for title, due in (("기획", "2025-04-10"), ("운영", "2025-04-20")):
        response = official_client.post(reverse("projects:milestone_add", args=[project.pk]),
                                        {"milestone-title": title, "milestone-due_on": due})
        assert response.status_code == 302
    first = Milestone.objects.get(title="기획")
    response = official_client.post(reverse("projects:milestone_status", args=[project.pk, first.pk]),
                                    {"to_status": "done"})
    assert response.status_code == 302
    repeat = official_client.post(reverse("projects:milestone_status", args=[project.pk, first.pk]),
                                  {"to_status": "done"}, follow=True)
    assert "이미" in repeat.content.decode()  # a repeated click changes nothing and says so
    detail = official_client.get(reverse("projects:project_detail", args=[project.pk]))
    assert detail.context["progress"] == 50
    page = detail.content.decode()
    assert "50% 완료" in page and 'value="50"' in page
    assert "계획 → 진행 중" in page  # the timeline's status change


def test_photo_uploads_are_checked_by_content_and_served_to_officials_only(official_client, other_official_client,
                                                                           projects, settings):
    project = projects["a"]
    url = reverse("projects:photo_add", args=[project.pk])
    response = official_client.post(url, {"photo-photo": SimpleUploadedFile("성과.jpg", jpeg_bytes(), "image/jpeg"),
                                          "photo-caption": "준공 후 아케이드"})
    assert response.status_code == 302
    photo = OutcomePhoto.objects.get()
    assert photo.caption == "준공 후 아케이드" and (photo.width, photo.height) == (64, 48)
    served = official_client.get(reverse("projects:photo", args=[project.pk, photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    assert other_official_client.get(reverse("projects:photo", args=[project.pk, photo.pk])).status_code == 404

    for name, content in (("script.jpg", b"<script>alert(1)</script>"), ("doc.png", b"%PDF-1.4\n%%EOF"),
                          ("bomb.png", bomb_png(7_000))):
        response = official_client.post(url, {"photo-photo": SimpleUploadedFile(name, content, "image/png")})
        assert response.status_code == 400, name
        page = response.content.decode()
        assert "사진 파일이 아닙니다" in page or "화소가 너무 많습니다" in page
    settings.UPLOAD_MAX_BYTES = 100
    response = official_client.post(url, {"photo-photo": SimpleUploadedFile("big.jpg", jpeg_bytes(), "image/jpeg")})
    assert response.status_code == 400
    assert OutcomePhoto.objects.count() == 1


def test_the_export_has_budget_columns_per_source_and_neutralised_formulas(official_client, projects):
    response = official_client.get(reverse("projects:project_export"), {"type": "contest"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="special-projects-29140-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    for label in ("국비 계획(원)", "국비 집행(원)", "시비 계획(원)", "시비 집행(원)", "구비 계획(원)", "구비 집행(원)",
                  "자부담 계획(원)", "자부담 집행(원)", "계획 합계(원)", "집행 합계(원)"):
        assert label in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    title_cell = sheet.cell(row=2, column=header.index("사업명") + 1)
    assert title_cell.value == '=HYPERLINK("http://x")' and title_cell.data_type == "s" and title_cell.quotePrefix
    assert row["국비 계획(원)"] == 200_000_000 and row["국비 집행(원)"] == 150_000_000
    assert row["자부담 계획(원)"] == 5_000_000 and row["시비 계획(원)"] == 0
    assert row["계획 합계(원)"] == 205_000_000 and row["집행 합계(원)"] == 155_000_000
    assert row["상태"] == "진행 중" and row["진행률(%)"] is None

"""The dashboard blocks (aggregate, kpis, panels, EXTRA_COLUMNS, MAP_LAYERS), the district page's
timeline section and the demo step."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from projects import dashboard_blocks, district_sections, selectors, services
from tests.projects.conftest import designated, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(official, district_a, district_b, seogu, yangdong):
    """Three projects of 서구 (one of two districts, one cancelled) and an idle third district."""
    idle = designated(seogu, "유휴 골목형상점가", dong=yangdong)
    running = make_project(official, [district_a, district_b], title="공동 축제", type="marketing",
                           start=datetime.date(2026, 3, 1), end=datetime.date(2026, 12, 31),
                           funding={"city": (40_000_000, 10_000_000), "district": (60_000_000, 30_000_000)})
    services.project_change_status(official=official, project_id=running.pk, to_status="running",
                                   on=datetime.date(2026, 3, 5))
    finished = make_project(official, [district_a], title="간판 개선", type="signage",
                            start=datetime.date(2025, 2, 1), end=datetime.date(2025, 6, 30),
                            funding={"national": (20_000_000, 20_000_000)})
    services.project_change_status(official=official, project_id=finished.pk, to_status="running",
                                   on=datetime.date(2025, 2, 3))
    services.project_change_status(official=official, project_id=finished.pk, to_status="finished",
                                   on=datetime.date(2025, 6, 20))
    cancelled = make_project(official, [idle], title="취소된 사업", start=datetime.date(2026, 1, 1),
                             end=datetime.date(2026, 2, 1))
    services.project_change_status(official=official, project_id=cancelled.pk, to_status="cancelled",
                                   reason="예산 부족")
    return {"running": running, "finished": finished, "cancelled": cancelled, "idle": idle}


def test_aggregate_counts_per_district_dong_and_government(world, seogu, district_a, district_b, yangdong,
                                                           nongseong):
    figures = dashboard_blocks.aggregate(local_government_id=seogu.pk, month=datetime.date(2026, 6, 1),
                                         as_of=datetime.date(2026, 11, 15))
    government = figures[("government", 0)]
    assert government["projects_total"] == 2  # the cancelled one is left out
    assert government["projects_running"] == 1 and government["projects_finished"] == 1
    assert government["projects_budget_planned"] == 120_000_000
    assert government["projects_budget_executed"] == 60_000_000
    assert government["projects_execution_rate"] == 0.5
    assert government["districts_without_projects"] == 1  # the idle one (its only project was cancelled)
    a, b = figures[("district", district_a.pk)], figures[("district", district_b.pk)]
    assert (a["projects_total"], a["projects_running"], a["projects_finished"]) == (2, 1, 1)
    assert (b["projects_total"], b["projects_budget_planned"]) == (1, 100_000_000)
    assert figures[("district", world["idle"].pk)]["projects_total"] == 0
    assert figures[("district", world["idle"].pk)]["projects_execution_rate"] is None
    # 양동 holds district A and the idle one: the shared project counts once there
    assert figures[("dong", yangdong.pk)]["projects_total"] == 2
    assert figures[("dong", nongseong.pk)]["projects_running"] == 1
    # a month before the festival started: only the finished project, and it was already finished
    early = dashboard_blocks.aggregate(local_government_id=seogu.pk, month=datetime.date(2025, 3, 1),
                                       as_of=datetime.date(2026, 11, 15))
    assert early[("government", 0)]["projects_total"] == 1
    assert (early[("government", 0)]["projects_running"], early[("government", 0)]["projects_finished"]) == (1, 0)


def test_every_extra_column_and_map_layer_is_an_aggregated_figure(world, seogu, district_a, yangdong):
    figures = dashboard_blocks.aggregate(local_government_id=seogu.pk, month=datetime.date(2026, 6, 1),
                                         as_of=datetime.date(2026, 6, 30))
    for key, label in dashboard_blocks.EXTRA_COLUMNS:
        assert key in figures[("government", 0)] and str(label)
    for layer in dashboard_blocks.MAP_LAYERS:
        assert layer["format"] in ("percent", "number", "score", "won")
        assert layer["key"] in figures[("district", district_a.pk)]
        assert layer["key"] in figures[("dong", yangdong.pk)]


def test_kpis_and_the_panel_with_its_table_twin(world, seogu):
    (kpi,) = dashboard_blocks.kpis(local_government=seogu, month=datetime.date(2026, 6, 1))
    assert kpi.key == "projects_running" and kpi.value == 1 and kpi.url == reverse("projects:project_list")
    assert "1억 원" in kpi.hint or "100,000,000원" in kpi.hint
    (panel,) = dashboard_blocks.panels(local_government=seogu, month=datetime.date(2026, 6, 1))
    assert panel.title == "특화사업 진행 현황"
    html = panel.render()
    assert "<table" in html and "<caption" in html and "40,000,000원" in html
    assert "지정 상점가 3곳 중 1곳은 최근 3년간 특화사업이 없습니다" in html
    assert "유휴 골목형상점가" in html


def test_the_district_section_is_a_timeline_with_progress_in_words(official, official_other, world, district_a):
    running = world["running"]
    done = services.milestone_add(official=official, project_id=running.pk, title="기획",
                                  due_on=datetime.date(2026, 4, 1))
    services.milestone_add(official=official, project_id=running.pk, title="운영", due_on=datetime.date(2026, 10, 1))
    services.milestone_complete(official=official, milestone_id=done.pk)
    request = RequestFactory().get("/")
    request.user = official
    (section,) = district_sections.sections(district=district_a, request=request)
    html = section.render(request)
    assert html.index("간판 개선") < html.index("공동 축제")  # oldest first
    assert "<ol" in html and "2026년 3월 1일" in html
    assert 'value="50"' in html and "50% 완료" in html
    assert reverse("projects:project_detail", args=[running.pk]) in html
    request.user = official_other
    assert district_sections.sections(district=district_a, request=request) == []


def test_the_district_page_shows_the_section(official_client, world, district_a):
    response = official_client.get(reverse("districts:district_detail", args=[district_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="district-projects"' in page and "공동 축제" in page and "projects/projects.css" in page


def test_districts_without_recent_projects(world, seogu, district_a, district_b):
    idle = selectors.districts_without_recent_projects(seogu, today=datetime.date(2026, 11, 1))
    assert idle == [world["idle"]]
    # 2029: the last three years are 2027-2029; every project ended by 2026
    later = selectors.districts_without_recent_projects(seogu, today=datetime.date(2029, 1, 1))
    assert set(later) == {district_a, district_b, world["idle"]}


def test_the_demo_step_is_plausible_deterministic_and_idempotent(seogu, official):
    from projects.demo import seed_projects
    from projects.models import SpecialProject

    for i in range(8):
        designated(seogu, f"데모 골목형상점가 {i}")
    logs = []
    seed_projects(42, logs.append)
    projects = list(SpecialProject.objects.order_by("pk"))
    assert 40 <= len(projects) <= 70 and all(p.is_synthetic for p in projects)
    assert {p.planned_start.year for p in projects} == {2024, 2025, 2026}
    assert {"finished", "running"} <= {p.status for p in projects}
    for project in projects:
        total = sum(line.planned_won for line in project.funding_lines.all())
        assert 5_000_000 <= total <= 310_000_000
    finished = [p for p in projects if p.status == "finished"]
    assert all(p.outcomes and p.figures.exists() for p in finished)
    first = [(p.title, p.type, p.planned_start) for p in projects]
    seed_projects(42, logs.append)
    assert SpecialProject.objects.count() == len(projects) and "already there" in logs[-1]
    SpecialProject.objects.all().delete()
    seed_projects(42, logs.append)
    assert [(p.title, p.type, p.planned_start) for p in SpecialProject.objects.order_by("pk")] == first


def test_aggregate_runs_a_fixed_number_of_queries(world, seogu, official, yangdong, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    month, as_of = datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)
    with CaptureQueriesContext(connection) as few:
        dashboard_blocks.aggregate(local_government_id=seogu.pk, month=month, as_of=as_of)
    assert len(few.captured_queries) <= 5
    for number in range(10):
        district = designated(seogu, f"추가 골목형상점가 {number}", dong=yangdong)
        make_project(official, [district, world["idle"]], title=f"추가 사업 {number}",
                     start=datetime.date(2026, 1, 1), end=datetime.date(2026, 5, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        figures = dashboard_blocks.aggregate(local_government_id=seogu.pk, month=month, as_of=as_of)
    assert figures[("government", 0)]["projects_total"] == 12

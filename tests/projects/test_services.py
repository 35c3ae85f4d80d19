"""Services of the special projects: progress, budget totals, the status machine and its audit,
milestones, the version check, and the rules on districts, officials and amounts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ConflictError, DomainError, TransitionError
from projects import selectors, services
from projects.models import FundingLine, Milestone, ProjectEvent, SpecialProject
from tests.concurrency import requires_row_locks, run_together
from tests.conftest import make_user
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("done", "counted", "expected"), [
    (0, 0, None), (0, 3, 0), (1, 3, 33), (2, 3, 67), (1, 2, 50), (1, 8, 13), (3, 8, 38), (7, 7, 100), (1, 200, 1),
])
def test_progress_is_done_over_not_cancelled_rounded_half_up(done, counted, expected):
    assert selectors.progress_percent(done, counted) == expected


def test_progress_of_a_project_leaves_cancelled_milestones_out(official, district_a):
    project = make_project(official, [district_a])
    titles = ["설계", "업체 선정", "착공", "준공"]
    milestones = [services.milestone_add(official=official, project_id=project.pk, title=t,
                                         due_on=datetime.date(2025, 4 + i, 1)) for i, t in enumerate(titles)]
    services.milestone_complete(official=official, milestone_id=milestones[0].pk, done_on=datetime.date(2025, 4, 2))
    services.milestone_set_status(official=official, milestone_id=milestones[1].pk, to_status="cancelled")
    services.milestone_set_status(official=official, milestone_id=milestones[2].pk, to_status="in_progress")

    assert selectors.project_progress(SpecialProject.objects.get(pk=project.pk)) == 33  # 1 done of 3 counted
    annotated = selectors.with_progress(SpecialProject.objects.filter(pk=project.pk)).get()
    assert (annotated.milestones_done, annotated.milestones_counted) == (1, 3)
    assert selectors.project_progress(annotated) == 33
    services.milestone_complete(official=official, milestone_id=milestones[2].pk)
    assert selectors.project_progress(SpecialProject.objects.get(pk=project.pk)) == 67
    milestone = Milestone.objects.get(pk=milestones[0].pk)
    assert milestone.status == "done" and milestone.done_on == datetime.date(2025, 4, 2)


def test_budget_totals_by_source_and_year_are_exact_integers(official, official_other, district_a, district_b,
                                                            bukgu_district):
    make_project(official, [district_a], start=datetime.date(2024, 5, 1), end=datetime.date(2024, 8, 1),
                 funding={"national": (123_456_789, 100_000_001), "city": (7, 3), "self": (1, 1)})
    make_project(official, [district_b], start=datetime.date(2024, 11, 1), end=datetime.date(2025, 2, 1),
                 funding={"national": (876_543_211, 0), "district": (999_999_999_999, 999_999_999_998)})
    make_project(official, [district_a, district_b], start=datetime.date(2025, 1, 10),
                 end=datetime.date(2025, 3, 1), funding={"city": (5_000_000, 4_999_999)})
    make_project(official_other, [bukgu_district], start=datetime.date(2024, 5, 1), end=datetime.date(2024, 6, 1),
                 funding={"national": (1_000_000, 1_000_000)})  # 북구's: never in 서구's sums

    years, total = selectors.budget_totals(selectors.projects_of(official.local_government))

    assert [row.year for row in years] == [2024, 2025]
    y2024, y2025 = years
    assert y2024.planned == {"national": 123_456_789 + 876_543_211, "city": 7, "district": 999_999_999_999,
                             "self": 1}
    assert y2024.executed == {"national": 100_000_001, "city": 3, "district": 999_999_999_998, "self": 1}
    assert y2025.planned == {"national": 0, "city": 5_000_000, "district": 0, "self": 0}
    assert y2025.executed["city"] == 4_999_999
    assert total.planned_total == 1_000_000_000 + 7 + 999_999_999_999 + 1 + 5_000_000
    assert total.executed_total == 100_000_001 + 3 + 999_999_999_998 + 1 + 4_999_999
    for row in [*years, total]:
        for value in [*row.planned.values(), *row.executed.values(), row.planned_total, row.executed_total]:
            assert type(value) is int  # never Decimal or float
    filtered_years, _total = selectors.budget_totals(selectors.filtered(official.local_government, year=2025))
    # the project of 2024-11 .. 2025-02 touches 2025 too; it counts in its start year
    assert [row.year for row in filtered_years] == [2024, 2025]


def test_the_status_machine_and_its_audit(official, district_a):
    project = make_project(official, [district_a])
    assert project.status == "planned" and project.version == 1
    with pytest.raises(TransitionError):
        services.project_change_status(official=official, project_id=project.pk, to_status="finished")

    project = services.project_change_status(official=official, project_id=project.pk, to_status="running",
                                             reason="착수 보고", on=datetime.date(2025, 3, 4), expected_version=1)
    assert (project.status, project.actual_start, project.version) == ("running", datetime.date(2025, 3, 4), 2)
    with pytest.raises(DomainError, match="시작일"):
        services.project_change_status(official=official, project_id=project.pk, to_status="finished",
                                       on=datetime.date(2025, 3, 1))
    project = services.project_change_status(official=official, project_id=project.pk, to_status="finished",
                                             on=datetime.date(2025, 9, 20))
    assert (project.status, project.actual_end) == ("finished", datetime.date(2025, 9, 20))
    for to_status in ("running", "cancelled", "planned"):
        with pytest.raises(TransitionError):
            services.project_change_status(official=official, project_id=project.pk, to_status=to_status,
                                           reason="되돌리기")

    events = list(ProjectEvent.objects.filter(project=project, kind="status").values_list(
        "from_status", "to_status", "actor", "reason"))
    assert events == [("planned", "running", official.pk, "착수 보고"), ("running", "finished", official.pk, "")]
    assert ProjectEvent.objects.filter(project=project, kind="created", actor=official).count() == 1


def test_cancelling_needs_a_reason(official, district_a):
    project = make_project(official, [district_a])
    with pytest.raises(DomainError) as refused:
        services.project_change_status(official=official, project_id=project.pk, to_status="cancelled", reason=" ")
    assert refused.value.field == "reason"
    project = services.project_change_status(official=official, project_id=project.pk, to_status="cancelled",
                                             reason="상인회 요청")
    assert project.status == "cancelled"
    with pytest.raises(TransitionError):
        services.milestone_add(official=official, project_id=project.pk, title="추가", due_on=datetime.date(2025, 5, 1))


def test_another_governments_official_cannot_change_a_project(official, official_other, district_a):
    project = make_project(official, [district_a])
    with pytest.raises(PermissionDenied):
        services.project_change_status(official=official_other, project_id=project.pk, to_status="running")
    with pytest.raises(PermissionDenied):
        services.milestone_add(official=official_other, project_id=project.pk, title="x",
                               due_on=datetime.date(2025, 5, 1))
    assert SpecialProject.objects.get(pk=project.pk).status == "planned"


def test_the_rules_on_districts_officials_and_amounts(official, official_other, district_a, bukgu_district):
    with pytest.raises(DomainError) as refused:
        make_project(official, [district_a, bukgu_district])
    assert refused.value.field == "districts"
    with pytest.raises(DomainError) as refused:
        make_project(official, [])
    assert refused.value.field == "districts"
    with pytest.raises(DomainError) as refused:
        make_project(official, [district_a], funding={"city": (1_000, 1_001)})
    assert refused.value.field == "city_executed"
    with pytest.raises(DomainError) as refused:
        make_project(official, [district_a], start=datetime.date(2025, 5, 1), end=datetime.date(2025, 4, 1))
    assert refused.value.field == "planned_end"
    with pytest.raises(DomainError) as refused:
        services.project_create(official=official, title="x", type="facility", planned_start=datetime.date(2025, 1, 1),
                                planned_end=datetime.date(2025, 2, 1), district_ids=[district_a.pk],
                                responsible=official_other)
    assert refused.value.field == "responsible"
    merchant = make_user("merchant_x", role="merchant")
    with pytest.raises(PermissionDenied):
        make_project(merchant, [district_a])
    assert not SpecialProject.objects.exists()


def test_an_edit_with_a_stale_version_is_refused_and_changes_nothing(official, district_a, district_b):
    project = make_project(official, [district_a])
    edit = {"title": "새 이름", "type": "signage", "planned_start": project.planned_start,
            "planned_end": project.planned_end, "district_ids": [district_b.pk], "funding": {"city": (10, 5)}}
    services.project_update(official=official, project_id=project.pk, expected_version=1, **edit)
    with pytest.raises(ConflictError):
        services.project_update(official=official, project_id=project.pk, expected_version=1,
                                **{**edit, "title": "늦은 수정"})
    project.refresh_from_db()
    assert (project.title, project.version, project.type) == ("새 이름", 2, "signage")
    assert list(project.districts.all()) == [district_b]
    assert list(project.funding_lines.values_list("source", "planned_won", "executed_won")) == [("city", 10, 5)]
    assert not FundingLine.objects.filter(project=project, source="national").exists()


def test_a_figure_keeps_label_value_and_unit(official, district_a):
    project = make_project(official, [district_a])
    figure = services.figure_add(official=official, project_id=project.pk, label="방문객", value=Decimal("12000"),
                                 unit="명")
    figure.refresh_from_db()
    assert (figure.label, figure.value, figure.unit) == ("방문객", Decimal("12000"), "명")
    with pytest.raises(DomainError):
        services.figure_add(official=official, project_id=project.pk, label=" ", value=Decimal(1))


@requires_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_officials_changing_the_status_at_once_one_wins(seogu, yangdong):
    from tests.projects.conftest import designated

    first = make_user("official_1", role="official", local_government=seogu)
    second = make_user("official_2", role="official", local_government=seogu)
    project = make_project(first, [designated(seogu, "양동", dong=yangdong)])
    outcomes = run_together(
        lambda: services.project_change_status(official=first, project_id=project.pk, to_status="running",
                                               expected_version=1),
        lambda: services.project_change_status(official=second, project_id=project.pk, to_status="cancelled",
                                               reason="중복 사업", expected_version=1))
    assert sum(isinstance(o, SpecialProject) for o in outcomes) == 1
    assert sum(isinstance(o, ConflictError) for o in outcomes) == 1
    project.refresh_from_db()
    assert project.version == 2
    assert ProjectEvent.objects.filter(project=project, kind="status").count() == 1

"""Reads of the special projects shared by the views, the export, the district page and the dashboard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from districts.models import District

from .models import FundingLine, Milestone, ProjectEvent, SpecialProject

SOURCES = FundingLine.Source
RECENT_YEARS = 3  # "districts without any project in the last N years"


def progress_percent(done: int, counted: int) -> int | None:
    """Milestones done ÷ milestones not cancelled, as a whole percent rounded half up; None without any."""
    if not counted:
        return None
    return (200 * done + counted) // (2 * counted)


def with_progress(queryset: QuerySet[SpecialProject]) -> QuerySet[SpecialProject]:
    """Each project with `milestones_done` and `milestones_counted` (not cancelled), in the same query."""
    return queryset.annotate(
        milestones_done=Count("milestones", filter=Q(milestones__status=Milestone.Status.DONE), distinct=True),
        milestones_counted=Count("milestones", filter=~Q(milestones__status=Milestone.Status.CANCELLED),
                                 distinct=True))


def project_progress(project: SpecialProject) -> int | None:
    if hasattr(project, "milestones_done"):
        return progress_percent(project.milestones_done, project.milestones_counted)
    milestones = [m.status for m in project.milestones.all()]
    return progress_percent(milestones.count(Milestone.Status.DONE),
                            sum(1 for s in milestones if s != Milestone.Status.CANCELLED))


def projects_of(government) -> QuerySet[SpecialProject]:
    return SpecialProject.objects.filter(local_government=government)


def filtered(government, *, q: str = "", type: str = "", status: str = "", dong=None, district=None,
             year: int | None = None) -> QuerySet[SpecialProject]:
    """The officials' list: every filter optional; a year matches projects whose planned period touches it."""
    queryset = projects_of(government)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    if type:
        queryset = queryset.filter(type=type)
    if status:
        queryset = queryset.filter(status=status)
    if district:
        queryset = queryset.filter(pk__in=SpecialProject.districts.through.objects.filter(
            district_id=getattr(district, "pk", district)).values("specialproject_id"))
    if dong:
        queryset = queryset.filter(pk__in=SpecialProject.districts.through.objects.filter(
            district__dongs=getattr(dong, "pk", dong)).values("specialproject_id"))
    if year:
        queryset = queryset.filter(planned_start__year__lte=year, planned_end__year__gte=year)
    return queryset


def list_rows(queryset: QuerySet[SpecialProject]) -> QuerySet[SpecialProject]:
    """What a list row shows, in a fixed number of queries (districts, funding lines prefetched)."""
    return with_progress(queryset).select_related("responsible").prefetch_related(
        Prefetch("districts", queryset=District.objects.only("pk", "name").order_by("name")),
        "funding_lines").order_by("-planned_start", "-id")


def funding_by_source(project: SpecialProject) -> dict[str, tuple[int, int]]:
    """{source: (planned, executed)} from the (prefetched) funding lines."""
    return {line.source: (line.planned_won, line.executed_won) for line in project.funding_lines.all()}


@dataclass
class BudgetRow:
    year: int | None  # None: every year
    planned: dict[str, int] = field(default_factory=dict)
    executed: dict[str, int] = field(default_factory=dict)

    @property
    def planned_total(self) -> int:
        return sum(self.planned.values())

    @property
    def executed_total(self) -> int:
        return sum(self.executed.values())

    def cells(self):
        """(source label, planned, executed) in the sources' order."""
        return [(label, self.planned.get(source, 0), self.executed.get(source, 0))
                for source, label in SOURCES.choices]


def budget_totals(queryset: QuerySet[SpecialProject]) -> tuple[list[BudgetRow], BudgetRow]:
    """Planned and executed won per source and project year (the planned start's), plus the grand total.

    One grouped query; the sums are Python ints (BigInteger sums), never Decimal or float."""
    rows = (FundingLine.objects.filter(project__in=queryset.values("pk"))
            .values("project__planned_start__year", "source")
            .annotate(planned=Sum("planned_won"), executed=Sum("executed_won"))
            .order_by("project__planned_start__year", "source"))
    by_year: dict[int, BudgetRow] = {}
    total = BudgetRow(year=None, planned=dict.fromkeys(SOURCES.values, 0), executed=dict.fromkeys(SOURCES.values, 0))
    for row in rows:
        year = row["project__planned_start__year"]
        target = by_year.setdefault(year, BudgetRow(year=year, planned=dict.fromkeys(SOURCES.values, 0),
                                                    executed=dict.fromkeys(SOURCES.values, 0)))
        planned, executed = int(row["planned"] or 0), int(row["executed"] or 0)
        target.planned[row["source"]] += planned
        target.executed[row["source"]] += executed
        total.planned[row["source"]] += planned
        total.executed[row["source"]] += executed
    return [by_year[year] for year in sorted(by_year)], total


def years_of(government) -> list[int]:
    """The years the government's projects span (newest first), for the year filter."""
    bounds = projects_of(government).aggregate(first=Min("planned_start"), last=Max("planned_end"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def project_for_official(government, project_id: int) -> SpecialProject:
    """One project of the government (DoesNotExist for another government's: the view answers 404)."""
    return (projects_of(government).select_related("responsible", "local_government")
            .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("name")), "funding_lines",
                              "milestones", "photos", "figures")
            .get(pk=project_id))


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    kind: str  # "event", "milestone" (done) or "due" (a milestone still to do)
    label: str
    detail: str = ""
    actor: str = ""


def timeline(project: SpecialProject) -> list[TimelineEntry]:
    """The project's history, oldest first: its recorded events and its milestones' due or done dates."""
    entries = []
    for event in ProjectEvent.objects.filter(project=project).select_related("actor"):
        label = str(event.get_kind_display())
        if event.kind == ProjectEvent.Kind.STATUS:
            label = f"{SpecialProject.Status(event.from_status).label} → {SpecialProject.Status(event.to_status).label}"
        entries.append(TimelineEntry(timezone.localdate(event.created_at), "event", label, event.reason,
                                     event.actor.display_name if event.actor else ""))
    for milestone in project.milestones.all():
        if milestone.status == Milestone.Status.DONE:
            entries.append(TimelineEntry(milestone.done_on, "milestone", milestone.title,
                                         str(Milestone.Status.DONE.label)))
        elif milestone.status != Milestone.Status.CANCELLED:
            entries.append(TimelineEntry(milestone.due_on, "due", milestone.title, str(milestone.get_status_display())))
    entries.sort(key=lambda entry: entry.date)  # stable: same-day entries keep their recorded order
    return entries


def district_projects(district) -> list[SpecialProject]:
    """A district's projects for its page's timeline, oldest planned start first."""
    return list(with_progress(district.special_projects.all()).order_by("planned_start", "pk"))


# --- figures for the dashboard ---------------------------------------------------------------------

def running_on(day: datetime.date) -> Q:
    """Projects under way on `day`: started by then and not finished before it (cancelled ones never)."""
    return (Q(actual_start__lte=day) & (Q(actual_end__isnull=True) | Q(actual_end__gt=day))
            & Q(status__in=[SpecialProject.Status.RUNNING, SpecialProject.Status.FINISHED]))


def finished_by(day: datetime.date) -> Q:
    return Q(status=SpecialProject.Status.FINISHED, actual_end__lte=day)


def districts_without_recent_projects(government, *, today: datetime.date | None = None,
                                      years: int = RECENT_YEARS) -> list[District]:
    """Designated districts with no project (other than cancelled ones) whose period touches the last
    `years` calendar years (this year included)."""
    today = today or timezone.localdate()
    since = datetime.date(today.year - years + 1, 1, 1)
    busy = (SpecialProject.districts.through.objects
            .filter(specialproject__local_government=government, specialproject__planned_end__gte=since,
                    specialproject__planned_start__lte=today)
            .exclude(specialproject__status=SpecialProject.Status.CANCELLED).values("district_id"))
    return list(District.objects.filter(local_government=government, status=District.Status.DESIGNATED)
                .exclude(pk__in=busy).only("pk", "name").order_by("name"))


@dataclass
class Overview:
    as_of: datetime.date
    by_status: dict[str, int]
    year: int
    budget: BudgetRow
    idle_districts: list[District]
    designated: int

    @property
    def execution_rate(self) -> float | None:
        return self.budget.executed_total / self.budget.planned_total if self.budget.planned_total else None

    @property
    def status_rows(self):
        return [(label, self.by_status.get(value, 0)) for value, label in SpecialProject.Status.choices]


def overview(government, *, as_of: datetime.date | None = None) -> Overview:
    """The dashboard block: projects by status now, this year's budget by source, idle districts."""
    as_of = as_of or timezone.localdate()
    counts = dict(projects_of(government).values_list("status").annotate(n=Count("pk")).order_by())
    rows, _total = budget_totals(projects_of(government).filter(planned_start__year=as_of.year)
                                 .exclude(status=SpecialProject.Status.CANCELLED))
    budget = rows[0] if rows else BudgetRow(year=as_of.year, planned=dict.fromkeys(SOURCES.values, 0),
                                            executed=dict.fromkeys(SOURCES.values, 0))
    designated = District.objects.filter(local_government=government, status=District.Status.DESIGNATED).count()
    return Overview(as_of=as_of, by_status=counts, year=as_of.year, budget=budget,
                    idle_districts=districts_without_recent_projects(government, today=as_of), designated=designated)

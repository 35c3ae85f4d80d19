"""Special projects on the dashboard (contract: dashboard/extensions.py).

Figures per designated district, dong and the government, as of a month's end (today for the
running month), projects that were cancelled left out:
- projects_total: projects planned to start by that day; projects_running: started and not yet
  finished that day; projects_finished: finished by that day;
- projects_recent: projects whose planned period touches the last 3 calendar years;
- projects_budget_planned / projects_budget_executed (whole won, as recorded now) and
  projects_execution_rate = executed ÷ planned;
- at government scope, districts_without_projects: designated districts with no recent project.
A project of several districts counts fully in each of them (and in each of their dongs, once),
and once for the government. The dashboard's types (Kpi, Panel) are imported inside the
functions the dashboard calls; MAP_LAYERS are plain dicts.
"""

from __future__ import annotations

import calendar
import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.extensions import Kpi, Panel

KEYS = ("projects_total", "projects_running", "projects_finished", "projects_recent", "projects_budget_planned",
        "projects_budget_executed")

EXTRA_COLUMNS = [
    ("projects_total", gettext_lazy("Special projects")),
    ("projects_running", gettext_lazy("Special projects running")),
    ("projects_finished", gettext_lazy("Special projects finished")),
    ("projects_budget_planned", gettext_lazy("Special projects budget planned (won)")),
    ("projects_budget_executed", gettext_lazy("Special projects budget executed (won)")),
    ("projects_execution_rate", gettext_lazy("Special projects budget execution rate")),
    ("districts_without_projects", gettext_lazy("Districts without a project in 3 years")),
]

MAP_LAYERS = [
    {"key": "projects_total", "label": gettext_lazy("Special projects"), "format": "number"},
    {"key": "projects_running", "label": gettext_lazy("Special projects running"), "format": "number"},
    {"key": "projects_execution_rate", "label": gettext_lazy("Special projects budget execution rate"),
     "format": "percent"},
]


def cutoff_of(month: datetime.date, as_of: datetime.date | None = None) -> datetime.date:
    """The month's last day, or `as_of` (today) for the running month."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    as_of = as_of or timezone.localdate()
    return min(last, as_of) if as_of >= month else last


def aggregate(*, local_government_id, month: datetime.date, as_of: datetime.date) -> dict:
    from django.db.models import BooleanField, ExpressionWrapper, Sum

    from districts.models import AdministrativeDong, District

    from . import selectors
    from .models import SpecialProject

    day = cutoff_of(month, as_of)
    recent_since = datetime.date(day.year - selectors.RECENT_YEARS + 1, 1, 1)
    designated = District.objects.filter(local_government_id=local_government_id,
                                         status=District.Status.DESIGNATED)
    dongs_of_district: dict[int, set[int]] = {}
    for district_id, dong_id in District.dongs.through.objects.filter(
            district__in=designated).values_list("district_id", "administrativedong_id"):
        dongs_of_district.setdefault(district_id, set()).add(dong_id)
    totals: dict[tuple[str, int], dict] = {("government", 0): dict.fromkeys(KEYS, 0)}
    for district_id in designated.values_list("pk", flat=True):
        totals[("district", district_id)] = dict.fromkeys(KEYS, 0)
    for dong_id in AdministrativeDong.objects.filter(local_government_id=local_government_id).values_list("pk",
                                                                                                         flat=True):
        totals[("dong", dong_id)] = dict.fromkeys(KEYS, 0)

    projects = (SpecialProject.objects.filter(local_government_id=local_government_id, planned_start__lte=day)
                .exclude(status=SpecialProject.Status.CANCELLED)
                .annotate(planned=Sum("funding_lines__planned_won"), executed=Sum("funding_lines__executed_won"),
                          running=ExpressionWrapper(selectors.running_on(day), output_field=BooleanField()),
                          finished=ExpressionWrapper(selectors.finished_by(day), output_field=BooleanField()))
                .values("pk", "planned_end", "running", "finished", "planned", "executed"))
    districts_of_project: dict[int, set[int]] = {}
    for project_id, district_id in SpecialProject.districts.through.objects.filter(
            specialproject__local_government_id=local_government_id).values_list("specialproject_id",
                                                                                  "district_id"):
        districts_of_project.setdefault(project_id, set()).add(district_id)
    for row in projects:
        districts = districts_of_project.get(row["pk"], set())
        keys = {("government", 0)} | {("district", d) for d in districts} | {
            ("dong", g) for d in districts for g in dongs_of_district.get(d, ())}
        figures = {"projects_total": 1, "projects_running": int(bool(row["running"])),
                   "projects_finished": int(bool(row["finished"])),
                   "projects_recent": int(row["planned_end"] >= recent_since),
                   "projects_budget_planned": int(row["planned"] or 0),
                   "projects_budget_executed": int(row["executed"] or 0)}
        for key in keys:
            target = totals.setdefault(key, dict.fromkeys(KEYS, 0))
            for name, value in figures.items():
                target[name] += value
    for target in totals.values():
        planned = target["projects_budget_planned"]
        target["projects_execution_rate"] = (round(target["projects_budget_executed"] / planned, 4)
                                             if planned else None)
    totals[("government", 0)]["districts_without_projects"] = sum(
        1 for key, target in totals.items() if key[0] == "district" and not target["projects_recent"])
    return totals


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _won(value: int) -> str:
    return _("%(amount)s won") % {"amount": number_format(value, force_grouping=True)}


def kpis(*, local_government, month) -> list:

    from . import selectors

    overview = selectors.overview(local_government, as_of=cutoff_of(month))
    running = overview.by_status.get("running", 0)
    rate = overview.execution_rate
    hint = _("Budget %(year)s: %(executed)s of %(planned)s executed (%(rate)s)") % {
        "year": overview.year, "executed": _won(overview.budget.executed_total),
        "planned": _won(overview.budget.planned_total), "rate": "-" if rate is None else f"{rate * 100:.1f}%"}
    return [Kpi("projects_running", _("Special projects running"), running,
                _("%(count)s projects") % {"count": number_format(running, force_grouping=True)}, hint,
                _url("projects:project_list"))]


def panels(*, local_government, month) -> list:
    from django.templatetags.static import static

    from . import selectors

    overview = selectors.overview(local_government, as_of=cutoff_of(month))
    rows = []
    for label, planned, executed in overview.budget.cells():
        rows.append({"label": label, "planned": planned, "executed": executed,
                     "rate": executed / planned if planned else None,
                     "width": round(100 * executed / planned) if planned else 0})
    return [Panel(str(_("Special projects progress")), "projects/_dashboard_block.html",
                  {"overview": overview, "budget_rows": rows, "recent_years": selectors.RECENT_YEARS},
                  (static("projects/projects.css"),))]

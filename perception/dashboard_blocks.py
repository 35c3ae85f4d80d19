"""Resident perception on the dashboard (dashboard/extensions.py finds this module).

Period read for a dashboard month: **the quarter to date at the month's end** — the answers of the
quarter that holds the month, answered on or before the month's last day (today for the running
month). So 2026-05 shows 2026 Q2's answers of April and May, and the quarter's last month shows the
whole quarter. Figures of a scope with fewer than `stats.MIN_N` answers are suppressed (None).

- `aggregate`: per scope (government 0, dong of residence, district) `perception_n`,
  `perception_satisfaction` (mean, 1-5) and `perception_satisfied_share` (4-5), stored in
  MetricSnapshot.extra by the aggregation run;
- `kpis`: the card "주민 만족도" with n;
- `panels`: the block "주민 체감도" (the quarter's figures, the trend with its table twin);
- `EXTRA_COLUMNS`: the three figures in the dashboard's Excel export;
- `MAP_LAYERS`: the map colouring by satisfaction (a key of `aggregate`'s figures, at scopes district
  and dong); a scope under n 10 has None (no data) there.

Kpi and Panel are imported when the dashboard calls: no module of this app imports the dashboard.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.extensions import Kpi, Panel

from . import charts, periods, selectors, stats
from .models import PerceptionResponse

N, SATISFACTION, SHARE = "perception_n", "perception_satisfaction", "perception_satisfied_share"

EXTRA_COLUMNS = [
    (N, gettext_lazy("Resident survey answers (quarter to date)")),
    (SATISFACTION, gettext_lazy("Resident satisfaction (mean, 1-5)")),
    (SHARE, gettext_lazy("Residents satisfied (4-5)")),
]
MAP_LAYERS = [
    {"key": SATISFACTION, "label": gettext_lazy("Resident satisfaction (mean, 1-5)"), "format": "score"},
]


def _window(month: datetime.date, as_of: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(quarter, last day counted): the quarter to date at the month's end (or `as_of`, if earlier)."""
    next_month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    month_end = next_month - datetime.timedelta(days=1)
    return periods.quarter_of(month), min(month_end, as_of) if as_of else month_end


def _figures(rows) -> dict:
    summary = stats.summarise(rows)
    return {N: summary.n,
            SATISFACTION: None if summary.suppressed else round(summary.mean, 4),
            SHARE: None if summary.suppressed else round(summary.share_satisfied, 4)}


def aggregate(*, local_government_id, month: datetime.date, as_of: datetime.date) -> dict:
    """{(scope, scope_id): figures} for the quarter to date at the month's end; one query."""
    quarter, until = _window(month, as_of)
    rows = (PerceptionResponse.objects.filter(local_government_id=local_government_id, period=quarter,
                                              answered_on__lte=until)
            .values_list("district_id", "dong_id", "satisfaction", "onnuri_usability", "recommend"))
    grouped: dict[tuple[str, int], list] = defaultdict(list)
    for district_id, dong_id, *scores in rows:
        grouped[("government", 0)].append(scores)
        grouped[("district", district_id)].append(scores)
        if dong_id:
            grouped[("dong", dong_id)].append(scores)
    return {key: _figures(values) for key, values in grouped.items()}


def _government_summary(local_government, month) -> tuple[datetime.date, stats.Summary]:
    from django.utils import timezone

    quarter, until = _window(month, timezone.localdate())
    rows = list(PerceptionResponse.objects.filter(local_government=local_government, period=quarter,
                                                  answered_on__lte=until)
                .values_list("satisfaction", "onnuri_usability", "recommend"))
    return quarter, stats.summarise(rows)


def kpis(*, local_government, month) -> list:

    quarter, summary = _government_summary(local_government, month)
    label = periods.quarter_label(quarter)
    if summary.suppressed:
        display = "-"
        hint = _("%(quarter)s to date: %(n)d answers, shown from %(min)d") % {
            "quarter": label, "n": summary.n, "min": stats.MIN_N}
    else:
        display = _("%(score).2f / 5") % {"score": summary.mean}
        hint = _("%(quarter)s to date, n = %(n)d, %(share).0f%% satisfied") % {
            "quarter": label, "n": summary.n, "share": summary.share_satisfied * 100}
    return [Kpi("perception_satisfaction", _("Resident satisfaction"),
                None if summary.suppressed else round(summary.mean, 4), display, hint,
                reverse("perception:results") + f"?quarter={periods.quarter_key(quarter)}")]


def panels(*, local_government, month) -> list:
    from django.templatetags.static import static


    quarter, summary = _government_summary(local_government, month)
    # The trend's last point is the same quarter to date as the figures above it.
    trend = [(q, s) for q, s in selectors.trend(local_government) if q < quarter] + [(quarter, summary)]
    return [Panel(str(_("Resident perception")), "perception/_dashboard_block.html", {
        "quarter": quarter, "total": summary, "trend": trend, "min_n": stats.MIN_N,
        "trend_svg": charts.trend_svg(trend, title=_("Resident satisfaction by quarter"), chart_id="pc-dash-trend",
                                      description=_("Mean satisfaction (1 to 5) per quarter with its 95%% interval; "
                                                    "the figures are in the table that follows.")),
        "results_url": reverse("perception:results") + f"?quarter={periods.quarter_key(quarter)}",
    }, (static("perception/perception.css"),))]

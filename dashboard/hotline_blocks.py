"""The 119 Hotline on the dashboard (issue 7), through the extension points of extensions.py.

- KPI card: tickets open at the end of the month (now, for the running month),
  with the month's processed count and resolution rate;
- panel: the hotline's own dashboard block (hotline/_dashboard_block.html);
- snapshots: open, received and processed tickets per district, dong and the
  government, from one grouped query (as for the stores), in MetricSnapshot.extra.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import formats
from .extensions import Kpi, Panel
from .metrics import DISTRICT, DONG, scopes_of, start_of_day

EXTRA_COLUMNS = [("hotline_open", gettext_lazy("Open hotline tickets")),
                 ("hotline_received", gettext_lazy("Hotline tickets received")),
                 ("hotline_processed", gettext_lazy("Hotline tickets processed"))]
# The first provider of map layers: where the month's tickets came from, and where tickets stay open.
MAP_LAYERS = [{"key": "hotline_received", "label": gettext_lazy("Hotline tickets received"), "format": "number"},
              {"key": "hotline_open", "label": gettext_lazy("Open hotline tickets"), "format": "number"}]


def _figures(local_government, month):
    from hotline.selectors import hotline_figures

    return hotline_figures(local_government, month)


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def kpis(*, local_government, month) -> list[Kpi]:
    figures = _figures(local_government, month)
    hint = _("%(processed)s processed this month, resolution rate %(rate)s") % {
        "processed": formats.number(figures.processed), "rate": formats.percent(figures.resolution_rate)}
    return [Kpi("hotline_open", _("Open hotline tickets"), figures.open,
                _("%(count)s tickets") % {"count": formats.number(figures.open)}, hint, _url("hotline:queue"))]


def panels(*, local_government, month) -> list[Panel]:
    from django.templatetags.static import static

    return [Panel(str(_("119 Hotline")), "hotline/_dashboard_block.html",
                  {"figures": _figures(local_government, month)}, (static("hotline/hotline.css"),))]


def aggregate(*, local_government_id, month: datetime.date, as_of: datetime.date) -> dict:
    """{(scope, scope_id): {"hotline_open", "hotline_received", "hotline_processed"}} in one grouped query."""
    from hotline.models import Ticket
    from hotline.selectors import month_bounds

    start, end = month_bounds(month)
    cutoff = min(end, start_of_day(as_of + datetime.timedelta(days=1)))  # "open now" for the running month
    open_at_cutoff = Q(created_at__lt=cutoff) & (Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
    rows = (Ticket.objects.filter(local_government_id=local_government_id).values("district_id", "dong_id")
            .annotate(open=Count("pk", filter=open_at_cutoff),
                      received=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
                      processed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end,
                                                     status__in=Ticket.PROCESSED_STATUSES)))
            .order_by())
    # Every dong and district starts at zero: no ticket is a real 0 on the map, not "no data".
    from districts.models import AdministrativeDong, District

    names = ("hotline_open", "hotline_received", "hotline_processed")
    totals: dict[tuple[str, int], dict] = {
        (scope, pk): dict.fromkeys(names, 0)
        for scope, model in ((DONG, AdministrativeDong), (DISTRICT, District))
        for pk in model.objects.filter(local_government_id=local_government_id).values_list("pk", flat=True)}
    for row in rows:
        for key in scopes_of(row):
            target = totals.setdefault(key, dict.fromkeys(names, 0))
            target["hotline_open"] += row["open"]
            target["hotline_received"] += row["received"]
            target["hotline_processed"] += row["processed"]
    return totals

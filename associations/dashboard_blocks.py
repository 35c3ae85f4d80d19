"""Merchant associations on the dashboard (contract: dashboard/extensions.py).

Figures per designated district, dong and the government, as of a month's end (today for the
running month):
A government without any association record gets no figures (not zeros).
- assoc_districts: designated districts in the scope; assoc_present / assoc_active: those with an
  association that existed and was not dissolved (was active) that day;
- assoc_members / assoc_open_stores: member stores (open that day) and open stores of the districts
  that have an association; assoc_membership_rate = members / open stores;
- assoc_meetings_12m: meetings in the 12 months up to the day; assoc_terms_expiring: officer terms
  ending within 90 days after it (each association counted once per scope, also when it is shared).
A district lying in two dongs counts in both. The dashboard's types (Kpi, Panel) are imported inside
the functions the dashboard calls; MAP_LAYERS are plain dicts.
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

GOVERNMENT, DONG, DISTRICT = "government", "dong", "district"

EXTRA_COLUMNS = [
    ("assoc_present", gettext_lazy("Districts with a merchant association")),
    ("assoc_active", gettext_lazy("Districts with an active merchant association")),
    ("assoc_members", gettext_lazy("Association member stores")),
    ("assoc_membership_rate", gettext_lazy("Association membership rate")),
    ("assoc_meetings_12m", gettext_lazy("Association meetings in the last 12 months")),
    ("assoc_terms_expiring", gettext_lazy("Officer terms ending within 90 days")),
]

MAP_LAYERS = [
    {"key": "assoc_membership_rate", "label": gettext_lazy("Association membership rate"), "format": "percent"},
    {"key": "assoc_meetings_12m", "label": gettext_lazy("Association meetings (12 months)"), "format": "number"},
]

KEYS = ("assoc_districts", "assoc_present", "assoc_active", "assoc_members", "assoc_open_stores",
        "assoc_meetings_12m", "assoc_terms_expiring")


def as_of_date(month: datetime.date) -> datetime.date:
    """The month's last day, or today for the running month."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return min(last, timezone.localdate())


def scope_figures(local_government_id: int, day: datetime.date) -> dict[tuple[str, int], dict]:
    """{(scope, scope_id): figures} for the government, its dongs and its districts, on `day`."""
    from districts.models import District

    from . import selectors

    everything = selectors.figures_of(local_government_id, day)
    if not everything:  # a government that keeps no association records has no association figures
        return {}
    all_figures = [f for f in everything if f.present]
    covering: dict[int, selectors.AssociationFigures] = {}
    for figures in all_figures:
        for district in figures.association.districts.all():
            covering[district.pk] = figures
    districts = list(District.objects.filter(local_government_id=local_government_id)
                     .filter(pk__in=set(covering)) | District.objects.filter(
                         local_government_id=local_government_id, status=District.Status.DESIGNATED))
    dongs_of = {}
    for district_id, dong_id in District.dongs.through.objects.filter(
            district_id__in=[d.pk for d in districts]).values_list("district_id", "administrativedong_id"):
        dongs_of.setdefault(district_id, []).append(dong_id)
    totals: dict[tuple[str, int], dict] = {}
    seen: dict[tuple[str, int], set] = {}
    for district in districts:
        figures = covering.get(district.pk)
        row = dict.fromkeys(KEYS, 0)
        row["assoc_districts"] = 1
        if figures is not None:
            row["assoc_present"] = 1
            row["assoc_active"] = int(figures.active)
            row["assoc_members"] = figures.district_members.get(district.pk, 0)
            row["assoc_open_stores"] = figures.district_open.get(district.pk, 0)
        keys = [(GOVERNMENT, 0), *[(DONG, dong_id) for dong_id in dongs_of.get(district.pk, [])],
                (DISTRICT, district.pk)]
        for key in keys:
            target = totals.setdefault(key, dict.fromkeys(KEYS, 0))
            for name in ("assoc_districts", "assoc_present", "assoc_active", "assoc_members", "assoc_open_stores"):
                target[name] += row[name]
            if figures is not None and figures.association.pk not in seen.setdefault(key, set()):
                seen[key].add(figures.association.pk)
                target["assoc_meetings_12m"] += figures.meetings_12m
                target["assoc_terms_expiring"] += figures.terms_expiring
    for values in totals.values():
        values["assoc_membership_rate"] = (values["assoc_members"] / values["assoc_open_stores"]
                                           if values["assoc_open_stores"] else None)
    return totals


def aggregate(*, local_government_id, month: datetime.date, as_of: datetime.date) -> dict:
    return scope_figures(local_government_id, min(as_of, as_of_date(month)))


def _percent(value) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _number(value) -> str:
    return number_format(value or 0, force_grouping=True)


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def kpis(*, local_government, month) -> list:

    figures = scope_figures(local_government.pk, as_of_date(month)).get((GOVERNMENT, 0), dict.fromkeys(KEYS, 0))
    figures.setdefault("assoc_membership_rate", None)
    hint = _("%(present)s of %(districts)s districts have an association; membership rate %(rate)s") % {
        "present": _number(figures["assoc_present"]), "districts": _number(figures["assoc_districts"]),
        "rate": _percent(figures["assoc_membership_rate"])}
    note = _("%(meetings)s meetings in 12 months, %(terms)s officer terms ending within 90 days") % {
        "meetings": _number(figures["assoc_meetings_12m"]), "terms": _number(figures["assoc_terms_expiring"])}
    return [Kpi("assoc_active", _("Active merchant associations"), figures["assoc_active"],
                _("%(count)s districts") % {"count": _number(figures["assoc_active"])}, hint,
                _url("associations:list"), note)]


def panel_context(local_government, month) -> dict:
    from districts.models import AdministrativeDong

    day = as_of_date(month)
    figures = scope_figures(local_government.pk, day)
    dongs = {d.pk: d.name for d in AdministrativeDong.objects.filter(local_government=local_government)}
    rows = []
    for (scope, scope_id), values in figures.items():
        if scope == DONG and values["assoc_districts"]:
            rows.append({"name": dongs.get(scope_id, "-"), **values,
                         "rate_percent": round(values["assoc_membership_rate"] * 100)
                         if values["assoc_membership_rate"] is not None else 0})
    rows.sort(key=lambda r: r["name"])
    total = figures.get((GOVERNMENT, 0), {**dict.fromkeys(KEYS, 0), "assoc_membership_rate": None})
    return {"month": month, "as_of": day, "rows": rows, "total": total, "list_url": _url("associations:list")}


def panels(*, local_government, month) -> list:
    from django.templatetags.static import static


    return [Panel(str(_("Merchant association status")), "associations/_dashboard_block.html",
                  panel_context(local_government, month), (static("associations/associations.css"),))]

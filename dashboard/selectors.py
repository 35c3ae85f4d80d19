"""Reads behind the dashboard page, its data endpoints, the wall screen and the Excel export.

Every function takes the caller's local government, so an official only ever
reads their own government's figures. Responses are cached under a key carrying
the government's cache version, which every aggregation run bumps.
"""

from __future__ import annotations

import datetime
import json

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from shapely.geometry import shape

from core import bounds
from districts import geo
from districts.models import AdministrativeDong, District
from giftcerts.models import Franchise, FranchiseApplication
from merchants.models import IndustryCategory, Store
from sales import selectors as sales_selectors

from . import extensions, formats, impact, metrics, services
from .models import ImpactStudy, MetricSnapshot
from .months import as_of_date, month_key, parse_month

INDICATOR_FIELDS = services.METRIC_FIELDS  # every figure of a snapshot
SIMPLIFY_M = 5.0
PRECISION = 5  # about 1 m
# What the map needs per district (the six colourings, and two figures for tooltips and the table);
# every figure of a district is in its drill-down and its trend. Kept short: 119 districts must stay
# under 150 KB (the eligible-store count, not needed to colour, is left to the drill-down).
MAP_FIELDS = ("open_stores", "closures", "franchise_stores", "franchise_rate", "franchise_rate_eligible",
              "onnuri_share", "sales_yoy", "total_sales_won")
# What the franchise-rate-by-dong chart and table need per dong.
DONG_FIELDS = ("open_stores", "franchise_stores", "franchise_rate", "eligible_stores", "eligible_franchise_stores",
               "franchise_rate_eligible", "total_sales_won", "onnuri_sales_won")
COORD_SCALE = 100_000  # stores.json: coordinates as integers of 1e-5 degree from an origin


# --- Caching ------------------------------------------------------------------------------------

def body_key(local_government_id: int, name: str, *, version: int | None = None, per_language: bool = True) -> str:
    """The cache key of a body; `version` defaults to the government's current one."""
    if version is None:
        version = services.cache_version(local_government_id)
    language = get_language() if per_language else "-"
    return f"dashboard:{local_government_id}:{version}:{language}:{name}"


def cached_json(local_government_id: int, name: str, build, *, timeout: int | None = None,
                per_language: bool = True, version: int | None = None) -> bytes:
    """The JSON bytes of `build()`, cached per government, cache version, `name` (and language, for text).

    `version` is given when warming the next version before it is switched to (publish_dashboard).
    """
    key = body_key(local_government_id, name, version=version, per_language=per_language)
    body = cache.get(key)
    if body is None:
        body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
        cache.set(key, body, timeout or settings.DASHBOARD_CACHE_SECONDS)
    return body


# --- Months and snapshots -------------------------------------------------------------------------

def available_months(local_government) -> list[datetime.date]:
    """Aggregated months, newest first."""
    return list(MetricSnapshot.objects.filter(local_government=local_government, scope=metrics.GOVERNMENT)
                .order_by("-month").values_list("month", flat=True))


def latest_month(local_government) -> datetime.date | None:
    """The newest aggregated month with sales reported; the newest aggregated one if none has any.

    The running month is aggregated nightly but its sales come in the month after,
    so the default view is the last month whose figures are complete.
    """
    snapshots = MetricSnapshot.objects.filter(local_government=local_government, scope=metrics.GOVERNMENT)
    with_sales = snapshots.filter(reporting_stores__gt=0).aggregate(m=Max("month"))["m"]
    return with_sales or snapshots.aggregate(m=Max("month"))["m"]


def resolve_month(local_government, value) -> datetime.date:
    """A requested month (or the default one) that has snapshots; Http404 otherwise."""
    if value in (None, ""):
        month = latest_month(local_government)
        if month is None:
            raise Http404(_("No month has been aggregated yet."))
        return month
    month = parse_month(value)
    if not MetricSnapshot.objects.filter(local_government=local_government, scope=metrics.GOVERNMENT,
                                         month=month).exists():
        raise Http404(_("The figures of %(month)s have not been aggregated yet.") % {"month": month_key(month)})
    return month


def snapshot_values(local_government, month, scope) -> dict[int, dict]:
    rows = MetricSnapshot.objects.filter(local_government=local_government, month=month, scope=scope).values(
        "scope_id", *INDICATOR_FIELDS)
    return {row.pop("scope_id"): row for row in rows}


def layer_values(local_government, month, scope) -> dict[int, dict]:
    """The apps' map layers (extensions.MAP_LAYERS) per scope id, from MetricSnapshot.extra: a figure
    the app did not store is None ("no data"), never a made-up 0."""
    keys = [layer["key"] for layer in extensions.map_layers()]
    if not keys:
        return {}
    rows = MetricSnapshot.objects.filter(local_government=local_government, month=month, scope=scope).values_list(
        "scope_id", "extra")
    return {scope_id: {key: layer_number((extra or {}).get(key)) for key in keys} for scope_id, extra in rows}


def layer_number(value):
    """A layer figure for the wire: numbers (floats rounded), anything else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return formats.rounded(value) if isinstance(value, float) else value


def layers_of(values: dict[int, dict], scope_id: int) -> dict:
    return values.get(scope_id) or {layer["key"]: None for layer in extensions.map_layers()}


def government_snapshot(local_government, month) -> dict | None:
    return snapshot_values(local_government, month, metrics.GOVERNMENT).get(0)


def compact(values: dict | None) -> dict:
    """Indicator values with floats rounded for the wire; None kept (no data)."""
    values = values or dict.fromkeys(INDICATOR_FIELDS)
    return {k: formats.rounded(values.get(k)) if isinstance(values.get(k), float) else values.get(k)
            for k in INDICATOR_FIELDS}


# --- Map layers -----------------------------------------------------------------------------------

def districts_geojson_bytes(local_government, month: datetime.date, *, version: int | None = None) -> bytes:
    return cached_json(local_government.pk, f"districts:{month_key(month)}",
                       lambda: districts_geojson(local_government, month), per_language=False, version=version)


def stores_json_bytes(local_government, *, version: int | None = None) -> bytes:
    return cached_json(local_government.pk, "stores", lambda: stores_compact(local_government), per_language=False,
                       version=version)


def kpis_bytes(local_government, month: datetime.date, *, version: int | None = None) -> bytes:
    return cached_json(local_government.pk, f"kpis:{month_key(month)}",
                       lambda: kpis(local_government, month, version=version), version=version)


def breakdowns_bytes(local_government, month: datetime.date, *, version: int | None = None) -> bytes:
    return cached_json(local_government.pk, f"breakdowns:{month_key(month)}",
                       lambda: breakdowns(local_government, month), version=version)


def trends_bytes(local_government, scope: str, scope_id: int, name: str, *, version: int | None = None) -> bytes:
    return cached_json(local_government.pk, f"trends:{scope}:{scope_id}",
                       lambda: trends(local_government, scope, scope_id, name), version=version)


WARM_MONTHS = 3  # of a long run (a re-aggregation of every month), the newest are warmed


def warm_dashboard(local_government_id: int, months, *, version: int) -> list[str]:
    """Build every body the dashboard asks for first, under `version` (not yet the current one).

    For the months just aggregated (the newest WARM_MONTHS of them) and the default month: the
    KPI cards (with the impact study), the impact page's study, the district map, the
    breakdowns, in every language; the government's trend; the store markers. Returns the
    names built. District drill-downs and dong/district trends are one small query each and
    are built on demand.
    """
    from districts.models import LocalGovernment

    government = LocalGovernment.objects.filter(pk=local_government_id).first()
    if government is None:
        return []
    wanted = sorted({parse_month(m) for m in months}, reverse=True)[:WARM_MONTHS]
    default = latest_month(government)
    wanted = sorted({*wanted, *([default] if default else [])})
    built = []
    for month in wanted:
        districts_geojson_bytes(government, month, version=version)
        built.append(f"districts:{month_key(month)}")
    stores_json_bytes(government, version=version)
    built.append("stores")
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for month in wanted:
                kpis_bytes(government, month, version=version)
                breakdowns_bytes(government, month, version=version)
                built += [f"{language}:kpis:{month_key(month)}", f"{language}:breakdowns:{month_key(month)}"]
            trends_bytes(government, metrics.GOVERNMENT, 0, government.name, version=version)
            built.append(f"{language}:trends:{metrics.GOVERNMENT}:0")
    return built


def designated_districts(local_government):
    return District.objects.filter(local_government=local_government, status=District.Status.DESIGNATED)


def district_shapes(local_government) -> list[dict]:
    """Simplified boundaries of the designated districts, cached until a district changes."""
    fingerprint = designated_districts(local_government).aggregate(n=Count("pk"), at=Max("updated_at"))
    key = (f"dashboard:shapes:v2:{local_government.pk}:{fingerprint['n']}:"
           f"{fingerprint['at'].timestamp() if fingerprint['at'] else 0}")
    shapes = cache.get(key)
    if shapes is None:
        shapes = [
            {"id": pk, "code": code, "name": name, "pt": representative_point(boundary),
             "geometry": geo.to_geojson(geo.simplify(shape(boundary), tolerance_m=SIMPLIFY_M), precision=PRECISION)}
            for pk, code, name, boundary in designated_districts(local_government).order_by("code").values_list(
                "pk", "code", "name", "boundary")
        ]
        cache.set(key, shapes, 24 * 3600)
    return shapes


def representative_point(boundary) -> list[float] | None:
    """[lon, lat] of a point inside the district (its symbol on the map at low zoom), 1e-5 degree."""
    try:
        point = shape(boundary).representative_point()
    except Exception:  # an empty or broken boundary: no symbol
        return None
    return [round(point.x, PRECISION), round(point.y, PRECISION)]


def districts_geojson(local_government, month: datetime.date) -> dict:
    values = snapshot_values(local_government, month, metrics.DISTRICT)
    layers = layer_values(local_government, month, metrics.DISTRICT)
    features = [
        {"type": "Feature", "id": item["id"], "geometry": item["geometry"],
         "properties": {"id": item["id"], "code": item["code"], "name": item["name"], "pt": item.get("pt"),
                        **{k: v for k, v in compact(values.get(item["id"])).items() if k in MAP_FIELDS},
                        **layers_of(layers, item["id"])}}
        for item in district_shapes(local_government)
    ]
    return {"type": "FeatureCollection", "month": month_key(month), "features": features}


def franchised_now():
    return Exists(metrics.franchise_valid_on(timezone.localdate()).filter(store=OuterRef("pk")))


def stores_compact(local_government) -> dict:
    """Open stores with a position as compact arrays: a few bytes per store instead of a GeoJSON feature.

    x and y are integer offsets of 1e-5 degree (about 1 m) from `origin`;
    `industry` indexes `industries`; 0 means no dong / no district. Three plain
    queries (stores, today's franchised store ids, the industry taxonomy) instead
    of one with a sub-query and a join per store: about a third faster.
    """
    rows = list(Store.objects.filter(local_government=local_government, status=Store.Status.OPEN,
                                     lon__isnull=False, lat__isnull=False)
                .values_list("pk", "lon", "lat", "dong_id", "district_id", "industry_id").order_by("pk"))
    franchised = set(metrics.franchise_valid_on(timezone.localdate()).filter(
        store__local_government=local_government).values_list("store_id", flat=True))
    ids, lons, lats, dongs, districts, industries = zip(*rows, strict=True) if rows else ((),) * 6
    taxonomy = list(IndustryCategory.objects.values_list("pk", "code", "name"))  # a few hundred rows
    major_of = {pk: code[:2] for pk, code, _name in taxonomy}
    names = {code: name for _pk, code, name in taxonomy}
    majors = sorted({major_of.get(i, "") for i in industries})
    major_index = {code: i for i, code in enumerate(majors)}
    origin_lon = float(np.floor(min(lons, default=0.0) * 100) / 100)
    origin_lat = float(np.floor(min(lats, default=0.0) * 100) / 100)
    xs = np.rint((np.asarray(lons, dtype=float) - origin_lon) * COORD_SCALE).astype(int).tolist()
    ys = np.rint((np.asarray(lats, dtype=float) - origin_lat) * COORD_SCALE).astype(int).tolist()
    return {
        "fields": ["id", "x", "y", "franchised", "dong_id", "district_id", "industry"],
        "origin": [origin_lon, origin_lat],
        "scale": 1 / COORD_SCALE,
        "industries": [{"code": code, "name": names.get(code, code or _("Unknown"))} for code in majors],
        "rows": [list(row) for row in zip(
            ids, xs, ys, [1 if pk in franchised else 0 for pk in ids], [d or 0 for d in dongs],
            [d or 0 for d in districts], [major_index[major_of.get(i, "")] for i in industries], strict=True)],
    }


# --- KPIs -----------------------------------------------------------------------------------------

def new_franchises_between(local_government, first: datetime.date, last: datetime.date) -> int:
    """Stores that started a franchise between two days and had none valid the day before (no renewals)."""
    day_before = first - datetime.timedelta(days=1)
    return (Franchise.objects.filter(store__local_government=local_government, valid_from__gte=first,
                                     valid_from__lte=last)
            .exclude(Exists(metrics.franchise_valid_on(day_before).filter(store=OuterRef("store"))))
            .values("store").distinct().count())


def stored_impact_study(local_government, month: datetime.date) -> str | None:
    """The study the aggregation stored for this month (JSON text), None if it has not yet."""
    return ImpactStudy.objects.filter(local_government=local_government, month=month).values_list(
        "body", flat=True).first()


def impact_summary(local_government, as_of: datetime.date | None = None, *, version: int | None = None) -> dict:
    """The event study (see impact.py) as of a month: the stored one, cached per cache version and month.

    Computed here in Python (every sales report loaded) only for a month aggregated before the
    study was stored; the next aggregation run stores it.
    """
    stored = stored_impact_study(local_government, as_of) if as_of else None
    if stored is not None:
        return json.loads(stored)

    def build():
        panel = impact.load_panel(local_government.pk, memo_key=services.cache_version(local_government.pk))
        return impact.event_study(panel, as_of=as_of)

    name = f"impact:{month_key(as_of) if as_of else 'all'}"
    return json.loads(cached_json(local_government.pk, name, build, version=version))


def kpis(local_government, month: datetime.date, *, version: int | None = None) -> dict:
    snapshot = government_snapshot(local_government, month) or {}
    as_of = as_of_date(month)
    week_start = as_of - datetime.timedelta(days=6)
    new_this_week = new_franchises_between(local_government, week_start, as_of)
    study = impact_summary(local_government, month, version=version)
    post = study.get("post") or {}
    cards = [
        extensions.Kpi("franchise_stores", _("Onnuri franchise stores"), snapshot.get("franchise_stores"),
                       formats.count(snapshot.get("franchise_stores")),
                       _("%(count)s new this month") % {"count": formats.number(snapshot.get("new_franchises"))}),
        extensions.Kpi("new_this_week", _("New franchises this week"), new_this_week, formats.count(new_this_week),
                       _("%(first)s to %(last)s") % {"first": week_start.strftime("%m.%d"),
                                                     "last": as_of.strftime("%m.%d")}),
        # The rate Seo-gu's 119 dashboard reports: over the stores that may join, not every open store.
        extensions.Kpi("franchise_rate", _("Franchise rate"), formats.rounded(snapshot.get("franchise_rate_eligible")),
                       formats.percent(snapshot.get("franchise_rate_eligible")),
                       _("of %(count)s stores that may join Onnuri") % {
                           "count": formats.number(snapshot.get("eligible_stores"))},
                       note=_("%(percent)s of all %(count)s open stores") % {
                           "percent": formats.percent(snapshot.get("franchise_rate")),
                           "count": formats.number(snapshot.get("open_stores"))}),
        # The honest headline: the uplift against comparable stores that had not joined yet (the event
        # study); the same stores' before/after comes second, since it also carries the general trend.
        extensions.Kpi("sales_uplift", _("Sales uplift of franchised stores against comparable stores not yet joined"),
                       formats.rounded(post.get("uplift")), formats.percent(post.get("uplift"), signed=True),
                       _("The same stores before and after joining: %(percent)s") % {
                           "percent": formats.percent(post.get("growth"), signed=True)}
                       if post else _("Not enough sales reports yet"),
                       url=f"{reverse('dashboard:impact')}?month={month_key(month)}",
                       note=_("Before and after alone also counts the general trend of sales.") if post else ""),
        extensions.Kpi("sales_yoy", _("Sales year on year"), formats.rounded(snapshot.get("sales_yoy")),
                       formats.percent(snapshot.get("sales_yoy"), signed=True),
                       _("Total %(amount)s") % {"amount": formats.won_compact(snapshot.get("total_sales_won"))}),
        extensions.Kpi("onnuri_share", _("Onnuri share of sales"), formats.rounded(snapshot.get("onnuri_share")),
                       formats.percent(snapshot.get("onnuri_share")),
                       _("Onnuri %(amount)s") % {"amount": formats.won_compact(snapshot.get("onnuri_sales_won"))}),
        *extensions.extra_kpis(local_government=local_government, month=month),
    ]
    return {"month": month_key(month), "as_of": as_of.isoformat(), "government": compact(snapshot),
            "kpis": [card.as_dict() for card in cards]}


# --- Trends and breakdowns ------------------------------------------------------------------------

def parse_scope(local_government, value: str | None) -> tuple[str, int, str]:
    """'government', 'dong:<id>' or 'district:<id>' of this government -> (scope, id, name); 404 otherwise."""
    value = (value or metrics.GOVERNMENT).strip()
    if value == metrics.GOVERNMENT:
        return metrics.GOVERNMENT, 0, local_government.name
    kind, _sep, raw_id = value.partition(":")
    model = {metrics.DONG: AdministrativeDong, metrics.DISTRICT: District}.get(kind)
    if model is None or bounds.parse_int(raw_id) is None:
        raise ValueError(_("Choose a scope as government, dong:<id> or district:<id>."))
    name = model.objects.filter(local_government=local_government, pk=int(raw_id)).values_list(
        "name", flat=True).first()
    if name is None:
        raise Http404
    return kind, int(raw_id), name


def trends(local_government, scope: str, scope_id: int, name: str) -> dict:
    rows = list(MetricSnapshot.objects.filter(local_government=local_government, scope=scope, scope_id=scope_id)
                .order_by("month").values("month", *INDICATOR_FIELDS))
    return {"scope": scope if scope == metrics.GOVERNMENT else f"{scope}:{scope_id}", "name": name,
            "months": [month_key(r["month"]) for r in rows],
            "series": {f: [formats.rounded(r[f]) if isinstance(r[f], float) else r[f] for r in rows]
                       for f in INDICATOR_FIELDS}}


def open_on(day: datetime.date) -> Q:
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=day)) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def breakdowns(local_government, month: datetime.date) -> dict:
    """Franchise rates by dong and the business-type (SEMAS 대분류) mix of open stores by dong."""
    dongs = list(AdministrativeDong.objects.filter(local_government=local_government).order_by("name")
                 .values_list("pk", "name"))
    values = snapshot_values(local_government, month, metrics.DONG)
    layers = layer_values(local_government, month, metrics.DONG)
    mix = (Store.objects.filter(open_on(as_of_date(month)), local_government=local_government)
           .annotate(major=Substr("industry__code", 1, 2)).values("dong_id", "major").annotate(n=Count("pk"))
           .order_by())
    majors = sorted({row["major"] or "" for row in mix})
    names = dict(IndustryCategory.objects.filter(code__in=majors).values_list("code", "name"))
    counts = {(row["dong_id"], row["major"] or ""): row["n"] for row in mix}
    return {
        "month": month_key(month),
        "dongs": [{"id": pk, "name": name, **{k: v for k, v in compact(values.get(pk)).items() if k in DONG_FIELDS},
                   **layers_of(layers, pk)} for pk, name in dongs],
        "industries": [{"code": code, "name": names.get(code, code or _("Unknown"))} for code in majors],
        "mix": [[counts.get((pk, code), 0) for code in majors] for pk, _name in dongs],
    }


# --- District drill-down --------------------------------------------------------------------------

def district_detail(local_government, district_id: int, month: datetime.date, *, store_limit: int = 100) -> dict:
    district = District.objects.filter(local_government=local_government, pk=district_id).first()
    if district is None:
        raise Http404
    month_sales = sales_selectors.reports_of_store(OuterRef("pk"), month)
    stores = list(Store.objects.filter(district=district).order_by("name", "pk")
                  .annotate(franchised=franchised_now(), sales=Subquery(month_sales.values("total_won")[:1]))
                  .values("pk", "name", "branch", "industry__name", "status", "franchised", "sales")[:store_limit])
    applications = FranchiseApplication.objects.filter(store__district=district)
    by_status = dict(applications.values_list("status").annotate(n=Count("pk")).order_by())
    recent = applications.select_related("store").order_by("-created_at")[:10]
    try:
        page = reverse("districts:district_detail", args=[district.pk])
    except NoReverseMatch:
        page = ""
    return {
        "id": district.pk, "code": district.code, "name": district.name, "status": district.get_status_display(),
        "url": page,
        "designated_on": district.designated_on.isoformat() if district.designated_on else None,
        "area_m2": round(district.area_m2), "month": month_key(month),
        "indicators": compact(snapshot_values(local_government, month, metrics.DISTRICT).get(district.pk)),
        "layers": layers_of(layer_values(local_government, month, metrics.DISTRICT), district.pk),
        "trend": trends(local_government, metrics.DISTRICT, district.pk, district.name),
        "stores": {
            "total": Store.objects.filter(district=district).count(),
            "rows": [{"id": s["pk"], "name": f"{s['name']} {s['branch']}".strip(),
                      "industry": s["industry__name"] or "", "open": s["status"] == Store.Status.OPEN,
                      "franchised": s["franchised"], "sales_won": s["sales"]}
                     for s in stores],
        },
        "applications": {
            "by_status": [{"status": value, "label": str(label), "count": by_status.get(value, 0)}
                          for value, label in FranchiseApplication.Status.choices],
            "recent": [{"store": str(a.store), "status": a.get_status_display(),
                        "submitted_at": a.submitted_at.date().isoformat() if a.submitted_at else None}
                       for a in recent],
        },
    }


# --- Excel export ---------------------------------------------------------------------------------

def export_rows(local_government, month: datetime.date) -> dict[str, list[tuple[str, str, dict]]]:
    """{scope: [(code, name, values), ...]} for the month, in a stable order."""
    snapshots = MetricSnapshot.objects.filter(local_government=local_government, month=month)
    by_scope: dict[str, dict[int, dict]] = {metrics.GOVERNMENT: {}, metrics.DONG: {}, metrics.DISTRICT: {}}
    for row in snapshots.values("scope", "scope_id", "extra", *INDICATOR_FIELDS):
        row.update(row.pop("extra") or {})
        by_scope[row.pop("scope")][row.pop("scope_id")] = row
    dongs = AdministrativeDong.objects.filter(pk__in=by_scope[metrics.DONG]).order_by("name").values_list(
        "pk", "code", "name")
    districts = District.objects.filter(pk__in=by_scope[metrics.DISTRICT]).order_by("code").values_list(
        "pk", "code", "name")
    return {
        metrics.GOVERNMENT: [(local_government.code, local_government.name, by_scope[metrics.GOVERNMENT].get(0, {}))],
        metrics.DONG: [(code, name, by_scope[metrics.DONG][pk]) for pk, code, name in dongs],
        metrics.DISTRICT: [(code, name, by_scope[metrics.DISTRICT][pk]) for pk, code, name in districts],
    }


# --- The empty dashboard: why there is nothing yet, and whether figures are being computed ----------

def first_aggregation_months(local_government) -> list[datetime.date]:
    """The months a first aggregation computes: from the first sales report (or the stores' openings,
    at most two years back) to the running month, as `aggregate_metrics --all` does."""
    from .months import add_months, current_month, months_between

    this_month = current_month()
    first_sale = sales_selectors.first_reported_month(local_government.pk)
    first_store = (Store.objects.filter(local_government=local_government, opened_on__isnull=False)
                   .order_by("opened_on").values_list("opened_on", flat=True).first())
    first = first_sale or (max(first_store.replace(day=1), add_months(this_month, -23)) if first_store
                           else this_month)
    return months_between(first, this_month)


def first_aggregation_key(local_government_id: int) -> str:
    return f"dashboard.aggregate_since:{local_government_id}"


def empty_dashboard_state(local_government) -> dict:
    """What an official needs on a dashboard with no figures: what is recorded so far and whether a
    computation is already queued."""
    from core.models import OutboxMessage
    from core.outbox import WAITING

    return {
        "stores": Store.objects.filter(local_government=local_government).count(),
        "sales_reports": sales_selectors.report_count(local_government.pk),
        "pending": OutboxMessage.objects.filter(dedupe_key=first_aggregation_key(local_government.pk),
                                                status__in=WAITING).exists(),
    }

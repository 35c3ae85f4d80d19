"""Reads shared by views, the API and tasks."""

import contextlib
import gzip
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from . import extensions, geo
from .models import AdministrativeDong, District, LocalGovernment


def default_local_government() -> LocalGovernment | None:
    """The government the public pages show (DEFAULT_LOCAL_GOVERNMENT_CODE)."""
    return LocalGovernment.objects.filter(code=settings.DEFAULT_LOCAL_GOVERNMENT_CODE).first()


def dongs_of(local_government) -> QuerySet[AdministrativeDong]:
    return AdministrativeDong.objects.filter(local_government=local_government).order_by("name")


def dongs_feature_collection(dongs, *, simplify_m: float = 5.0, precision: int = 6) -> dict:
    """Dong boundaries as a GeoJSON FeatureCollection, simplified for the map."""
    features = []
    for dong in dongs:
        geom = geo.simplify(shape(dong.boundary), tolerance_m=simplify_m)
        features.append({
            "type": "Feature",
            "id": dong.pk,
            "geometry": geo.to_geojson(geom, precision=precision),
            "properties": {"id": dong.pk, "code": dong.code, "name": dong.name, "area_m2": round(dong.area_m2)},
        })
    return {"type": "FeatureCollection", "features": features}


def dong_locator(local_government) -> geo.PointLocator:
    """A point locator over the government's dongs, keyed by dong id."""
    return geo.PointLocator({d.pk: d.boundary for d in dongs_of(local_government)})


# --- Districts ------------------------------------------------------------------------------------

_TERRITORY_CACHE: dict = {}


@dataclass(frozen=True)
class Territory:
    """A government's dongs as Shapely geometries, and their union."""

    dongs: dict
    union: object


def territory_of(local_government) -> Territory:
    """Dong shapes and their union, cached per process until a dong of the government changes."""
    gov_id = getattr(local_government, "pk", local_government)
    stamp = AdministrativeDong.objects.filter(local_government_id=gov_id).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id"))
    key = (gov_id, stamp["n"], stamp["last"], stamp["top"])
    cached = _TERRITORY_CACHE.get(gov_id)
    if cached and cached[0] == key:
        return cached[1]
    dongs = {pk: shape(boundary) for pk, boundary in
             AdministrativeDong.objects.filter(local_government_id=gov_id).values_list("id", "boundary")}
    territory = Territory(dongs=dongs, union=geo.union(dongs.values()) if dongs else None)
    _TERRITORY_CACHE[gov_id] = (key, territory)
    return territory


def store_points_in_bbox(local_government, geom, *, open_only: bool = True):
    """(ids, lons, lats) of the government's stores in the geometry's bounding box (index pre-filter)."""
    from merchants.models import Store

    stores = Store.objects.filter(local_government=local_government, lon__isnull=False, lat__isnull=False,
                                  **geo.points_within_bbox_filter(geo.bbox(geom)))
    if open_only:
        stores = stores.filter(status=Store.Status.OPEN)
    rows = list(stores.values_list("id", "lon", "lat"))
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def open_store_ids_inside(local_government, geom) -> list[int]:
    """Open stores whose point lies in `geom`: bbox pre-filter on the lon/lat index, then exact test."""
    ids, lons, lats = store_points_in_bbox(local_government, geom)
    mask = geo.points_inside(geom, lons, lats)
    return [pk for pk, inside in zip(ids, mask, strict=True) if inside]


def designated_near(local_government, geom, *, exclude_id=None) -> dict:
    """{district: geometry} of the government's designated districts whose bbox meets `geom`'s."""
    min_lon, min_lat, max_lon, max_lat = geo.bbox(geom)
    districts = District.objects.filter(
        local_government=local_government, status=District.Status.DESIGNATED,
        min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat,
    ).only("id", "code", "name", "boundary")
    if exclude_id:
        districts = districts.exclude(pk=exclude_id)
    return {d: shape(d.boundary) for d in districts}


def designated_district_locator(local_government) -> geo.PointLocator:
    """A point locator over the government's designated districts, keyed by district id
    (for assigning newly imported stores to their district)."""
    return geo.PointLocator(dict(District.objects.filter(
        local_government=local_government, status=District.Status.DESIGNATED).values_list("id", "boundary")))


def districts_of(local_government) -> QuerySet[District]:
    """The districts an official of `local_government` may see (another government's: 404)."""
    return District.objects.filter(local_government=local_government)


def district_rows(queryset, *, as_list: bool = True):
    """Districts for a list or export, their dongs prefetched (a fixed number of queries)."""
    rows = queryset.select_related("local_government").prefetch_related(
        Prefetch("dongs", queryset=AdministrativeDong.objects.only("id", "code", "name").order_by("name"))
    ).order_by("code")
    return list(rows) if as_list else rows


STATUS_COLOURS = {
    District.Status.DRAFT: "#6d7882",
    District.Status.SUBMITTED: "#c05f00",
    District.Status.DESIGNATED: "#0b50d0",
    District.Status.REVOKED: "#bd2c0f",
}


def district_properties(district: District) -> dict:
    return {
        "id": district.pk, "code": district.code, "name": district.name, "status": district.status,
        "status_label": str(district.get_status_display()), "colour": STATUS_COLOURS[district.status],
        "store_count": district.store_count, "area_m2": round(district.area_m2, 1),
        "dongs": [d.name for d in district.dongs.all()],
        "url": reverse("districts:district_detail", args=[district.pk]),
    }


def district_feature(district: District, *, simplify_m: float | None = None, precision: int = 7) -> dict:
    geom = shape(district.boundary)
    if simplify_m:
        geom = geo.simplify(geom, tolerance_m=simplify_m)
    return {"type": "Feature", "id": district.pk, "geometry": geo.to_geojson(geom, precision=precision),
            "properties": district_properties(district)}


def districts_feature_collection(districts, *, simplify_m: float | None = 1.0, precision: int = 6) -> dict:
    return {"type": "FeatureCollection",
            "features": [district_feature(d, simplify_m=simplify_m, precision=precision) for d in districts]}


# --- The map shapes of a government (one cached, gzipped body per data version) ---------------------

SHAPES_FORMAT = 1  # bump when the body's layout or simplification changes
SHAPES_SIMPLIFY_M, SHAPES_DONG_SIMPLIFY_M, SHAPES_PRECISION = 1.0, 10.0, 5  # 5 decimals ~ 1 m
SHAPES_CACHE_SECONDS = 7 * 24 * 3600


def district_shapes_version(local_government) -> str:
    """A digest of everything the shapes body shows (no geometry read): it changes with any
    district's or dong's write, and with the language of the labels."""
    gov_id = getattr(local_government, "pk", local_government)
    districts = District.objects.filter(local_government_id=gov_id).order_by("id").values_list(
        "id", "version", "status", "store_count", "code", "name", "updated_at")
    dongs = AdministrativeDong.objects.filter(local_government_id=gov_id).order_by("id").values_list(
        "id", "code", "name", "updated_at")
    stamp = repr((SHAPES_FORMAT, gov_id, get_language(), list(districts), list(dongs)))
    return hashlib.sha256(stamp.encode()).hexdigest()[:24]


def _shape_properties(district: District) -> dict:
    """What the list map shows: colour and dashes by status, the tooltip, the link."""
    return {
        "id": district.pk, "code": district.code, "name": district.name, "status": district.status,
        "status_label": str(district.get_status_display()), "colour": STATUS_COLOURS[district.status],
        "store_count": district.store_count, "url": reverse("districts:district_detail", args=[district.pk]),
    }


def district_shapes_body(local_government, version: str) -> bytes:
    """{"districts": FeatureCollection, "dongs": FeatureCollection} as gzipped JSON, simplified once per
    version: later requests (and other workers, with a shared cache) read the cached bytes."""
    gov_id = getattr(local_government, "pk", local_government)
    key = f"districts:shapes:{gov_id}:{version}"
    try:
        body = cache.get(key)
    except Exception:  # a cache that is down degrades to building the body
        body = None
    if body is not None:
        return body
    features = []
    for district in District.objects.filter(local_government_id=gov_id).only(
            "id", "code", "name", "status", "store_count", "boundary").order_by("code"):
        geom = geo.simplify(shape(district.boundary), tolerance_m=SHAPES_SIMPLIFY_M)
        features.append({"type": "Feature", "id": district.pk, "properties": _shape_properties(district),
                         "geometry": geo.to_geojson(geom, precision=SHAPES_PRECISION)})
    data = {"version": version, "districts": {"type": "FeatureCollection", "features": features},
            "dongs": dongs_feature_collection(dongs_of(gov_id), simplify_m=SHAPES_DONG_SIMPLIFY_M,
                                              precision=SHAPES_PRECISION)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
    with contextlib.suppress(Exception):  # not cached: the next request builds it again
        cache.set(key, body, SHAPES_CACHE_SECONDS)
    return body


@dataclass
class IndustryCount:
    code: str
    name: str
    count: int
    children: list = field(default_factory=list)


def industry_breakdown(stores) -> list[IndustryCount]:
    """Counts by 대분류, each with its 중분류, for a Store queryset (one query).

    A store's industry may be recorded at any SEMAS level; it is counted under the
    대분류 and 중분류 above it. Stores without one are counted as unclassified.
    """
    rows = stores.values(
        "industry__level", "industry__code", "industry__name",
        "industry__parent__code", "industry__parent__name",
        "industry__parent__parent__code", "industry__parent__parent__name",
    ).annotate(n=Count("id"))
    majors: dict[str, IndustryCount] = {}
    middles: dict[tuple[str, str], IndustryCount] = {}
    for row in rows:
        level = row["industry__level"]
        if level == 1:
            major, middle = (row["industry__code"], row["industry__name"]), None
        elif level == 2:
            major = (row["industry__parent__code"], row["industry__parent__name"])
            middle = (row["industry__code"], row["industry__name"])
        elif level == 3:
            major = (row["industry__parent__parent__code"], row["industry__parent__parent__name"])
            middle = (row["industry__parent__code"], row["industry__parent__name"])
        else:
            major, middle = ("", ""), None
        entry = majors.setdefault(major[0] or "", IndustryCount(major[0] or "", major[1] or "", 0))
        entry.count += row["n"]
        if middle:
            sub = middles.get((entry.code, middle[0]))
            if sub is None:
                sub = middles[(entry.code, middle[0])] = IndustryCount(middle[0], middle[1], 0)
                entry.children.append(sub)
            sub.count += row["n"]
    result = sorted(majors.values(), key=lambda m: (-m.count, m.code))
    for major in result:
        major.children.sort(key=lambda m: (-m.count, m.code))
    return result


def district_stores(district: District):
    """Stores shown on a district's page: those it holds once designated; before that
    (or after revocation) the open stores inside its boundary."""
    from merchants.models import Store

    if district.status == District.Status.DESIGNATED:
        return Store.objects.filter(district=district)
    ids = open_store_ids_inside(district.local_government, shape(district.boundary))
    return Store.objects.filter(pk__in=ids)


@dataclass(frozen=True)
class DistrictConsent:
    """A district's merchant consent as the screens, exports and criteria use it: computed from consent
    records when an app provides them (districts.extensions.consent), else the typed legacy counts."""

    merchants_total: int
    merchants_consenting: int
    recorded: bool  # True: from consent records; False: the counts typed on the district (legacy)
    source_label: str

    @property
    def source(self) -> str:
        return "records" if self.recorded else "typed"

    @property
    def rate(self) -> float | None:
        return self.merchants_consenting / self.merchants_total if self.merchants_total else None


TYPED_CONSENT_LABEL = _("Typed count (legacy)")
RECORDED_CONSENT_LABEL = _("Consent records")


def _typed_consent(district: District) -> DistrictConsent:
    return DistrictConsent(district.merchants_total, district.merchants_consenting, False, str(TYPED_CONSENT_LABEL))


def _recorded_consent(figures: extensions.ConsentFigures) -> DistrictConsent:
    return DistrictConsent(figures.merchants_total, figures.merchants_consenting, True, figures.source)


def district_consent(district: District, geom=None) -> DistrictConsent:
    """The consent of one district; `geom`: the boundary being checked when it is not the saved one."""
    figures = extensions.consent(district=district, geom=geom)
    return _recorded_consent(figures) if figures is not None else _typed_consent(district)


def district_consents(districts) -> dict[int, DistrictConsent]:
    """{district id: consent} for a list or an export (providers compute many districts at once)."""
    districts = list(districts)
    recorded = extensions.consents(districts=districts)
    return {d.pk: _recorded_consent(recorded[d.pk]) if d.pk in recorded else _typed_consent(d) for d in districts}


def event_consent(event) -> DistrictConsent | None:
    """The merchant consent a DesignationEvent recorded with its criteria (None when it has none).
    Events from before consent records name no source: their counts were typed."""
    consent = next((c for c in (event.criteria or {}).get("criteria", []) if c.get("key") == "consent"), None)
    if consent is None:
        return None
    values = consent.get("values") or {}
    recorded = values.get("source") == "records"
    label = (values.get("source_label") or str(RECORDED_CONSENT_LABEL)) if recorded else str(TYPED_CONSENT_LABEL)
    return DistrictConsent(int(values.get("merchants_total") or 0), int(values.get("merchants_consenting") or 0),
                           recorded, label)


def district_events(district: District):
    return district.events.select_related("actor").order_by("created_at", "id")


STORE_PICKER_LIMIT = 20


def stores_for_boundary_picker(local_government, query: str, *, limit: int = STORE_PICKER_LIMIT) -> list[dict]:
    """Stores of the government with a location whose name or address contains the query, for the
    district form's "boundary from stores" picker (the keyboard alternative to drawing)."""
    from django.db.models import Q

    from merchants.models import Store

    query = (query or "").strip()
    if not query:
        return []
    stores = (Store.objects.filter(local_government=local_government, lon__isnull=False, lat__isnull=False)
              .filter(Q(name__icontains=query) | Q(road_address__icontains=query) | Q(lot_address__icontains=query))
              .order_by("name", "pk"))
    return [{"id": s.pk, "name": s.name, "address": s.road_address or s.lot_address, "status": s.get_status_display()}
            for s in stores.only("pk", "name", "road_address", "lot_address", "status")[:limit]]


def store_points_by_ids(local_government, store_ids) -> list[tuple[int, float, float]]:
    """(id, lon, lat) of those of the given stores that belong to the government and have a location."""
    from merchants.models import Store

    return list(Store.objects.filter(local_government=local_government, pk__in=list(store_ids), lon__isnull=False,
                                     lat__isnull=False).values_list("id", "lon", "lat"))

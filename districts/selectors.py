"""Reads shared by views, the API and tasks."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from shapely.geometry import shape

from . import geo
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

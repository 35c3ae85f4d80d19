"""Reads shared by views, the API and tasks."""

from django.conf import settings
from django.db.models import QuerySet

from . import geo
from .models import AdministrativeDong, LocalGovernment


def default_local_government() -> LocalGovernment | None:
    """The government the public pages show (DEFAULT_LOCAL_GOVERNMENT_CODE)."""
    return LocalGovernment.objects.filter(code=settings.DEFAULT_LOCAL_GOVERNMENT_CODE).first()


def dongs_of(local_government) -> QuerySet[AdministrativeDong]:
    return AdministrativeDong.objects.filter(local_government=local_government).order_by("name")


def dongs_feature_collection(dongs, *, simplify_m: float = 5.0, precision: int = 6) -> dict:
    """Dong boundaries as a GeoJSON FeatureCollection, simplified for the map."""
    from shapely.geometry import shape

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

"""districts.geo: areas in EPSG:5186, validation reasons, and the point locator on real data."""

import csv

import pytest
import shapely
from shapely.geometry import box

from districts import geo
from districts.models import AdministrativeDong
from districts.selectors import dong_locator
from tests.conftest import MALBAWI_STORES, YANGDONG_STORES


def read_market_points(path):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, [float(r["경도"]) for r in rows], [float(r["위도"]) for r in rows]


@pytest.mark.django_db
def test_yangdong_market_stores_are_located_as_the_real_data_says(seogu):
    rows, lons, lats = read_market_points(YANGDONG_STORES)
    assert len(rows) == 422
    names = dict(AdministrativeDong.objects.values_list("id", "name"))
    located = [names.get(dong_id) for dong_id in dong_locator(seogu).locate(lons, lats)]

    assert located.count("양동") == 419
    assert [r["점포명"] for r, d in zip(rows, located, strict=True) if d == "양3동"] == ["호박꽃식육점"]
    unassigned = sorted(r["점포명"] for r, d in zip(rows, located, strict=True) if d is None)
    assert unassigned == sorted(["커피스토리", "보물섬회직판장"])


@pytest.mark.django_db
def test_no_malbawi_store_of_bukgu_falls_in_a_seogu_dong(seogu):
    rows, lons, lats = read_market_points(MALBAWI_STORES)
    assert len(rows) == 411
    assert dong_locator(seogu).locate(lons, lats) == [None] * 411


def test_locator_never_snaps_to_the_nearest_polygon_and_skips_missing_coordinates():
    locator = geo.PointLocator({"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1)})
    assert locator.locate([0.5, 1.5, 5.0, float("nan")], [0.5, 0.5, 5.0, 0.5]) == ["a", "b", None, None]
    assert locator.locate_one(1.0, 0.5) == "a"  # shared edge: the first polygon given, deterministically
    assert locator.locate_one(None, None) is None


def test_area_of_a_known_square_in_epsg5186():
    # A 100 m x 100 m square built in EPSG:5186 and taken back to lon/lat.
    from pyproj import Transformer

    back = Transformer.from_crs("EPSG:5186", "EPSG:4326", always_xy=True)
    x0, y0 = Transformer.from_crs("EPSG:4326", "EPSG:5186", always_xy=True).transform(126.88, 35.15)
    corners = [(x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 100), (x0, y0 + 100), (x0, y0)]
    ring = [back.transform(x, y) for x, y in corners]
    assert geo.area_m2({"type": "Polygon", "coordinates": [ring]}) == pytest.approx(10_000, rel=0.005)
    assert geo.format_area(10_000) == "10,000 m²"
    assert geo.format_area(47_677_816) == "47.68 km²"


SQUARE = [[126.88, 35.15], [126.881, 35.15], [126.881, 35.151], [126.88, 35.151], [126.88, 35.15]]


def test_validate_accepts_a_polygon_feature_and_collection():
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}
    assert geo.validate_geometry(feature).geom_type == "Polygon"
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert geo.validate_geometry(collection).geom_type == "Polygon"


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Point", "coordinates": [126.88, 35.15]}, "Point"),
        ({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, "closed"),
        ({"type": "Polygon", "coordinates": [[[126.88, 35.15], [126.881, 35.151], [126.881, 35.15],
                                              [126.88, 35.151], [126.88, 35.15]]]}, "self-intersection"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}, "outside Korea"),
        ({"type": "Polygon", "coordinates": [[[126.88, 35.15], [126.881, 35.15], [126.88, 35.15]]]}, "at least 4"),
        ({"type": "Polygon", "coordinates": [[["a", 35.15], [126.881, 35.15], [126.881, 35.151], ["a", 35.15]]]},
         "numbers"),
    ],
)
def test_validate_explains_what_is_wrong(geometry, expected):
    from django.utils import translation

    with translation.override("en"), pytest.raises(geo.GeometryError) as excinfo:
        geo.validate_geometry(geometry)
    assert expected in str(excinfo.value)


def test_validation_messages_are_korean_by_default():
    with pytest.raises(geo.GeometryError) as excinfo:
        geo.validate_geometry({"type": "Polygon", "coordinates": [SQUARE[:-1]]})
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(excinfo.value)), str(excinfo.value)


def test_overlaps_ignore_touching_edges():
    a = box(126.880, 35.150, 126.881, 35.151)
    touching = box(126.881, 35.150, 126.882, 35.151)
    crossing = box(126.8805, 35.150, 126.8815, 35.151)
    found = geo.overlaps(a, {"touching": touching, "crossing": crossing})
    assert [o.key for o in found] == ["crossing"]
    assert found[0].area_m2 == pytest.approx(geo.area_m2(a) / 2, rel=0.01)


def test_simplify_keeps_a_valid_smaller_geometry():
    circle = shapely.Point(126.88, 35.15).buffer(0.01, quad_segs=64)
    simple = geo.simplify(circle, tolerance_m=20)
    assert simple.is_valid
    assert shapely.get_num_coordinates(simple) < shapely.get_num_coordinates(circle)
    assert geo.area_m2(simple) == pytest.approx(geo.area_m2(circle), rel=0.01)

"""All spatial code lives here (GeoJSON in JSONFields, Shapely 2, pyproj).

Keeping it in one module means a PostGIS backend can be added behind these
functions later without touching the rest of the project.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from django.utils.translation import gettext as _
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from core import jsonlimits
from core.korean import particles

WGS84 = "EPSG:4326"
KOREA_TM = "EPSG:5186"  # Korea 2000 / Central Belt 2010, metres

# A generous box around the Korean peninsula and islands (lon, lat).
KOREA_BOUNDS = (124.0, 33.0, 132.0, 39.0)

POLYGONAL = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """A geometry the user gave cannot be used. The message is human-readable."""


@lru_cache(maxsize=1)
def _to_korea_tm() -> Transformer:
    return Transformer.from_crs(WGS84, KOREA_TM, always_xy=True)


def to_korea_tm(geom: BaseGeometry) -> BaseGeometry:
    """Project lon/lat geometry to EPSG:5186 metres (vectorised over all vertices)."""
    transformer = _to_korea_tm()

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, project)


def area_m2(geometry: BaseGeometry | Mapping) -> float:
    """Area in square metres, computed in EPSG:5186."""
    geom = geometry if isinstance(geometry, BaseGeometry) else shape(geometry)
    return float(to_korea_tm(geom).area)


def format_area(value_m2: float) -> str:
    """'1,234 m²' below one square kilometre, '12.34 km²' above."""
    if value_m2 >= 1_000_000:
        return f"{value_m2 / 1_000_000:,.2f} km²"
    return f"{value_m2:,.0f} m²"


def extract_geometry(data) -> dict:
    """Accept a geometry, a Feature or a one-feature FeatureCollection (dict or JSON text)."""
    if isinstance(data, (str, bytes)):
        try:
            data = jsonlimits.loads(data)
        except jsonlimits.JSONInputError as exc:
            raise GeometryError(_("The file is not valid GeoJSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(data, Mapping):
        raise GeometryError(_("GeoJSON must be an object with a 'type'."))
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise GeometryError(
                _("The FeatureCollection must hold exactly one feature; it holds %(count)d.")
                % {"count": len(features)}
            )
        return extract_geometry(features[0])
    if kind == "Feature":
        geometry = data.get("geometry")
        if not geometry:
            raise GeometryError(_("The feature has no geometry."))
        return extract_geometry(geometry)
    if not isinstance(kind, str):
        raise GeometryError(_("GeoJSON must be an object with a 'type'."))
    return dict(data)


def _rings(geometry: Mapping) -> Iterable[Sequence]:
    coords = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        yield from coords or []
    elif geometry["type"] == "MultiPolygon":
        for polygon in coords or []:
            yield from polygon


def validate_geometry(data, *, allowed_types: Sequence[str] = POLYGONAL) -> BaseGeometry:
    """Return a valid Shapely geometry or raise GeometryError saying what is wrong.

    Checks, in the order a person would fix them: the type, ring closure and
    vertex count, coordinates being numbers, position inside Korea, then
    topological validity (self-intersection etc.).
    """
    geometry = extract_geometry(mapping(data) if isinstance(data, BaseGeometry) else data)
    kind = geometry.get("type")
    if kind not in allowed_types:
        raise GeometryError(
            _("Expected %(expected)s but got %(actual)s%(actual_ga)s.")
            % particles({"expected": " / ".join(allowed_types), "actual": kind or _("nothing")}, actual="이/가")
        )
    if kind in POLYGONAL:
        rings = list(_rings(geometry))
        if not rings:
            raise GeometryError(_("The polygon has no coordinates."))
        for ring in rings:
            if not isinstance(ring, Sequence) or len(ring) < 4:
                raise GeometryError(_("A polygon ring needs at least 4 positions (3 corners and the closing one)."))
            try:
                first = [float(v) for v in ring[0][:2]]
                last = [float(v) for v in ring[-1][:2]]
            except (TypeError, ValueError, IndexError) as exc:
                raise GeometryError(_("Coordinates must be [longitude, latitude] numbers.")) from exc
            if first != last:
                raise GeometryError(
                    _("A polygon ring is not closed: its first and last positions differ (%(first)s / %(last)s).")
                    % {"first": first, "last": last}
                )
    try:
        geom = shape(geometry)
    except (TypeError, ValueError, IndexError, AttributeError, shapely.errors.GEOSException) as exc:
        raise GeometryError(_("The geometry's coordinates cannot be read: %(error)s") % {"error": exc}) from exc
    if geom.is_empty:
        raise GeometryError(_("The geometry is empty."))
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise GeometryError(_("Coordinates must be [longitude, latitude] numbers."))
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    k_min_lon, k_min_lat, k_max_lon, k_max_lat = KOREA_BOUNDS
    if min_lon < k_min_lon or max_lon > k_max_lon or min_lat < k_min_lat or max_lat > k_max_lat:
        raise GeometryError(
            _(
                "The geometry lies outside Korea (longitude %(lon).4f, latitude %(lat).4f). "
                "Coordinates must be WGS84 [longitude, latitude]."
            )
            % {"lon": geom.centroid.x, "lat": geom.centroid.y}
        )
    if not geom.is_valid:
        reason = explain_validity(geom)
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            raise GeometryError(
                _("The boundary crosses itself (self-intersection near %(where)s). Redraw it without crossing lines.")
                % {"where": _reason_location(reason)}
            )
        raise GeometryError(_("The geometry is not valid: %(reason)s") % {"reason": reason})
    return geom


def _reason_location(reason: str) -> str:
    """'Self-intersection[126.9 35.1]' -> '126.9, 35.1'."""
    if "[" in reason and "]" in reason:
        return reason[reason.index("[") + 1 : reason.index("]")].replace(" ", ", ")
    return reason


def as_multipolygon(geom: BaseGeometry) -> BaseGeometry:
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    return geom


def to_geojson(geom: BaseGeometry, *, precision: int = 6) -> dict:
    """A GeoJSON geometry dict with coordinates rounded to `precision` decimals."""
    rounded = shapely.set_precision(geom, 10**-precision) if precision is not None else geom
    if rounded.is_empty:  # rounding collapsed a tiny geometry: keep the original
        rounded = geom
    # Through JSON text so coordinates are lists, exactly as a JSONField reads them back.
    return json.loads(shapely.to_geojson(rounded))


def simplify(geom: BaseGeometry, *, tolerance_m: float = 5.0) -> BaseGeometry:
    """Simplify for map output, keeping topology; tolerance in metres (approx. in degrees)."""
    tolerance_deg = tolerance_m / 111_320.0
    simplified = shapely.simplify(geom, tolerance_deg, preserve_topology=True)
    return simplified if not simplified.is_empty else geom


def bbox(geom: BaseGeometry) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat)."""
    return tuple(float(v) for v in geom.bounds)  # type: ignore[return-value]


def points_within_bbox_filter(bounds: tuple[float, float, float, float]) -> dict:
    """Django filter kwargs selecting lon/lat rows inside a bounding box (index pre-filter)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    return {"lon__gte": min_lon, "lon__lte": max_lon, "lat__gte": min_lat, "lat__lte": max_lat}


@dataclass(frozen=True)
class Overlap:
    key: object
    area_m2: float


def overlaps(geom: BaseGeometry, others: Mapping[object, BaseGeometry], *, min_area_m2: float = 1.0) -> list[Overlap]:
    """Which of `others` share more than `min_area_m2` with `geom` (touching edges do not count)."""
    if not others:
        return []
    keys = list(others)
    tree = shapely.STRtree([others[k] for k in keys])
    found = []
    for index in tree.query(geom, predicate="intersects"):
        shared = shapely.intersection(geom, others[keys[index]])
        if shared.is_empty:
            continue
        shared_area = area_m2(shared)
        if shared_area > min_area_m2:
            found.append(Overlap(keys[index], shared_area))
    return found


class PointLocator:
    """Assign many lon/lat points to polygons at once (Shapely STRtree, vectorised).

    A point on the shared edge of two polygons goes to the first one given.
    A point in none of them is reported as None: never snapped to the nearest.
    """

    def __init__(self, polygons: Mapping[object, BaseGeometry | Mapping]):
        self.keys = list(polygons)
        self.geometries = [g if isinstance(g, BaseGeometry) else shape(g) for g in polygons.values()]
        for g in self.geometries:
            shapely.prepare(g)
        self.tree = shapely.STRtree(self.geometries)

    def locate(self, lons: Sequence[float], lats: Sequence[float]) -> list:
        lon_array = np.asarray(lons, dtype=float)
        lat_array = np.asarray(lats, dtype=float)
        result: list = [None] * len(lon_array)
        if not len(lon_array) or not self.keys:
            return result
        valid = np.isfinite(lon_array) & np.isfinite(lat_array)
        valid_idx = np.flatnonzero(valid)
        points = shapely.points(lon_array[valid_idx], lat_array[valid_idx])
        point_idx, polygon_idx = self.tree.query(points, predicate="intersects")
        # Keep the lowest polygon index per point (deterministic on shared edges).
        order = np.lexsort((polygon_idx, point_idx))
        point_idx, polygon_idx = point_idx[order], polygon_idx[order]
        first = np.ones(len(point_idx), dtype=bool)
        first[1:] = point_idx[1:] != point_idx[:-1]
        for p, g in zip(point_idx[first], polygon_idx[first], strict=True):
            result[valid_idx[p]] = self.keys[g]
        return result

    def locate_one(self, lon: float | None, lat: float | None):
        if lon is None or lat is None:
            return None
        return self.locate([lon], [lat])[0]


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine), for 'near me' sorting."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# --- Districts: point-in-polygon, unions, outlines and clustering -------------------------------


@lru_cache(maxsize=1)
def _from_korea_tm() -> Transformer:
    return Transformer.from_crs(KOREA_TM, WGS84, always_xy=True)


def from_korea_tm(geom: BaseGeometry) -> BaseGeometry:
    """EPSG:5186 metres back to lon/lat."""
    transformer = _from_korea_tm()

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, project)


def project_points(lons: Sequence[float], lats: Sequence[float]) -> np.ndarray:
    """lon/lat arrays -> an (n, 2) array of EPSG:5186 metres."""
    if not len(lons):
        return np.empty((0, 2))
    x, y = _to_korea_tm().transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    return np.column_stack([x, y])


def points_inside(geom: BaseGeometry, lons: Sequence[float], lats: Sequence[float]) -> np.ndarray:
    """A boolean mask: which lon/lat points lie in `geom` (its edge counts as inside)."""
    lon_array = np.asarray(lons, dtype=float)
    lat_array = np.asarray(lats, dtype=float)
    if not len(lon_array):
        return np.zeros(0, dtype=bool)
    shapely.prepare(geom)
    return shapely.intersects_xy(geom, lon_array, lat_array)


def union(geometries: Iterable[BaseGeometry]) -> BaseGeometry:
    return shapely.union_all(list(geometries))


def area_outside_m2(geom: BaseGeometry, container: BaseGeometry) -> float:
    """Square metres of `geom` that fall outside `container`."""
    outside = shapely.difference(geom, container)
    return 0.0 if outside.is_empty else area_m2(outside)


def polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the (multi)polygon part of a geometry (clipping can leave lines and points)."""
    if geom.geom_type in POLYGONAL:
        return geom
    polygons = [g for g in getattr(geom, "geoms", []) if g.geom_type in POLYGONAL]
    parts = []
    for g in polygons:
        parts.extend(getattr(g, "geoms", [g]))
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def outline_points_m(xy: np.ndarray, *, radius_m: float, closing_m: float, quad_segs: int = 3) -> BaseGeometry:
    """A shape hugging points given in metres: buffers of `radius_m` merged, gaps up to
    2 x `closing_m` closed (a morphological closing), holes filled. Points closer than
    10 cm count once (stores in one building)."""
    if not len(xy):
        return shapely.Polygon()
    unique = np.unique(np.round(xy, 1), axis=0)
    blobs = shapely.union_all(shapely.buffer(shapely.points(unique), radius_m, quad_segs=quad_segs))
    closed = shapely.buffer(shapely.buffer(blobs, closing_m, quad_segs=quad_segs), -closing_m, quad_segs=quad_segs)
    return _fill_holes(shapely.make_valid(closed))


def _fill_holes(geom: BaseGeometry) -> BaseGeometry:
    parts = [shapely.Polygon(p.exterior) for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def outline_points(lons: Sequence[float], lats: Sequence[float], *, radius_m: float = 12.0,
                   closing_m: float = 20.0) -> BaseGeometry:
    """The same outline for lon/lat points, returned in lon/lat."""
    return from_korea_tm(outline_points_m(project_points(lons, lats), radius_m=radius_m, closing_m=closing_m))


def neighbour_counts(xy: np.ndarray, radius_m: float) -> np.ndarray:
    """For each point (metres), how many points (itself included) lie within `radius_m`."""
    if not len(xy):
        return np.zeros(0, dtype=int)
    points = shapely.points(xy)
    left, _right = shapely.STRtree(points).query(points, predicate="dwithin", distance=radius_m)
    return np.bincount(left, minlength=len(points))


def kmeans(xy: np.ndarray, k: int, *, seed: int, iterations: int = 30) -> np.ndarray:
    """Deterministic k-means (k-means++ start from `seed`): a cluster label for every point."""
    n = len(xy)
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    centres = [xy[rng.integers(n)]]
    for _count in range(1, k):
        d2 = np.min(((xy[:, None, :] - np.asarray(centres)[None, :, :]) ** 2).sum(axis=2), axis=1)
        total = d2.sum()
        centres.append(xy[rng.choice(n, p=d2 / total)] if total > 0 else xy[rng.integers(n)])
    centres_array = np.asarray(centres, dtype=float)
    labels = np.zeros(n, dtype=int)
    for step in range(iterations):
        d2 = ((xy[:, None, :] - centres_array[None, :, :]) ** 2).sum(axis=2)
        new_labels = d2.argmin(axis=1)
        if step > 0 and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for c in range(k):
            members = xy[labels == c]
            if len(members):
                centres_array[c] = members.mean(axis=0)
    return labels


def connected_clusters(xy: np.ndarray, radius_m: float) -> np.ndarray:
    """Label points (metres) so that points closer than `radius_m`, directly or through a
    chain of others, share a label (single-linkage, as DBSCAN links its core points)."""
    n = len(xy)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if n:
        points = shapely.points(xy)
        left, right = shapely.STRtree(points).query(points, predicate="dwithin", distance=radius_m)
        for a, b in zip(left[left < right], right[left < right], strict=True):
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    roots = np.array([find(i) for i in range(n)], dtype=int)
    _unique, labels = np.unique(roots, return_inverse=True)
    return labels


def polygon_parts(geom: BaseGeometry, *, min_area_m2: float = 0.0) -> list[BaseGeometry]:
    """The polygons of a (multi)polygon or collection, largest first, dropping slivers
    smaller than `min_area_m2` (areas taken as given: call it on projected geometries)."""
    polygonal = polygonal_part(geom)
    parts = [p for p in getattr(polygonal, "geoms", [polygonal]) if not p.is_empty and p.area >= min_area_m2]
    return sorted(parts, key=lambda p: -p.area)


def indices_inside(geom: BaseGeometry, xy: np.ndarray) -> np.ndarray:
    """Indices of the points (same CRS as `geom`) inside it, edge included."""
    if not len(xy):
        return np.zeros(0, dtype=int)
    shapely.prepare(geom)
    min_x, min_y, max_x, max_y = geom.bounds
    near = np.flatnonzero((xy[:, 0] >= min_x) & (xy[:, 0] <= max_x) & (xy[:, 1] >= min_y) & (xy[:, 1] <= max_y))
    hits = shapely.intersects_xy(geom, xy[near, 0], xy[near, 1])
    return near[hits]


def random_points_in(geometry: BaseGeometry | Mapping, count: int, rng) -> list[tuple[float, float]]:
    """`count` (lon, lat) points drawn uniformly inside a polygon (rejection sampling in its bounding box).

    `rng` is a `random.Random`, so demo data and tests are reproducible.
    """
    geom = geometry if isinstance(geometry, BaseGeometry) else shape(geometry)
    if geom.is_empty or geom.area == 0:
        return []
    shapely.prepare(geom)
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        if geom.contains(shapely.Point(lon, lat)):
            points.append((lon, lat))
    return points


def outline_hull(lons: Sequence[float], lats: Sequence[float], *, margin_m: float = 10.0,
                 concavity: float = 0.5) -> BaseGeometry:
    """One polygon around lon/lat points (a boundary built from picked stores): their concave hull
    in metres, widened by `margin_m` so the stores on the edge sit inside. One or two points give a
    disc or a capsule. Returned in lon/lat."""
    if not len(lons):
        return shapely.Polygon()
    xy = np.unique(np.round(project_points(lons, lats), 1), axis=0)
    hull = shapely.concave_hull(shapely.multipoints(xy), ratio=concavity)
    shape_m = _fill_holes(shapely.make_valid(shapely.buffer(hull, margin_m, quad_segs=4)))
    return from_korea_tm(shape_m)

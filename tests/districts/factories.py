"""Helpers for district tests: the real 양동시장 stores as Store rows, boundaries around them,
and districts created through the services (never by hand)."""

import csv
import datetime

import numpy as np
import shapely
from shapely.geometry import box, mapping

from districts import geo, services
from districts.selectors import dong_locator, territory_of
from merchants.models import Store
from tests.conftest import YANGDONG_STORES
from tests.factories import YANGDONG_LAT, YANGDONG_LON, square


def load_yangdong_market_stores(government) -> list[Store]:
    """The 422 real stores of 양동시장 (data/…yangdong-market-stores…csv) as open market stores."""
    with open(YANGDONG_STORES, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lons = [float(r["경도"]) for r in rows]
    lats = [float(r["위도"]) for r in rows]
    dong_ids = dong_locator(government).locate(lons, lats)
    stores = [
        Store(local_government=government, source=Store.Source.MARKET, external_id=f"YD-{r['점포(ID)']}",
              name=r["점포명"], market_name=r["시장명"], road_address=r["소재지도로명주소"],
              lot_address=r["소재지지번주소"], phone=r["전화번호"], lon=lon, lat=lat, dong_id=dong_id,
              status=Store.Status.OPEN, opened_on=datetime.date(2021, 9, 6))
        for r, lon, lat, dong_id in zip(rows, lons, lats, dong_ids, strict=True)
    ]
    return Store.objects.bulk_create(stores)


def yangdong_market_boundary(government) -> dict:
    """A boundary drawn around the dense core of the real 양동시장 stores (stores with at
    least 10 others within 30 m), kept inside the government's dongs."""
    with open(YANGDONG_STORES, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    xy = geo.project_points([float(r["경도"]) for r in rows], [float(r["위도"]) for r in rows])
    core = xy[geo.neighbour_counts(xy, 30) >= 10]
    outline = geo.from_korea_tm(geo.outline_points_m(core, radius_m=12, closing_m=20))
    clipped = geo.polygonal_part(shapely.intersection(outline, territory_of(government).union))
    largest = max(getattr(clipped, "geoms", [clipped]), key=lambda g: g.area)
    return geo.to_geojson(largest, precision=7)


def scatter_stores(government, geometry: dict, count: int, *, seed: int = 1, status=Store.Status.OPEN) -> list[Store]:
    """`count` open stores at random points inside `geometry` (for synthetic cases)."""
    shape = geo.validate_geometry(geometry)
    rng = np.random.default_rng(seed)
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    points = []
    while len(points) < count:
        lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        if geo.points_inside(shape, [lon], [lat])[0]:
            points.append((lon, lat))
    closed_on = datetime.date(2024, 1, 1) if status == Store.Status.CLOSED else None
    return Store.objects.bulk_create([
        Store(local_government=government, source=Store.Source.MANUAL, name=f"합성상점{seed}-{i}", lon=lon, lat=lat,
              status=status, closed_on=closed_on)
        for i, (lon, lat) in enumerate(points)
    ])


# A point in the middle of 치평동 (상무지구), far from any government border.
CHIPYEONG_LON, CHIPYEONG_LAT = 126.8500, 35.1500


def square_near_yangdong(half_side_m: float, *, east_m: float = 0.0, north_m: float = 0.0) -> dict:
    return square(YANGDONG_LON + east_m / (111_320.0 * 0.8192), YANGDONG_LAT + north_m / 110_950.0, half_side_m)


def square_in_chipyeong(half_side_m: float, *, east_m: float = 0.0, north_m: float = 0.0) -> dict:
    return square(CHIPYEONG_LON + east_m / (111_320.0 * 0.8192), CHIPYEONG_LAT + north_m / 110_950.0, half_side_m)


def shifted(geometry: dict, *, east_m: float = 0.0, north_m: float = 0.0) -> dict:
    geom = geo.validate_geometry(geometry)
    moved = shapely.transform(geom, lambda c: c + np.array([east_m / (111_320.0 * 0.8192), north_m / 110_950.0]))
    return geo.to_geojson(moved, precision=7)


def box_geojson(min_lon, min_lat, max_lon, max_lat) -> dict:
    return dict(mapping(box(min_lon, min_lat, max_lon, max_lat)))


PASSING_FACTS = {"organization_name": "양동시장골목상인회", "organization_representative": "김양동",
                 "organization_contact": "062-000-1234", "merchants_total": 100, "merchants_consenting": 70}


def make_district(official, boundary, *, status="draft", name="양동시장 골목형상점가", notice_number=None,
                  exception_reason="", **facts) -> "services.District":
    """A district taken through the services up to `status` (draft, submitted, designated)."""
    values = {**PASSING_FACTS, **facts}
    district = services.district_create_draft(official=official, name=name, boundary=boundary, **values)
    if status in ("submitted", "designated", "revoked"):
        district = services.district_submit(official=official, district_id=district.pk)
    if status in ("designated", "revoked"):
        district = services.district_designate(
            official=official, district_id=district.pk, designated_on=datetime.date(2026, 3, 1),
            notice_number=notice_number or f"서구 고시 제2026-{district.pk}호", exception_reason=exception_reason)
    if status == "revoked":
        district = services.district_revoke(official=official, district_id=district.pk,
                                            ground="criteria_not_met")
    return district


def clustered_stores(government, *, clusters_per_dong: int = 3, per_cluster: int = 40, spread_m: float = 15.0,
                     background_per_dong: int = 40, seed: int = 3) -> int:
    """Synthetic open stores for the demo-step tests: a few dense clusters in every dong
    plus a sparse background, standing in for the merchants' store step."""
    rng = np.random.default_rng(seed)
    stores = []
    for dong in government.dongs.order_by("code"):
        area = geo.to_korea_tm(geo.validate_geometry(dong.boundary))
        inner = area.buffer(-60)  # keep clusters away from the dong's edge
        min_x, min_y, max_x, max_y = inner.bounds
        centres = []
        while len(centres) < clusters_per_dong:
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if inner.contains(shapely.Point(x, y)) and all(np.hypot(x - cx, y - cy) > 150 for cx, cy in centres):
                centres.append((x, y))
        points = [(cx + rng.normal(0, spread_m), cy + rng.normal(0, spread_m))
                  for cx, cy in centres for _ in range(per_cluster)]
        while len(points) < len(centres) * per_cluster + background_per_dong:
            x, y = rng.uniform(*area.bounds[0::2]), rng.uniform(*area.bounds[1::2])
            if area.contains(shapely.Point(x, y)):
                points.append((x, y))
        lonlat = shapely.get_coordinates(geo.from_korea_tm(shapely.MultiPoint(points)))
        stores.extend(Store(local_government=government, source=Store.Source.SEMAS, name=f"{dong.name} 상점{i}",
                            external_id=f"SYN-{dong.code}-{i}", lon=float(lon), lat=float(lat), dong=dong)
                      for i, (lon, lat) in enumerate(lonlat))
    Store.objects.bulk_create(stores)
    return len(stores)

"""Synthetic stores, districts and franchises for the dashboard's tests and benchmarks.

Not a demo seeder (the stores, districts and Onnuri issues own those): a quick,
deterministic stand-in at any scale, placed inside a government's real dong
polygons, written with bulk_create.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from shapely.geometry import Polygon, box, shape
from shapely.ops import unary_union

from districts import geo
from districts.models import AdministrativeDong, District
from giftcerts.models import Franchise
from giftcerts.rules import add_years
from merchants.models import IndustryCategory, Store

# 대분류 code, name, one 소분류 code and name, share of stores.
INDUSTRIES = [
    ("I2", "음식", "I20101", "백반/한정식", 0.38),
    ("G2", "소매", "G20405", "슈퍼마켓", 0.30),
    ("S2", "수리·개인", "S20701", "미용실", 0.09),
    ("P1", "교육", "P10501", "입시·교과학원", 0.05),
    ("Q1", "보건의료", "Q10201", "일반 의원", 0.05),
    ("I1", "숙박", "I10102", "여관/모텔", 0.03),
    ("R1", "예술·스포츠", "R10404", "당구장", 0.03),
    ("L1", "부동산", "L10203", "부동산 중개/대리업", 0.03),
    ("M1", "과학·기술", "M10201", "변호사 사무소", 0.02),
    ("N1", "시설관리·임대", "N10901", "사진 촬영업", 0.02),
]
NOT_ELIGIBLE_MAJORS = {"L1"}  # 부동산: on the restricted list


def industry_categories() -> dict[str, IndustryCategory]:
    """{대분류 code: 소분류 category}, created when missing."""
    minors = {}
    for major_code, major_name, minor_code, minor_name, _share in INDUSTRIES:
        major, _ = IndustryCategory.objects.get_or_create(code=major_code, defaults={"name": major_name, "level": 1})
        middle, _ = IndustryCategory.objects.get_or_create(
            code=minor_code[:4], defaults={"name": minor_name, "level": 2, "parent": major})
        minors[major_code], _ = IndustryCategory.objects.get_or_create(
            code=minor_code, defaults={"name": minor_name, "level": 3, "parent": middle})
    return minors


@dataclass
class SyntheticData:
    districts: list[District]
    store_count: int
    franchise_count: int


def make_districts(local_government, count: int, *, seed: int = 1, code_prefix: str = "SYN") -> list[District]:
    """`count` designated, non-overlapping square districts on a grid inside the government's dongs."""
    dongs = list(AdministrativeDong.objects.filter(local_government=local_government))
    territory = unary_union([shape(d.boundary) for d in dongs])
    min_lon, min_lat, max_lon, max_lat = territory.bounds
    # Cell size so that about twice the needed cells fall inside the territory.
    area_deg = territory.area
    cell = (area_deg / (count * 2.2)) ** 0.5
    cells = []
    lon = min_lon
    while lon < max_lon:
        lat = min_lat
        while lat < max_lat:
            square = box(lon + cell * 0.1, lat + cell * 0.1, lon + cell * 0.9, lat + cell * 0.9)
            if territory.contains(square):
                cells.append(square)
            lat += cell
        lon += cell
    rng = np.random.default_rng(seed)
    if len(cells) < count:
        raise ValueError(f"only {len(cells)} grid cells fit; asked for {count}")
    chosen = sorted(rng.choice(len(cells), size=count, replace=False))
    districts = []
    for number, index in enumerate(chosen, start=1):
        geom = ragged(cells[index], rng)
        districts.append(District(
            local_government=local_government, code=f"{code_prefix}-{number:04d}", name=f"골목형상점가 {number}",
            boundary=geo.to_geojson(geom, precision=7), area_m2=geo.area_m2(geom),
            min_lon=geom.bounds[0], min_lat=geom.bounds[1], max_lon=geom.bounds[2], max_lat=geom.bounds[3],
            organization_name=f"상인회 {number}", merchants_total=40, merchants_consenting=30,
            status=District.Status.DESIGNATED, designated_on=datetime.date(2024, 6, 1),
            notice_number=f"서구 고시 제2024-{number}호",
        ))
    return District.objects.bulk_create(districts)


def ragged(square, rng, points_per_side: int = 15):
    """A square whose sides wander a little, like a boundary drawn along streets (60 vertices)."""
    min_x, min_y, max_x, max_y = square.bounds
    wobble = (max_x - min_x) * 0.06
    t = np.linspace(0, 1, points_per_side, endpoint=False)
    sides = [
        (min_x + t * (max_x - min_x), np.full_like(t, min_y)),
        (np.full_like(t, max_x), min_y + t * (max_y - min_y)),
        (max_x - t * (max_x - min_x), np.full_like(t, max_y)),
        (np.full_like(t, min_x), max_y - t * (max_y - min_y)),
    ]
    xs = np.concatenate([side[0] for side in sides])
    ys = np.concatenate([side[1] for side in sides])
    centre_x, centre_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    shrink = 1 - rng.uniform(0, 1, len(xs)) * wobble / ((max_x - min_x) / 2)  # only inwards: no overlaps
    polygon = Polygon(np.column_stack([centre_x + (xs - centre_x) * shrink, centre_y + (ys - centre_y) * shrink]))
    return polygon if polygon.is_valid else square


def make_stores(local_government, count: int, districts: list[District], *, seed: int = 1,
                today: datetime.date | None = None, in_district_share: float = 0.65,
                external_prefix: str = "SYN", chunk: int = 20_000) -> int:
    """`count` stores in the dongs (about `in_district_share` inside districts), dong and district assigned."""
    today = today or datetime.date.today()
    rng = np.random.default_rng(seed)
    dongs = list(AdministrativeDong.objects.filter(local_government=local_government))
    dong_locator = geo.PointLocator({d.pk: d.boundary for d in dongs})
    district_locator = geo.PointLocator({d.pk: d.boundary for d in districts})
    territory = unary_union([shape(d.boundary) for d in dongs])
    min_lon, min_lat, max_lon, max_lat = territory.bounds

    inside = int(count * in_district_share) if districts else 0
    bounds = np.array([[d.min_lon, d.min_lat, d.max_lon, d.max_lat] for d in districts]).reshape(-1, 4)
    picks = bounds[rng.integers(0, max(1, len(districts)), inside)] if inside else np.zeros((0, 4))
    lons = list(rng.uniform(picks[:, 0], picks[:, 2])) if inside else []
    lats = list(rng.uniform(picks[:, 1], picks[:, 3])) if inside else []
    while len(lons) < count:
        need = (count - len(lons)) * 2
        cand_lon = rng.uniform(min_lon, max_lon, need)
        cand_lat = rng.uniform(min_lat, max_lat, need)
        located = np.array([d is not None for d in dong_locator.locate(cand_lon, cand_lat)])
        take = min(count - len(lons), int(located.sum()))
        lons.extend(cand_lon[located][:take])
        lats.extend(cand_lat[located][:take])

    categories = industry_categories()
    majors = [row[0] for row in INDUSTRIES]
    shares = np.array([row[4] for row in INDUSTRIES])
    industry_picks = rng.choice(len(majors), size=count, p=shares / shares.sum())
    window_start = today - datetime.timedelta(days=730)
    for first in range(0, count, chunk):
        last = min(count, first + chunk)
        dong_ids = dong_locator.locate(lons[first:last], lats[first:last])
        district_ids = district_locator.locate(lons[first:last], lats[first:last])
        stores = []
        for i in range(first, last):
            if rng.random() < 0.08:  # opened during the last two years
                opened = window_start + datetime.timedelta(days=int(rng.integers(0, 700)))
            else:
                opened = datetime.date(2012, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 3600)))
            closed = None
            if rng.random() < 0.06:  # closed during the last two years
                closed = max(opened, window_start) + datetime.timedelta(days=int(rng.integers(30, 700)))
                if closed >= today:
                    closed = None
            stores.append(Store(
                local_government=local_government, source=Store.Source.SEMAS,
                external_id=f"{external_prefix}{local_government.code}{i:08d}",
                name=f"점포{i}", industry=categories[majors[industry_picks[i]]],
                lon=float(lons[i]), lat=float(lats[i]), dong_id=dong_ids[i - first],
                district_id=district_ids[i - first],
                status=Store.Status.CLOSED if closed else Store.Status.OPEN, opened_on=opened, closed_on=closed,
            ))
        Store.objects.bulk_create(stores, batch_size=5000)
    return count


def make_franchises(local_government, *, seed: int = 1, share: float = 0.85,
                    today: datetime.date | None = None, number_prefix: str = "SYN") -> int:
    """About `share` of the eligible stores (in a district, not restricted) franchised over the last two years."""
    today = today or datetime.date.today()
    rng = np.random.default_rng(seed + 7)
    eligible = list(Store.objects.filter(local_government=local_government, district__isnull=False)
                    .exclude(industry__code__startswith="L1").order_by("pk")
                    .values_list("pk", "opened_on", "closed_on"))
    franchises = []
    start = today - datetime.timedelta(days=720)
    for pk, opened, closed in eligible:
        if rng.random() >= share:
            continue
        valid_from = max(start + datetime.timedelta(days=int(rng.integers(0, 700))), opened or start)
        if closed and valid_from >= closed or valid_from > today:
            continue
        cancelled_on = valid_from + datetime.timedelta(days=int(rng.integers(30, 300)))
        cancelled = rng.random() < 0.01 and cancelled_on < today
        franchises.append(Franchise(
            store_id=pk, number=f"{number_prefix}-{local_government.code}-{pk:08d}", kinds=["paper", "card"],
            valid_from=valid_from, valid_until=add_years(valid_from, 3)
            if not (valid_from.month == 2 and valid_from.day == 29) else valid_from + datetime.timedelta(days=1095),
            status=Franchise.Status.CANCELLED if cancelled else Franchise.Status.ACTIVE,
            cancelled_at=timezone.make_aware(datetime.datetime.combine(cancelled_on, datetime.time(10)))
            if cancelled else None,
        ))
    Franchise.objects.bulk_create(franchises, batch_size=5000)
    return len(franchises)


def build(local_government, *, stores: int, districts: int, seed: int = 1, today=None) -> SyntheticData:
    made = make_districts(local_government, districts, seed=seed) if districts else []
    make_stores(local_government, stores, made, seed=seed, today=today)
    franchised = make_franchises(local_government, seed=seed, today=today)
    return SyntheticData(made, stores, franchised)

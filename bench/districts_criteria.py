"""Benchmark: the district criteria check and the demo districts step on ~17,000 stores.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley_bench .venv/bin/python bench/districts_criteria.py

Runs in a throw-away test database (created and dropped here). Prints, measured in the
same run:
  - district_check_criteria on a boundary around 양동시장 (bbox pre-filter on the lon/lat
    index, then exact point-in-polygon) against a baseline that tests every store of the
    government without the pre-filter;
  - the seed_demo districts step (119 districts carved out of the stores), first and second run.
Synthetic stores: clustered around commercial centres inside the real dong polygons, plus
the 422 real 양동시장 stores. Not asserted anywhere: figures for the README.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")
django.setup()

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

STORES = 17_000
RUNS = 20


def synthetic_stores(government, total: int, seed: int = 7) -> None:
    from districts import geo
    from merchants.models import Store

    rng = np.random.default_rng(seed)
    dongs = list(government.dongs.order_by("code"))
    per_dong = total // len(dongs)
    stores = []
    for dong in dongs:
        area = geo.to_korea_tm(geo.validate_geometry(dong.boundary))
        min_x, min_y, max_x, max_y = area.bounds
        centres = []
        while len(centres) < 8:
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if area.contains(shapely.Point(x, y)):
                centres.append((x, y, rng.uniform(30, 90)))
        points = []
        while len(points) < per_dong:
            cx, cy, spread = centres[rng.integers(len(centres))]
            x, y = (cx + rng.normal(0, spread), cy + rng.normal(0, spread)) if rng.random() < 0.75 else \
                (rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
            if area.contains(shapely.Point(x, y)):
                points.extend([(x + rng.normal(0, 2), y + rng.normal(0, 2))] * int(rng.integers(1, 5)))
        lonlat = shapely.get_coordinates(geo.from_korea_tm(shapely.MultiPoint(points[:per_dong])))
        stores.extend(Store(local_government=government, source="semas", external_id=f"BENCH-{dong.code}-{i}",
                            name=f"상점{i}", lon=float(lon), lat=float(lat), dong=dong)
                      for i, (lon, lat) in enumerate(lonlat))
    Store.objects.bulk_create(stores, batch_size=2000)


def timed(call, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    config = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model

        from districts import demo, geo, selectors, services
        from districts.models import District, LocalGovernment
        from districts.services import dongs_load_geojson
        from merchants.models import Store
        from tests.conftest import SEOGU_DONGS
        from tests.districts.factories import load_yangdong_market_stores, yangdong_market_boundary

        dongs_load_geojson(path=SEOGU_DONGS, local_government_code="29140")
        government = LocalGovernment.objects.get(code="29140")
        get_user_model().objects.create_user("official", role="official", local_government=government)
        load_yangdong_market_stores(government)
        synthetic_stores(government, STORES - 422)
        boundary = yangdong_market_boundary(government)
        geom = geo.validate_geometry(boundary)
        print(f"database: {connection.vendor}; stores: {Store.objects.count():,}")

        def check():
            services.district_check_criteria(local_government=government, boundary=boundary,
                                             organization_name="상인회", merchants_total=10, merchants_consenting=6)

        def baseline():  # every store of the government, exact test, no bbox pre-filter
            rows = list(Store.objects.filter(local_government=government, status="open")
                        .values_list("lon", "lat"))
            return int(geo.points_inside(geom, [r[0] for r in rows], [r[1] for r in rows]).sum())

        check()  # warm the dong-union cache, as a running server has it
        with_index = timed(check, RUNS)
        without = timed(baseline, RUNS)
        inside = len(selectors.open_store_ids_inside(government, geom))
        assert inside == baseline()
        print(f"criteria check (all 5 criteria, {inside} stores inside): {with_index * 1000:.1f} ms median")
        print(f"baseline store count alone, no bbox pre-filter:      {without * 1000:.1f} ms median")
        print(f"ratio check / baseline: {with_index / without:.2f}x")

        started = time.perf_counter()
        demo.seed_districts(42, lambda line: print(line))
        first = time.perf_counter() - started
        started = time.perf_counter()
        demo.seed_districts(42, lambda line: None)
        second = time.perf_counter() - started
        print(f"seed_districts: first run {first:.1f} s, second run {second * 1000:.0f} ms "
              f"({District.objects.count()} districts)")
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()

"""Onnuri figures at Seo-gu scale, against baselines measured in the same run.

    DATABASE_URL=postgres://... .venv/bin/python bench/giftcerts.py

Creates a throwaway test database, loads the real 서구 dongs, creates about 17,000 synthetic
stores inside them (two thirds in designated districts, so about 11,400 eligible, as in
Seo-gu), runs the demo step (about 85% of the eligible stores franchised), then reports the
median wall time of:
- `GET /api/onnuri-stores/` (the active franchises as compact arrays, built: a free-text filter)
  against reading the same rows' id, name, lon, lat with `values_list` (the baseline);
- `GET /onnuri/` (the finder's first page) and `GET /onnuri/?lat=..&lon=..` (sorted by distance);
- `selectors.outreach_candidates` (every rule over every open store in a district) against
  loading just the rows it returns with `select_related` (the baseline);
- `check_eligibility` of one store, and the review queue page.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-giftcerts-")  # the demo's documents go here

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

STORES = 17_000


def median_ms(fn, runs=7):
    fn()  # warm
    times = []
    for _i in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build_world():
    """Synthetic stores in the real dongs; the stores of 12 of the 18 dongs lie in designated districts."""
    from shapely import points
    from shapely.geometry import shape

    from core.demo import seed_accounts, seed_governments_and_dongs
    from districts.models import District, LocalGovernment
    from merchants.models import IndustryCategory, Store

    seed_governments_and_dongs(42, lambda *_: None)
    seed_accounts(42, lambda *_: None)
    government = LocalGovernment.objects.get(code="29140")
    rng = random.Random(42)
    major, _ = IndustryCategory.objects.get_or_create(code="I2", defaults={"name": "음식", "level": 1})
    middle, _ = IndustryCategory.objects.get_or_create(code="I201", defaults={"name": "한식", "level": 2,
                                                                             "parent": major})
    food, _ = IndustryCategory.objects.get_or_create(code="I20101", defaults={"name": "백반/한정식", "level": 3,
                                                                             "parent": middle})
    dongs = list(government.dongs.order_by("code"))
    districts = {}
    for n, dong in enumerate(dongs[:12]):
        districts[dong.pk] = District.objects.create(
            local_government=government, code=f"B-{n:03d}", name=f"{dong.name} 상점가", boundary=dong.boundary,
            area_m2=dong.area_m2, status="designated", min_lon=dong.min_lon, min_lat=dong.min_lat,
            max_lon=dong.max_lon, max_lat=dong.max_lat)
    stores = []
    per_dong = STORES // len(dongs)
    for dong in dongs:
        geom = shape(dong.boundary)
        placed = 0
        while placed < per_dong:
            xs = [rng.uniform(dong.min_lon, dong.max_lon) for _ in range(per_dong)]
            ys = [rng.uniform(dong.min_lat, dong.max_lat) for _ in range(per_dong)]
            inside = geom.contains(points(xs, ys))
            for x, y, ok in zip(xs, ys, inside, strict=True):
                if ok and placed < per_dong:
                    placed += 1
                    stores.append(Store(local_government=government, source="semas", external_id=f"B{len(stores)}",
                                        name=f"가게{len(stores)}", industry=food, lon=x, lat=y, dong=dong,
                                        district=districts.get(dong.pk)))
    Store.objects.bulk_create(stores, batch_size=2000)
    return government


def main():
    from giftcerts import eligibility, selectors
    from giftcerts.demo import seed_franchises
    from giftcerts.models import Franchise
    from merchants.models import Store

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        government = build_world()
        seed_franchises(42, lambda *_: None)
        setup_s = time.perf_counter() - started
        active = Franchise.objects.filter(status="active", store__local_government=government).count()
        eligible = Store.objects.filter(district__status="designated").count()
        print(f"{Store.objects.count():,} stores, {eligible:,} in designated districts, {active:,} active "
              f"franchises ({connection.vendor}; built and seeded in {setup_s:.1f} s)")

        client = Client()
        # A viewport over all of Korea: built on each call (the unfiltered body is kept per data version).
        api_ms = median_ms(lambda: client.get("/api/onnuri-stores/", {"bbox": "124,33,132,39"}))
        payload = len(client.get("/api/onnuri-stores/").content)
        base_ms = median_ms(lambda: list(Franchise.objects.filter(status="active").values_list(
            "store_id", "store__name", "store__lon", "store__lat")))
        print(f"  /api/onnuri-stores/ ({active:,}, compact, built): {api_ms:7.1f} ms, {payload / 1e6:.1f} MB; "
              f"baseline values_list {base_ms:6.1f} ms; ratio {api_ms / base_ms:4.1f}x")
        finder_ms = median_ms(lambda: client.get("/onnuri/"))
        near_ms = median_ms(lambda: client.get("/onnuri/?lat=35.1538&lon=126.9029"))
        print(f"  /onnuri/ first page: {finder_ms:6.1f} ms; sorted by distance: {near_ms:6.1f} ms")

        outreach_ms = median_ms(lambda: selectors.outreach_candidates(government), runs=3)
        ids = [row.store.pk for row in selectors.outreach_candidates(government)]
        load_ms = median_ms(lambda: list(Store.objects.filter(pk__in=ids).select_related("district", "industry", "dong")
                                         .defer(*selectors.no_boundaries("district", "dong"))), runs=3)
        print(f"  outreach_candidates ({len(ids):,} rows, every rule over {eligible:,} stores): {outreach_ms:7.1f} ms; "
              f"baseline loading those rows {load_ms:6.1f} ms; ratio {outreach_ms / load_ms:4.1f}x")
        store = Store.objects.select_related("district", "industry").filter(district__isnull=False).first()
        one_ms = median_ms(lambda: eligibility.check_eligibility(store, declared_revenue_won=1), runs=21)
        print(f"  check_eligibility (one store): {one_ms:5.2f} ms")
        official = type(store.local_government).objects.get(pk=government.pk).officials.first()
        client.force_login(official)
        queue_ms = median_ms(lambda: client.get("/onnuri/review/"))
        print(f"  review queue page: {queue_ms:6.1f} ms")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()

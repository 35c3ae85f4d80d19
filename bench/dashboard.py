"""Benchmark: server time and payload of the map's data endpoints, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/dashboard.py [--skip-national]

Two scales, each in its own scratch database:
- seed_demo scale: 17,000 stores and 119 districts in 서구's 18 real dongs;
- national scale: 300,000 stores and 799 districts (the country's count), in one government.
Server time is measured in-process through Django's test client (middleware, session,
view, serialisation; no network), median of repeated requests:
- warm: the usual case, the body comes from the cache;
- rebuilt: after an aggregation bumped the cache version (boundaries still cached);
- cold: empty cache (boundaries simplified again).
Baselines measured in the same run: the same stores as one GeoJSON Feature each, and
the district boundaries unsimplified at full precision.
Targets (seed scale): districts.geojson < 50 ms and < 150 KB; stores.json < 150 ms and < 600 KB.
"""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard_common import analyze, load_seogu, median_ms, run_scales, scratch_database, timed  # noqa: E402

SCALES = [("seed_demo", 17_000, 119, 25), ("national", 300_000, 799, 7)]


def naive_stores_geojson(government):
    """The baseline: one GeoJSON Feature per store with the same attributes."""
    from dashboard import selectors

    data = selectors.stores_compact(government)
    ox, oy, scale = data["origin"][0], data["origin"][1], data["scale"]
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [ox + r[1] * scale, oy + r[2] * scale]},
                 "properties": {"id": r[0], "franchised": bool(r[3]), "dong_id": r[4], "district_id": r[5],
                                "industry": data["industries"][r[6]]["code"]}} for r in data["rows"]]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def full_boundaries(government):
    from dashboard import selectors

    rows = selectors.designated_districts(government).values_list("pk", "name", "boundary")
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": pk, "geometry": boundary, "properties": {"name": name}} for pk, name, boundary in rows
    ]}, ensure_ascii=False).encode()


def measure(label, stores, districts, repeat):
    from django.core.cache import cache
    from django.test import Client

    from dashboard import services
    from dashboard.months import add_months, current_month
    from tests.conftest import make_user
    from tests.dashboard import synthetic

    with scratch_database():
        print(f"\n== {label} scale: {stores:,} stores, {districts} districts")
        government = load_seogu()
        timed("stores, districts, franchises", synthetic.build, government, stores=stores, districts=districts)
        month = add_months(current_month(), -1)
        timed("aggregate one month", services.aggregate_month, local_government_id=government.pk, month=month)
        analyze()
        client = Client()
        client.force_login(make_user(f"bench_{label}", role="official", local_government=government))
        urls = {"districts.geojson": f"/api/dashboard/districts.geojson?month={month:%Y-%m}",
                "stores.json": "/api/dashboard/stores.json"}
        results = {}
        for name, url in urls.items():
            body = client.get(url).content
            assert client.get(url).status_code == 200
            warm = median_ms(lambda url=url: client.get(url), repeat)

            def rebuilt(url=url):
                services.bump_cache_version(government.pk)
                client.get(url)

            def cold(url=url):
                cache.clear()
                client.get(url)

            results[name] = (warm, median_ms(rebuilt, max(3, repeat // 3)), median_ms(cold, max(3, repeat // 5)),
                             len(body), len(gzip.compress(body)))
        naive = naive_stores_geojson(government)
        full = full_boundaries(government)
        print(f"{'endpoint':<20}{'warm':>10}{'rebuilt':>10}{'cold':>10}{'payload':>12}{'gzip':>10}")
        for name, (warm, rebuilt_ms, cold_ms, size, gz) in results.items():
            print(f"{name:<20}{warm:>8.1f}ms{rebuilt_ms:>8.1f}ms{cold_ms:>8.1f}ms{size / 1024:>10.0f}KB"
                  f"{gz / 1024:>8.0f}KB")
        stores_size = results["stores.json"][3]
        geo_size = results["districts.geojson"][3]
        print(f"stores.json is {len(naive) / stores_size:.1f}x smaller than one GeoJSON Feature per store "
              f"({len(naive) / 1024:,.0f} KB)")
        print(f"districts.geojson with the month's indicators: {geo_size / 1024:,.0f} KB; the raw boundaries "
              f"alone, unsimplified: {len(full) / 1024:,.0f} KB ({geo_size / len(full):.2f}x)")
        if label == "seed_demo":
            geo_warm, geo_rebuilt = results["districts.geojson"][0], results["districts.geojson"][1]
            st_warm, st_rebuilt = results["stores.json"][0], results["stores.json"][1]
            print(f"targets: districts.geojson {geo_warm:.1f} ms warm / {geo_rebuilt:.1f} ms rebuilt "
                  f"(< 50 ms: {geo_rebuilt / 50:.2f} of target), {geo_size / 1024:.0f} KB (< 150 KB); "
                  f"stores.json {st_warm:.1f} ms warm / {st_rebuilt:.1f} ms rebuilt (< 150 ms: "
                  f"{st_rebuilt / 150:.2f} of target), {stores_size / 1024:.0f} KB (< 600 KB)")
        return results


def main():
    run_scales("dashboard", SCALES, measure)


if __name__ == "__main__":
    main()

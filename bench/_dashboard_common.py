"""Shared set-up of the dashboard benchmarks: Django, a scratch PostgreSQL database, synthetic data.

Each benchmark creates its own database next to DATABASE_URL's (Django's test
database machinery, named bench_<script>_<database>), fills it with synthetic
stores, districts and franchises inside 서구's real dongs, and drops it at the end.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(script: str):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/alley "
                 "(the benchmark creates and drops its own scratch database there).")
    import django
    from django.conf import settings

    django.setup()
    settings_dict = settings.DATABASES["default"]
    settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{script}_{settings_dict['NAME']}"
    return settings_dict


@contextmanager
def scratch_database():
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    print(f"scratch database {connection.settings_dict['NAME']} migrated in {time.perf_counter() - started:.1f} s")
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        print("scratch database dropped")


def load_seogu():
    from districts.models import LocalGovernment
    from districts.services import dongs_load_geojson

    dongs_load_geojson(path=ROOT / "data" / "gwangju-seogu-dongs.geojson", local_government_code="29140")
    return LocalGovernment.objects.get(code="29140")


def timed(label: str, func, *args, **kwargs):
    started = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"  {label}: {time.perf_counter() - started:.1f} s")
    return result


def median_ms(func, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_scales(script: str, scales, measure) -> None:
    """`measure(label, stores, districts, repeat)` at each scale (only the first with --skip-national)."""
    setup_django(script)
    started = time.perf_counter()
    for label, stores, districts, repeat in (scales[:1] if "--skip-national" in sys.argv else scales):
        measure(label, stores, districts, repeat)
    print(f"\ndone in {time.perf_counter() - started:.0f} s")

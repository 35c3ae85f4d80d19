"""Store exports at Seo-gu scale: in the request (inline) against a background job, and the request
time of queueing one. Ratios against a baseline measured in the same run.

    DATABASE_URL=postgres://... .venv/bin/python bench/exports.py [--stores 17000] [--runs 3]

Creates a throwaway test database with about 17,000 synthetic stores of 서구 (in its real dongs),
then reports the median wall time of:
- the inline export: POST /stores/export.xlsx with a reason, the whole list written in the request
  (EXPORT_INLINE_MAX_ROWS raised above the list), in rows/s;
- the background job: `export_job_run` (what the worker does: the same rows, written to a private
  file), in rows/s;
- the baseline: reading the export's columns with `values_list` and no workbook;
- the queue call: the same POST with the default EXPORT_INLINE_MAX_ROWS (count, job row, outbox
  row; the broker hand-off is left out, the worker is not run): the web request a user waits for.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-exports-")  # the jobs' files go here

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def median_s(fn, runs):
    fn()  # warm
    times = []
    for _i in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_world(count: int):
    from shapely import points
    from shapely.geometry import shape

    from core.demo import seed_governments_and_dongs
    from districts.models import LocalGovernment
    from merchants.models import IndustryCategory, Store

    seed_governments_and_dongs(42, lambda *_: None)
    government = LocalGovernment.objects.get(code="29140")
    rng = random.Random(42)
    major, _ = IndustryCategory.objects.get_or_create(code="I2", defaults={"name": "음식", "level": 1})
    middle, _ = IndustryCategory.objects.get_or_create(code="I201", defaults={"name": "한식", "level": 2,
                                                                             "parent": major})
    food, _ = IndustryCategory.objects.get_or_create(code="I20101", defaults={"name": "백반/한정식", "level": 3,
                                                                             "parent": middle})
    dongs = list(government.dongs.order_by("code"))
    per_dong = count // len(dongs) + 1
    stores = []
    for dong in dongs:
        geom = shape(dong.boundary)
        placed = 0
        while placed < per_dong and len(stores) < count:
            xs = [rng.uniform(dong.min_lon, dong.max_lon) for _ in range(per_dong)]
            ys = [rng.uniform(dong.min_lat, dong.max_lat) for _ in range(per_dong)]
            for x, y, ok in zip(xs, ys, geom.contains(points(xs, ys)), strict=True):
                if ok and placed < per_dong and len(stores) < count:
                    placed += 1
                    n = len(stores)
                    stores.append(Store(
                        local_government=government, source="semas", external_id=f"B{n:010d}",
                        name=f"=가게{n}" if n % 500 == 0 else f"가게{n}", branch="본점", industry=food, lon=x, lat=y,
                        dong=dong, road_address=f"광주광역시 서구 천변좌로 {n % 900}", phone="062-000-0000"))
    Store.objects.bulk_create(stores, batch_size=2000)
    return government


def main():
    from core import outbox
    from exports import services
    from exports.models import ExportJob
    from merchants.exports import VALUES, filtered_stores

    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=17_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model

        started = time.perf_counter()
        government = build_world(args.stores)
        official = get_user_model().objects.create_user(username="bench-official", password="x", role="official",
                                                        local_government=government)
        client = Client()
        client.force_login(official)
        rows = filtered_stores(services.context_for(user=official, name="merchants.stores", params="")).count()
        print(f"{rows:,} stores ({connection.vendor}; built in {time.perf_counter() - started:.1f} s; "
              f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")

        baseline = median_s(lambda: sum(1 for _ in filtered_stores(services.context_for(
            user=official, name="merchants.stores", params="")).order_by("name", "id").values_list(*VALUES)
            .iterator(chunk_size=2_000)), args.runs)

        settings.EXPORT_INLINE_MAX_ROWS = 10**9
        sizes = []

        def inline():
            response = client.post("/stores/export.xlsx", {"reason": "bench"})
            assert response.status_code == 200, response.status_code
            sizes.append(len(response.content))

        inline_s = median_s(inline, args.runs)

        settings.EXPORT_INLINE_MAX_ROWS = 2_000
        outbox.publish_now = lambda message_id: False  # no broker: the request's own cost only
        queued = []

        def queue():
            response = client.post(f"/stores/export.xlsx?bench={len(queued)}", {"reason": "bench"})
            assert response.status_code == 302, response.status_code
            queued.append(response["Location"])

        queue_s = median_s(queue, max(args.runs, 5))

        jobs = iter(list(ExportJob.objects.values_list("pk", flat=True)))
        task_s = median_s(lambda: services.export_job_run(str(next(jobs))), args.runs)
        job = ExportJob.objects.filter(status="done").first()
        assert job.rows_done == rows, (job.rows_done, rows)

        print(f"  baseline values_list of the columns : {baseline * 1000:8.0f} ms  {rows / baseline:9,.0f} rows/s")
        print(f"  inline export (in the request)      : {inline_s * 1000:8.0f} ms  {rows / inline_s:9,.0f} rows/s  "
              f"{sizes[-1] / 1e6:.2f} MB  ratio {inline_s / baseline:4.1f}x baseline")
        print(f"  background job (export_job_run)     : {task_s * 1000:8.0f} ms  {rows / task_s:9,.0f} rows/s  "
              f"{job.file.size / 1e6:.2f} MB  ratio {task_s / baseline:4.1f}x baseline")
        print(f"  queue call (POST -> 302 job page)   : {queue_s * 1000:8.1f} ms  ratio {queue_s / inline_s:.3f} "
              "of the inline request")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()

"""Hotline figures at demo scale and at ten times that, against a baseline measured in the same run.

    DATABASE_URL=postgres://... .venv/bin/python bench/hotline.py

Creates a throwaway test database, loads the real 서구 dongs, seeds the demo year of tickets
(about 1,100), then copies them up to about 11,000. Reports the median wall time of:
- `hotline_figures` (everything the dashboard block shows for a month) against one plain
  `COUNT(*)` over the same month's tickets (the baseline: the cheapest possible figure);
- `keywords_compute` for one month (Kiwi over the month's texts, then the upsert);
- `GET /open311/v2/requests.json` (the last 90 days, up to 1000 requests).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def median_ms(fn, runs=9):
    fn()  # warm
    times = []
    for _i in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def multiply_tickets(government, factor):
    """Copy every ticket (factor - 1) times, shifted by minutes so months stay the same."""
    import datetime

    from hotline import services
    from hotline.models import Ticket

    originals = list(Ticket.objects.filter(local_government=government, merged_into__isnull=True))
    copies = []
    for n in range(1, factor):
        for t in originals:
            copies.append(Ticket(
                local_government=government, category_id=t.category_id, description=t.description, lon=t.lon,
                lat=t.lat, dong_id=t.dong_id, district_id=t.district_id, status=t.status, source=t.source,
                reject_reason=t.reject_reason, due_date=t.due_date, is_overdue=t.is_overdue,
                created_at=t.created_at - datetime.timedelta(minutes=n),
                closed_at=t.closed_at, tracking_code=services.new_tracking_code(),
                tracking_token=services.new_tracking_token(),
            ))
    Ticket.objects.bulk_create(copies, batch_size=2000)


def measure(label, government):
    from hotline import selectors, services
    from hotline.models import Ticket

    month = selectors.month_start(timezone.localdate())
    start, end = selectors.month_bounds(month)
    total = Ticket.objects.filter(local_government=government).count()
    in_month = Ticket.objects.filter(local_government=government, created_at__gte=start, created_at__lt=end).count()
    baseline = median_ms(lambda: Ticket.objects.filter(local_government=government, created_at__gte=start,
                                                       created_at__lt=end).count())
    figures = median_ms(lambda: selectors.hotline_figures(government, month))
    keywords = median_ms(lambda: services.keywords_compute(local_government_id=government.pk, month=month), runs=3)
    client = Client()
    open311 = median_ms(lambda: client.get("/open311/v2/requests.json"), runs=5)
    payload = len(client.get("/open311/v2/requests.json").content)
    print(f"{label}: {total:,} tickets, {in_month:,} this month ({connection.vendor})")
    print(f"  baseline COUNT(*) of the month      {baseline:8.1f} ms")
    print(f"  hotline_figures (whole block)       {figures:8.1f} ms  = {figures / baseline:5.1f} x baseline")
    print(f"  keywords_compute (one month)        {keywords:8.1f} ms")
    print(f"  GET /open311/v2/requests.json       {open311:8.1f} ms  ({payload / 1024:,.0f} KB)")


def main():
    setup_test_environment()
    settings.DEBUG = False
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from core.demo import seed_accounts, seed_governments_and_dongs
        from districts.models import LocalGovernment
        from hotline.demo import seed_tickets
        from hotline.keywords import kiwi

        seed_governments_and_dongs(42, lambda _m: None)
        seed_accounts(42, lambda _m: None)
        kiwi()  # load the model once, outside the timings
        started = time.perf_counter()
        seed_tickets(42, lambda _m: None)
        print(f"seed_tickets (first run): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        seed_tickets(42, lambda _m: None)
        print(f"seed_tickets (second run): {time.perf_counter() - started:.2f} s")
        government = LocalGovernment.objects.get(code=settings.DEFAULT_LOCAL_GOVERNMENT_CODE)
        measure("demo scale", government)
        multiply_tickets(government, 10)
        measure("10x demo scale", government)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()

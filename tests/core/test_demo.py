"""`seed_demo` end to end: every app's step on the real dongs and stores, twice."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count

pytestmark = pytest.mark.django_db


def test_the_whole_demo_tells_the_seogu_story_and_a_second_run_changes_nothing(client):
    from dashboard.models import MetricSnapshot
    from districts.models import District
    from giftcerts.models import Franchise
    from hotline.models import Ticket
    from merchants.models import Store
    from sales.models import SalesReport

    call_command("seed_demo", "--seed", "42", stdout=None)

    seogu_stores = Store.objects.filter(local_government__code="29140")
    assert 16_500 <= seogu_stores.count() <= 17_500
    statuses = dict(District.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["designated"] == 119 and statuses["revoked"] == 1 and statuses.get("draft", 0) >= 1
    in_districts = seogu_stores.filter(district__status="designated").count()
    assert 10_000 <= in_districts <= 12_500  # "about 11,000"
    dongs_with_districts = District.objects.filter(status="designated").values("dongs").distinct().count()
    assert dongs_with_districts == 18
    # The real 양동시장 stores form their own district.
    market = seogu_stores.filter(source="market").exclude(district=None)
    assert market.values("district").distinct().count() >= 1

    active = Franchise.objects.filter(status="active").count()
    open_in_districts = seogu_stores.filter(status="open", district__status="designated")
    assert 0.75 <= active / open_in_districts.count() <= 0.95  # the real dashboard reports 85.2 %

    assert SalesReport.objects.values("month").distinct().count() >= 24
    assert Ticket.objects.count() > 300
    assert MetricSnapshot.objects.filter(scope="district").values("scope_id").distinct().count() >= 119
    # The dashboard's running month: about 85% of the stores that may join have joined, fewer of all stores.
    from dashboard.months import current_month

    running = MetricSnapshot.objects.get(local_government__code="29140", scope="government", month=current_month())
    assert 0.80 <= running.franchise_rate_eligible <= 0.90 and running.franchise_rate < 0.65

    # Counts read with thousands separators (the public finder lists about 9,000 franchises).
    finder = client.get("/onnuri/").content.decode()
    assert re.search(r"가맹점 \d{1,3}(,\d{3})+곳", finder)

    counts = (Store.objects.count(), District.objects.count(), Franchise.objects.count(),
              SalesReport.objects.count(), Ticket.objects.count(), MetricSnapshot.objects.count())
    call_command("seed_demo", "--seed", "42", stdout=None)
    assert (Store.objects.count(), District.objects.count(), Franchise.objects.count(),
            SalesReport.objects.count(), Ticket.objects.count(), MetricSnapshot.objects.count()) == counts

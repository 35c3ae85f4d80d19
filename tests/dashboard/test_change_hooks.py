"""Changes in other apps queue the dashboard's aggregation (coalesced), through core.signals."""

import datetime

import pytest
from django.utils import timezone

from core.signals import announce_records_changed
from dashboard import services as dashboard_services
from dashboard.models import MetricSnapshot
from merchants.importers import import_stores
from merchants.models import Store
from merchants.services import imports as import_services
from merchants.services.stores import store_close
from tests.conftest import YANGDONG_STORES
from tests.districts.factories import load_yangdong_market_stores, make_district, yangdong_market_boundary
from tests.factories import StoreFactory


@pytest.fixture
def requested(monkeypatch):
    """Record the months the dashboard is asked to aggregate (instead of queueing tasks)."""
    calls = []
    monkeypatch.setattr(dashboard_services, "request_aggregation",
                        lambda government_id, month, **kw: calls.append((government_id, month)) or True)
    return calls


def snapshot(government, month):
    MetricSnapshot.objects.create(local_government=government, month=month, scope="government", scope_id=0,
                                  computed_at=timezone.now())


def test_without_snapshots_only_the_running_month_is_queued(seogu, requested):
    announce_records_changed(local_government_id=seogu.pk, since=None)
    assert requested == [(seogu.pk, dashboard_services.current_month())]


def test_a_change_since_a_date_queues_that_month_to_the_running_one(seogu, requested):
    current = dashboard_services.current_month()
    first = dashboard_services.add_months(current, -6)
    snapshot(seogu, first)
    announce_records_changed(local_government_id=seogu.pk, since=dashboard_services.add_months(current, -2))
    assert [m for _, m in requested] == [dashboard_services.add_months(current, k) for k in (-2, -1, 0)]
    requested.clear()
    announce_records_changed(local_government_id=seogu.pk, since=datetime.date(2001, 1, 1))  # capped
    assert [m for _, m in requested][0] == first and len(requested) == 7


def test_closing_a_store_queues_the_months_from_its_closing_date(official, requested):
    store = StoreFactory(local_government=official.local_government)
    current = dashboard_services.current_month()
    snapshot(official.local_government, dashboard_services.add_months(current, -12))
    closed_on = dashboard_services.add_months(current, -1)
    store_close(store_id=store.pk, official=official, closed_on=closed_on, reason="폐업 신고")
    assert [m for _, m in requested] == [closed_on, current]


def test_designating_a_district_queues_every_aggregated_month(official, requested):
    government = official.local_government
    load_yangdong_market_stores(government)
    current = dashboard_services.current_month()
    for k in (-3, -2, -1):
        snapshot(government, dashboard_services.add_months(current, k))
    make_district(official, yangdong_market_boundary(government), status="designated")
    months = sorted({m for _, m in requested})
    assert months == [dashboard_services.add_months(current, k) for k in (-3, -2, -1, 0)]


def test_a_store_import_puts_new_stores_into_their_designated_district(official, requested, tmp_path):
    government = official.local_government
    load_yangdong_market_stores(government)
    district = make_district(official, yangdong_market_boundary(government), status="designated")
    inside_before = Store.objects.filter(district=district).count()
    # A newcomer: the same market file under another source is a fresh set of stores in the same place.
    Store.objects.filter(source="market").delete()
    result = import_stores(YANGDONG_STORES, local_government=government, report_dir=tmp_path)
    assert result.created == 422
    assert not Store.objects.filter(district=district).exists()  # the importer itself leaves districts alone
    requested.clear()
    import_services.stores_imported(local_government_id=government.pk, result=result)
    assert Store.objects.filter(district=district).count() == inside_before
    assert requested  # and the metrics are queued again


def test_an_official_edit_of_industry_or_position_follows_through(official, requested):
    from merchants.services.stores import store_update

    government = official.local_government
    load_yangdong_market_stores(government)
    district = make_district(official, yangdong_market_boundary(government), status="designated")
    store = Store.objects.filter(district=district).first()
    requested.clear()
    store_update(store_id=store.pk, official=official, version=store.version, values={"phone": "062-000-0000"})
    assert requested == []  # a phone number changes no figure
    store.refresh_from_db()
    store_update(store_id=store.pk, official=official, version=store.version, values={"market_name": "다른시장"})
    assert requested  # may-join-Onnuri depends on the market
    requested.clear()
    store.refresh_from_db()
    moved = store_update(store_id=store.pk, official=official, version=store.version,
                         values={"lon": 126.8790, "lat": 35.1530})  # out of the market, still in 서구
    assert moved.district_id is None and requested

"""How the sales app plugs into the rest without importing the dashboard: the sales_changed signal, its
background tasks (with the task name of before the move), the beat entry and its demo step."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from core import outbox
from core.demo import DEMO_STEPS
from core.models import OutboxMessage, PublicDataVersion
from core.months import add_months, current_month
from core.signals import sales_changed
from sales.models import SalesImport, SalesReport
from sales.services import sales_report_save
from tests.factories import StoreFactory

MONTH = add_months(current_month(), -13)


@pytest.fixture
def store(seogu, merchant_a):
    return StoreFactory(local_government=seogu, owner=merchant_a.merchant)


def test_a_report_announces_its_month_and_the_dashboard_queues_the_months_it_feeds(store, merchant_a):
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    sales_changed.connect(receiver, dispatch_uid="test-sales-changed")
    try:
        sales_report_save(store_id=store.pk, month=MONTH, total_won=1_000, onnuri_won=0, transactions=1,
                          actor=merchant_a)
    finally:
        sales_changed.disconnect(dispatch_uid="test-sales-changed")
    assert heard == [{"signal": sales_changed, "local_government_id": store.local_government_id, "months": [MONTH]}]
    # The dashboard's receiver: the month, the next month's MoM and the YoY a year later, as outbox rows.
    queued = sorted(OutboxMessage.objects.filter(task_name="dashboard.tasks.aggregate_month")
                    .values_list("args", flat=True))
    assert queued == [[store.local_government_id, f"{m:%Y-%m}"]
                      for m in (MONTH, add_months(MONTH, 1), add_months(MONTH, 12))]


def test_a_report_leaves_the_public_data_version_alone(store, merchant_a):
    """Sales are on no public page: a report must not make every visitor of the Onnuri finder rebuild it."""
    PublicDataVersion.objects.create(local_government_id=store.local_government_id, version=7,
                                     changed_at=timezone.now())
    sales_report_save(store_id=store.pk, month=MONTH, total_won=1_000, onnuri_won=0, transactions=1,
                      actor=merchant_a)
    assert PublicDataVersion.objects.get(local_government_id=store.local_government_id).version == 7


def test_the_import_task_runs_under_its_new_name_and_the_name_of_before_the_move(seogu, official):
    assert outbox.registered_task("sales.run_import").name == "sales.run_import"
    jobs = [SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename=f"{n}.csv",
                                       content="상가업소번호,월,매출액\n".encode()) for n in range(2)]
    for job, name in zip(jobs, ("sales.run_import", "dashboard.tasks.run_sales_import"), strict=True):
        result = outbox.registered_task(name)(job.pk)  # an outbox row written before an upgrade names the old one
        assert result["status"] == "done" and result["id"] == job.pk


@pytest.mark.django_db
def test_stale_sales_imports_have_their_own_beat_entry():
    entry = settings.CELERY_BEAT_SCHEDULE["sales-recover-imports"]
    assert entry["task"] == "sales.recover_imports"
    assert outbox.registered_task("sales.recover_imports")() == {"sales_imports": 0}


def test_the_sales_demo_step_runs_after_the_franchises_and_before_the_dashboards_metrics():
    steps = [path for path, _description in DEMO_STEPS]
    assert steps.index("giftcerts.demo.seed_franchises") < steps.index("sales.demo.seed_sales")
    assert steps[-1] == "dashboard.demo.seed_metrics"


@pytest.mark.django_db
def test_the_sales_demo_step_alone_writes_sales_and_no_metrics(seogu):
    from dashboard.models import MetricSnapshot
    from sales import demo

    opened = datetime.date(2015, 1, 1)
    stores = StoreFactory.create_batch(3, local_government=seogu, opened_on=opened)
    lines = []
    demo.seed_sales(42, lines.append)
    assert SalesReport.objects.filter(store__in=stores).count() == 3 * demo.SALES_MONTHS
    assert not MetricSnapshot.objects.exists()
    demo.seed_sales(42, lines.append)  # again: nothing more
    assert SalesReport.objects.count() == 3 * demo.SALES_MONTHS and "demo sales already there" in lines[-1]

"""A merchant reports and corrects monthly sales: personas, bad input, conflicts, repeats, aggregation."""

import datetime

import pytest
from django.urls import reverse

from core.errors import ConflictError, DomainError
from core.months import add_months, current_month, month_key
from dashboard.models import MetricSnapshot
from merchants.models import Store
from sales.models import SalesReport, SalesRevision
from sales.services import sales_report_save, version_of
from tests.factories import StoreFactory

D = datetime.date
MONTH = add_months(current_month(), -1)  # shown on the merchant's page (last twelve months)


@pytest.fixture
def store(seogu, merchant_a):
    return StoreFactory(local_government=seogu, name="최가네 분식", owner=merchant_a.merchant)


def report_url(store, month=MONTH):
    return reverse("sales:report", args=[store.pk]) + f"?month={month_key(month)}"


def post(client, store, **overrides):
    data = {"month": month_key(MONTH), "total_won": "30,000,000", "onnuri_won": "3000000", "transactions": "1200",
            "reason": "", "version": ""}
    data.update(overrides)
    return client.post(reverse("sales:report", args=[store.pk]), data)


def test_merchant_reports_a_month(store, merchant_a, merchant_a_client, django_capture_on_commit_callbacks):
    assert merchant_a_client.get(report_url(store)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = post(merchant_a_client, store)
    assert response.status_code == 302 and response["Location"] == reverse("sales:my_sales")
    report = SalesReport.objects.get(store=store, month=MONTH)
    assert (report.total_won, report.onnuri_won, report.transactions) == (30_000_000, 3_000_000, 1200)
    assert report.source == "merchant" and report.reported_by == merchant_a
    revision = SalesRevision.objects.get(report=report)
    assert revision.before == {} and revision.after["total_won"] == 30_000_000
    # The dashboard recomputed March (eager tasks in tests) after the commit.
    government = MetricSnapshot.objects.get(month=MONTH, scope="government", local_government=store.local_government)
    assert government.total_sales_won == 30_000_000
    page = merchant_a_client.get(reverse("sales:my_sales")).content.decode()
    assert "30,000,000원" in page and "최가네 분식" in page


def test_posting_the_same_figures_again_changes_nothing(store, merchant_a_client):
    post(merchant_a_client, store)
    report = SalesReport.objects.get(store=store)
    again = post(merchant_a_client, store)  # a double submit with the old (empty) version
    assert again.status_code == 302
    assert SalesReport.objects.get(store=store).updated_at == report.updated_at
    assert SalesRevision.objects.filter(report=report).count() == 1


def test_merchant_corrects_a_month_and_the_change_is_recorded(store, merchant_a_client):
    post(merchant_a_client, store)
    report = SalesReport.objects.get(store=store)
    form = merchant_a_client.get(report_url(store)).context["form"]
    assert form.initial["total_won"] == 30_000_000 and form.initial["version"] == version_of(report)
    response = post(merchant_a_client, store, total_won="32000000", reason="누락 영수증", version=version_of(report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.total_won == 32_000_000
    latest = SalesRevision.objects.filter(report=report).first()
    assert latest.before["total_won"] == 30_000_000 and latest.after["total_won"] == 32_000_000
    assert latest.reason == "누락 영수증"


def test_a_stale_form_gets_a_conflict_and_keeps_the_input(store, merchant_a_client):
    post(merchant_a_client, store)
    stale = version_of(SalesReport.objects.get(store=store))
    post(merchant_a_client, store, total_won="31000000", version=stale)  # someone else saved first
    response = post(merchant_a_client, store, total_won="35000000", version=stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "다른 곳에서" in html and 'value="35000000"' in html
    assert SalesReport.objects.get(store=store).total_won == 31_000_000
    # The form now carries the current version: saving again applies the user's figures on purpose.
    fresh = response.context["form"].data["version"]
    assert post(merchant_a_client, store, total_won="35000000", version=fresh).status_code == 302
    assert SalesReport.objects.get(store=store).total_won == 35_000_000


@pytest.mark.parametrize(("field", "value", "message"), [
    ("onnuri_won", "40000000", "총매출(30,000,000원)보다 클 수 없습니다"),
    ("total_won", "-5", "총매출은 0원보다 작을 수 없습니다"),
    ("transactions", "열두건", "거래 건수를 숫자로만 적으세요"),
    ("month", "2025년3월", "YYYY-MM 형식"),
])
def test_bad_input_is_explained_in_korean_and_kept(store, merchant_a_client, field, value, message):
    response = post(merchant_a_client, store, **{field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html
    assert not SalesReport.objects.filter(store=store).exists()


def test_a_future_month_is_refused(store, merchant_a_client):
    future = month_key(add_months(current_month(), 1))
    response = post(merchant_a_client, store, month=future)
    assert "아직 오지 않은 달" in response.content.decode()
    assert not SalesReport.objects.exists()


def test_a_month_after_closing_is_refused(store, merchant_a_client):
    Store.objects.filter(pk=store.pk).update(status="closed", closed_on=MONTH - datetime.timedelta(days=3))
    response = post(merchant_a_client, store)
    assert "폐업했으므로" in response.content.decode()


def test_another_merchant_gets_404_and_officials_and_anonymous_are_refused(store, merchant_b_client,
                                                                          official_client, client):
    assert merchant_b_client.get(report_url(store)).status_code == 404
    assert post(merchant_b_client, store).status_code == 404
    assert official_client.get(report_url(store)).status_code == 403
    assert official_client.get(reverse("sales:my_sales")).status_code == 403
    response = client.get(report_url(store))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not SalesReport.objects.exists()


def test_my_sales_lists_only_my_stores(store, seogu, merchant_b, merchant_a_client):
    StoreFactory(local_government=seogu, name="남의 가게", owner=merchant_b.merchant)
    html = merchant_a_client.get(reverse("sales:my_sales")).content.decode()
    assert "최가네 분식" in html and "남의 가게" not in html


def test_service_guards_owner_and_version(store, merchant_a, merchant_b, official, official_other):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sales_report_save(store_id=store.pk, month=MONTH, total_won=1, onnuri_won=0, transactions=1, actor=merchant_b)
    with pytest.raises(PermissionDenied):
        sales_report_save(store_id=store.pk, month=MONTH, total_won=1, onnuri_won=0, transactions=1,
                          actor=official_other)
    report = sales_report_save(store_id=store.pk, month=MONTH, total_won=10, onnuri_won=0, transactions=1,
                               actor=official)  # an official of the government may enter it
    assert report.source == "import"
    with pytest.raises(ConflictError):
        sales_report_save(store_id=store.pk, month=MONTH, total_won=11, onnuri_won=0, transactions=1,
                          actor=merchant_a, expected_version="")
    with pytest.raises(DomainError) as error:
        sales_report_save(store_id=store.pk, month=MONTH, total_won=10, onnuri_won=11, transactions=1,
                          actor=merchant_a)
    assert error.value.field == "onnuri_won"

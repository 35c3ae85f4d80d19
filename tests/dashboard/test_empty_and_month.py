"""Issue 17 on the dashboard: an empty dashboard tells the official why and offers a button that
queues the first aggregation (no developer command); the panels follow the chosen month."""

import datetime

import pytest
from django.urls import reverse

from core.models import OutboxMessage
from tests.dashboard.test_hotline_blocks import tickets  # noqa: F401 (fixture)
from tests.factories import SalesReportFactory, StoreFactory

D = datetime.date
URL = "dashboard:aggregate"


def queued(government):
    return OutboxMessage.objects.filter(task_name="dashboard.tasks.aggregate_since", args__0=government.pk)


@pytest.mark.django_db
def test_empty_dashboard_explains_and_shows_no_developer_command(other_official_client, bukgu):
    html = other_official_client.get(reverse("dashboard:index")).content.decode()
    assert "manage.py" not in html and "aggregate_metrics" not in html
    assert "점포가 등록되어 있지 않아" in html and reverse("merchants:import_list") in html
    assert f'action="{reverse(URL)}"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_stores_without_sales_point_to_the_sales_import(other_official_client, bukgu):
    StoreFactory(local_government=bukgu, name="말바우상회")
    html = other_official_client.get(reverse("dashboard:index")).content.decode()
    assert "점포 1곳이 등록되어 있지만 매출은 아직 없습니다" in html and reverse("sales:import") in html


@pytest.mark.django_db
def test_the_button_queues_one_outbox_row_and_a_repeat_does_not(other_official_client, bukgu):
    store = StoreFactory(local_government=bukgu, name="말바우상회")
    SalesReportFactory(store=store, month=D(2025, 3, 1))
    response = other_official_client.post(reverse(URL), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:index")
    assert "수치 집계를 시작했습니다" in response.content.decode()
    rows = queued(bukgu)
    assert rows.count() == 1 and rows.get().args == [bukgu.pk, "2025-03"]
    again = other_official_client.post(reverse(URL), follow=True).content.decode()
    assert "이미 수치를 집계하고 있으니" in again
    assert queued(bukgu).count() == 1
    page = other_official_client.get(reverse("dashboard:index")).content.decode()
    assert "몇 분 뒤 페이지를 새로 고침하세요" in page and f'action="{reverse(URL)}"' not in page


@pytest.mark.django_db
def test_the_queued_task_fills_the_dashboard(other_official_client, bukgu, django_capture_on_commit_callbacks):
    from dashboard.tasks import aggregate_since

    store = StoreFactory(local_government=bukgu, name="말바우상회", opened_on=D(2020, 1, 1))
    SalesReportFactory(store=store, month=D(2025, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = aggregate_since(bukgu.pk, "2025-03")
        second = aggregate_since(bukgu.pk, "2025-03")  # idempotent: the same snapshots again
    assert first["rows"] > 0 and first == second
    assert 'data-testid="dash-empty"' not in other_official_client.get(reverse("dashboard:index")).content.decode()


@pytest.mark.django_db
def test_only_officials_may_ask_and_only_for_their_own_government(client, merchant_a_client, official_client,
                                                                  seogu, bukgu):
    assert client.post(reverse(URL)).status_code == 302  # to the login page
    assert merchant_a_client.post(reverse(URL)).status_code == 403
    assert official_client.get(reverse(URL)).status_code == 405  # POST only
    official_client.post(reverse(URL))
    assert queued(seogu).count() == 1 and queued(bukgu).count() == 0
    assert not OutboxMessage.objects.filter(task_name="dashboard.tasks.aggregate_since").exclude(
        args__0=seogu.pk).exists()


@pytest.mark.django_db
def test_the_button_needs_the_csrf_token(official, seogu):
    from django.test import Client

    http = Client(enforce_csrf_checks=True)
    http.force_login(official)
    assert http.post(reverse(URL)).status_code == 403
    assert queued(seogu).count() == 0


# --- every block follows the chosen month ---------------------------------------------------------

@pytest.mark.django_db
def test_panels_follow_the_month(official_client, tickets):  # noqa: F811
    march = official_client.get(reverse("dashboard:panels"), {"month": "2025-03"}).content.decode()
    april = official_client.get(reverse("dashboard:panels"), {"month": "2025-04"}).content.decode()
    assert "2025년 3월" in march and 'data-kpi="received">3<' in march
    assert "2025년 4월" in april and 'data-kpi="received">0<' in april
    page = official_client.get(reverse("dashboard:index"), {"month": "2025-03"}).content.decode()
    assert 'id="dash-panels"' in page and "2025년 3월" in page.split('id="dash-panels"')[1]


@pytest.mark.django_db
def test_panels_refuse_other_personas_and_bad_months(official_client, other_official_client, merchant_a_client,
                                                     client, tickets):  # noqa: F811
    url = reverse("dashboard:panels")
    assert official_client.get(url, {"month": "2030-01"}).status_code == 404
    assert official_client.get(url, {"month": "banana"}).status_code == 404
    assert other_official_client.get(url, {"month": "2025-03"}).status_code == 404  # 북구 has no figures
    assert merchant_a_client.get(url, {"month": "2025-03"}).status_code == 403
    assert client.get(url, {"month": "2025-03"}).status_code == 302

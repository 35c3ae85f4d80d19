"""Hotline figures per month and scope (hand-computed fixture), the stats page, the JSON endpoints."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from hotline import selectors, services
from hotline.models import Ticket

from .conftest import at, file_ticket

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def march(seogu, official):
    """Five tickets filed in March 2026, one in February, with known outcomes."""
    t = {}
    t["feb_open"] = file_ticket(seogu, filed_at=at(2026, 2, 20))  # still open through March
    t["resolved_fast"] = file_ticket(seogu, filed_at=at(2026, 3, 2, 9))
    t["resolved_slow"] = file_ticket(seogu, code="noise", description="새벽까지 소음이 심합니다",
                                     filed_at=at(2026, 3, 3, 9))
    t["rejected"] = file_ticket(seogu, filed_at=at(2026, 3, 4))
    t["open"] = file_ticket(seogu, code="cleanliness", description="쓰레기 무단투기로 악취가 납니다",
                            filed_at=at(2026, 3, 30))
    t["duplicate"] = file_ticket(seogu, filed_at=at(2026, 3, 5))

    def resolve(ticket, when):
        services.ticket_assign(ticket_id=ticket.pk, official=official, assignee=official, now=when)
        services.ticket_start(ticket_id=ticket.pk, official=official, now=when)
        services.ticket_resolve(ticket_id=ticket.pk, official=official, reply="조치 완료", now=when)

    resolve(t["resolved_fast"], at(2026, 3, 3, 9))  # 1 day
    resolve(t["resolved_slow"], at(2026, 3, 6, 9))  # 3 days
    services.ticket_reject(ticket_id=t["rejected"].pk, official=official, reason="관할 밖", now=at(2026, 3, 5))
    services.ticket_merge(ticket_id=t["duplicate"].pk, into_id=t["resolved_fast"].pk, official=official,
                          now=at(2026, 3, 2, 12))
    services.keywords_compute(local_government_id=seogu.pk, month=MARCH)
    return t


def test_figures_of_a_month_match_a_hand_count(seogu, march, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        f = selectors.hotline_figures(seogu, MARCH, now=at(2026, 5, 1))
    assert f.received == 5  # the duplicate is a report received too
    assert (f.resolved, f.rejected, f.processed) == (2, 1, 3)
    assert f.open == 2  # February's and the one of 30 March
    assert f.resolution_rate == pytest.approx(3 / 5)
    assert f.median_days_to_resolve == 2.0  # median of 1 and 3 days
    assert f.top_categories[0] == {"code": "parking", "name": "주차", "count": 3}
    assert {"keyword": "불법 주차", "count": 2} in f.top_phrases  # the merged duplicate is not counted
    assert [r["id"] for r in f.recent_resolved] == [march["resolved_slow"].pk, march["resolved_fast"].pk]
    assert len(f.points) == 5 and all(len(p) == 5 for p in f.points)
    assert f.overdue_open == 1  # February's ticket was due early March
    february = selectors.hotline_figures(seogu, datetime.date(2026, 2, 1), now=at(2026, 5, 1))
    assert (february.received, february.open, february.processed) == (1, 1, 0)


def test_figures_per_dong_and_district(seogu, march):
    dong_id = march["open"].dong_id
    f = selectors.hotline_figures(seogu, MARCH, scope="dong", scope_id=dong_id, now=at(2026, 5, 1))
    assert f.received == 5  # all at the same point in 양동
    other_dong = next(d for d in seogu.dongs.all() if d.pk != dong_id)
    assert selectors.hotline_figures(seogu, MARCH, scope="dong", scope_id=other_dong.pk).received == 0


def test_a_ticket_in_a_designated_district_is_counted_there(seogu, official):
    from districts.models import District
    from tests.factories import DistrictFactory

    district = DistrictFactory(local_government=seogu, status=District.Status.DESIGNATED)
    draft = DistrictFactory(local_government=seogu, status=District.Status.DRAFT)
    ticket = file_ticket(seogu)
    assert ticket.district == district and ticket.district != draft
    month = selectors.month_start(ticket.created_at.date())
    assert selectors.hotline_figures(seogu, month, scope="district", scope_id=district.pk).received == 1


def test_stats_api_personas_and_content(client, official_client, other_official_client, merchant_a_client, march):
    url = reverse("hotline_api:stats") + "?month=2026-03"
    assert client.get(url).status_code == 403
    assert merchant_a_client.get(url).status_code == 403
    body = official_client.get(url).json()
    assert body["month"] == "2026-03" and body["received"] == 5 and body["processed"] == 3
    assert other_official_client.get(url).json()["received"] == 0  # their government has none


def test_tickets_api_is_scoped_and_in_the_schema(client, official_client, other_official_client, march,
                                                 django_assert_max_num_queries):
    assert client.get("/api/tickets/").status_code == 403
    with django_assert_max_num_queries(6):
        body = official_client.get("/api/tickets/?status=resolved").json()
    assert {r["id"] for r in body["results"]} == {march["resolved_fast"].pk, march["resolved_slow"].pk}
    assert other_official_client.get("/api/tickets/").json()["count"] == 0
    assert other_official_client.get(f"/api/tickets/{march['open'].pk}/").status_code == 404
    schema = official_client.get("/api/schema/").content.decode()
    assert "/api/tickets/" in schema and "/api/hotline/stats" in schema


def test_stats_page_and_dashboard_partial(official_client, merchant_a_client, client, march):
    url = reverse("hotline:stats") + "?month=2026-03"
    assert client.get(url).status_code == 302 and merchant_a_client.get(url).status_code == 403
    html = official_client.get(url).content.decode()
    assert 'data-kpi="received">5<' in html and 'data-kpi="processed">3<' in html
    assert 'id="hotline-map"' in html and 'id="hotline-points"' in html
    f = selectors.hotline_figures(march["open"].local_government, MARCH)
    block = render_to_string("hotline/_dashboard_block.html", {"figures": f})
    assert "60.0%" in block and "불법 주차" in block and "2일" in block


def test_recent_keywords_task_covers_this_and_last_month(seogu):
    from hotline.models import TicketKeyword
    from hotline.tasks import compute_recent_keywords

    file_ticket(seogu, description="골목 불법 주차 단속 부탁드립니다")
    assert compute_recent_keywords.delay().get() > 0
    first = sorted(TicketKeyword.objects.values_list("month", "scope", "keyword", "count"))
    compute_recent_keywords.delay().get()
    assert sorted(TicketKeyword.objects.values_list("month", "scope", "keyword", "count")) == first
    assert Ticket.objects.count() == 1


def test_stats_page_by_area(official_client, march, seogu):
    dong = march["open"].dong
    other = seogu.dongs.exclude(pk=dong.pk).first()
    html = official_client.get(reverse("hotline:stats") + f"?month=2026-03&area=dong:{dong.pk}").content.decode()
    assert 'data-kpi="received">5<' in html and f'value="dong:{dong.pk}" selected' in html
    html = official_client.get(reverse("hotline:stats") + f"?month=2026-03&area=dong:{other.pk}").content.decode()
    assert 'data-kpi="received">0<' in html

"""The hotline on the dashboard: its KPI card, its block on the page, its figures in the snapshots."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboard.models import MetricSnapshot
from tests.factories import YANGDONG_LAT, YANGDONG_LON

D = datetime.date


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def tickets(aggregated_world, aggregate):
    """Four tickets at 양동: one filed in February and resolved in April, three filed in March (one resolved)."""
    from hotline.models import Category, Ticket
    from hotline.services import categories_seed_defaults, ticket_file

    categories_seed_defaults()
    parking = Category.objects.get(code="parking")

    def file(day, description):
        return ticket_file(local_government=aggregated_world.government, category=parking, description=description,
                           lon=YANGDONG_LON, lat=YANGDONG_LAT, filed_at=day)

    february = file(at(2025, 2, 20), "골목 입구 불법 주차")
    march = [file(at(2025, 3, day), f"주차 문제 {day}") for day in (3, 10, 17)]
    Ticket.objects.filter(pk=february.pk).update(status="resolved", closed_at=at(2025, 4, 2))
    Ticket.objects.filter(pk=march[0].pk).update(status="resolved", closed_at=at(2025, 3, 12))
    aggregate(aggregated_world, D(2025, 3, 1))
    return [february, *march]


def test_snapshots_carry_the_hotline_figures_per_scope(tickets, aggregated_world):
    government = MetricSnapshot.objects.get(month=D(2025, 3, 1), scope="government")
    # Open on 31 March: the February ticket and two of March's; received in March: 3; processed: 1.
    assert hotline_of(government.extra) == {"hotline_open": 3, "hotline_received": 3, "hotline_processed": 1}
    dong = MetricSnapshot.objects.get(month=D(2025, 3, 1), scope="dong", scope_id=tickets[0].dong_id)
    assert hotline_of(dong.extra) == hotline_of(government.extra)
    other_dong = MetricSnapshot.objects.filter(month=D(2025, 3, 1), scope="dong").exclude(
        scope_id=tickets[0].dong_id).first()
    # No ticket there is a real zero (the map layer shows 0, not "no data").
    assert hotline_of(other_dong.extra) == {"hotline_open": 0, "hotline_received": 0, "hotline_processed": 0}


def hotline_of(extra: dict) -> dict:
    """The hotline's figures among every app's in MetricSnapshot.extra."""
    return {key: value for key, value in extra.items() if key.startswith("hotline_")}


def test_the_open_tickets_card_agrees_with_the_hotlines_own_figures(tickets, aggregated_world, official_client):
    from hotline.selectors import hotline_figures

    cards = {c["key"]: c for c in official_client.get("/api/dashboard/kpis?month=2025-03").json()["kpis"]}
    expected = hotline_figures(aggregated_world.government, D(2025, 3, 1))
    assert cards["hotline_open"]["value"] == expected.open == 3
    assert cards["hotline_open"]["display"] == "3건"
    assert cards["hotline_open"]["url"] == reverse("hotline:queue")


def test_the_dashboard_page_shows_the_hotline_block(tickets, official_client):
    html = official_client.get(reverse("dashboard:index") + "?month=2025-03").content.decode()
    assert 'data-testid="hotline-block"' in html and "hotline/hotline.css" in html
    assert 'data-kpi="hotline_open"' in html


def test_the_export_has_the_hotline_columns(tickets, official_client):
    book = load_workbook(io.BytesIO(official_client.get(reverse("dashboard:export") + "?month=2025-03").content))
    header = [c.value for c in book["구 전체"][1]]
    row = [c.value for c in book["구 전체"][2]]
    assert row[header.index("미처리 핫라인 민원")] == 3 and row[header.index("핫라인 민원 처리")] == 1

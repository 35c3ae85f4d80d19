"""Contact data that reporters type into descriptions is masked wherever the description is public."""

import datetime

import pytest
from django.urls import reverse

from hotline import services
from hotline.selectors import hotline_figures

from .conftest import file_ticket

DESCRIPTION = "주차 차량 신고합니다. 연락은 010-9876-5432 또는 hong.gildong@example.kr, 주민번호 900101-1234567"
PRIVATE = ("010-9876-5432", "9876", "hong.gildong@example.kr", "900101-1234567")


@pytest.fixture
def chatty_ticket(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    return file_ticket(seogu, description=DESCRIPTION)


def assert_masked(text):
    assert "주차 차량 신고합니다." in text
    for private in PRIVATE:
        assert private not in text
    assert "h***@example.kr" in text and "******-*******" in text


def test_open311_list_and_detail_mask_the_description(client, chatty_ticket):
    listed = client.get("/open311/v2/requests.json").json()
    assert_masked(next(r for r in listed if r["service_request_id"] == str(chatty_ticket.pk))["description"])
    detail = client.get(f"/open311/v2/requests/{chatty_ticket.pk}.json").json()[0]
    assert_masked(detail["description"])
    xml = client.get(f"/open311/v2/requests/{chatty_ticket.pk}.xml").content.decode()
    assert "9876" not in xml and "hong.gildong@" not in xml


def test_the_public_tracking_page_masks_the_description(client, chatty_ticket):
    html = client.get(reverse("hotline:track_detail", args=[chatty_ticket.tracking_token])).content.decode()
    assert_masked(html)


def test_the_dashboards_recent_cases_mask_the_summary(seogu, official, chatty_ticket):
    services.ticket_assign(ticket_id=chatty_ticket.pk, official=official, assignee=official)
    services.ticket_start(ticket_id=chatty_ticket.pk, official=official)
    services.ticket_resolve(ticket_id=chatty_ticket.pk, official=official, reply="견인했습니다.")
    figures = hotline_figures(seogu, datetime.date.today())
    (row,) = figures.recent_resolved
    assert "9876" not in row["summary"] and "hong.gildong" not in row["summary"]
    assert row["summary"].startswith("주차 차량 신고합니다. 연락은 ***-****-****")


def test_officials_still_read_the_original(official_client, chatty_ticket):
    html = official_client.get(reverse("hotline:ticket_detail", args=[chatty_ticket.pk])).content.decode()
    assert "010-9876-5432" in html and "hong.gildong@example.kr" in html

"""Merging: a confirmation page with both tickets first, and only into open or recent tickets of the government."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from hotline import services
from hotline.models import Ticket, TicketEvent

from .conftest import BUKGU_LAT, BUKGU_LON, file_ticket


def merge_url(ticket):
    return reverse("hotline:ticket_action", args=[ticket.pk, "merge"])


def resolved(ticket, official, when):
    services.ticket_assign(ticket_id=ticket.pk, official=official, assignee=official, now=when)
    services.ticket_start(ticket_id=ticket.pk, official=official, now=when)
    return services.ticket_resolve(ticket_id=ticket.pk, official=official, reply="조치했습니다.", now=when)


@pytest.fixture
def pair(seogu):
    primary = file_ticket(seogu, description="양동시장 입구 불법 주차", address="양동시장 1번 출구")
    duplicate = file_ticket(seogu, description="시장 입구에 차가 막고 있어요")
    return primary, duplicate


def test_the_first_post_shows_both_tickets_and_changes_nothing(official_client, pair):
    primary, duplicate = pair
    response = official_client.post(merge_url(duplicate), {"merge-version": duplicate.version,
                                                           "merge-into": primary.pk})
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("양동시장 입구 불법 주차", "시장 입구에 차가 막고 있어요", primary.tracking_code_display,
                 duplicate.tracking_code_display, 'name="merge-confirm" value="True"'):
        assert text in html
    assert f"{duplicate.pk}번 신고를 {primary.pk}번 신고에 병합할까요?" in html
    assert Ticket.objects.get(pk=duplicate.pk).status == Ticket.Status.RECEIVED
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.MERGED).exists()


def test_confirming_merges_once_and_a_repeat_is_refused(official_client, pair):
    primary, duplicate = pair
    data = {"merge-version": duplicate.version, "merge-into": primary.pk, "merge-confirm": "True"}
    assert official_client.post(merge_url(duplicate), data).status_code == 302
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == primary.pk
    again = official_client.post(merge_url(duplicate), data)
    assert again.status_code == 400
    assert TicketEvent.objects.filter(ticket=duplicate, kind=TicketEvent.Kind.MERGED).count() == 1


def test_an_old_closed_primary_is_refused_by_the_service_and_the_page(seogu, official, official_client, pair,
                                                                      settings):
    settings.HOTLINE_MERGE_RECENT_DAYS = 30
    primary, duplicate = pair
    resolved(primary, official, timezone.now() - datetime.timedelta(days=31))
    with pytest.raises(DomainError) as refused:
        services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)
    assert "30일이 지났습니다" in str(refused.value)
    for data in ({"merge-into": primary.pk}, {"merge-into": primary.pk, "merge-confirm": "True"}):
        response = official_client.post(merge_url(duplicate), {"merge-version": duplicate.version, **data})
        assert response.status_code == 400 and "종결된 지 30일이 지났습니다" in response.content.decode()
        assert "시장 입구에 차가 막고 있어요" in response.content.decode()
    assert Ticket.objects.get(pk=duplicate.pk).status == Ticket.Status.RECEIVED


def test_a_recently_closed_primary_is_accepted(seogu, official, pair, settings):
    settings.HOTLINE_MERGE_RECENT_DAYS = 30
    primary, duplicate = pair
    resolved(primary, official, timezone.now() - datetime.timedelta(days=29))
    merged = services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)
    assert merged.merged_into_id == primary.pk


def test_the_window_is_a_setting(seogu, official, pair, settings):
    primary, duplicate = pair
    resolved(primary, official, timezone.now() - datetime.timedelta(days=10))
    settings.HOTLINE_MERGE_RECENT_DAYS = 7
    with pytest.raises(DomainError):
        services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)


def test_another_governments_ticket_is_refused_in_korean_on_the_preview(official_client, seogu, bukgu, pair):
    _primary, duplicate = pair
    theirs = file_ticket(bukgu, lon=BUKGU_LON, lat=BUKGU_LAT)
    response = official_client.post(merge_url(duplicate), {"merge-version": duplicate.version,
                                                           "merge-into": theirs.pk})
    assert response.status_code == 400 and f"{theirs.pk}번 신고가 없습니다" in response.content.decode()
    assert theirs.description not in response.content.decode()  # nothing of 북구's ticket is shown


def test_wrong_personas_cannot_preview_or_merge(client, merchant_a_client, other_official_client, pair):
    primary, duplicate = pair
    data = {"merge-version": duplicate.version, "merge-into": primary.pk}
    assert client.post(merge_url(duplicate), data).status_code == 302
    assert merchant_a_client.post(merge_url(duplicate), data).status_code == 403
    assert other_official_client.post(merge_url(duplicate), data).status_code == 404
    assert other_official_client.post(merge_url(duplicate), {**data, "merge-confirm": "True"}).status_code == 404
    assert Ticket.objects.get(pk=duplicate.pk).status == Ticket.Status.RECEIVED

"""Following a ticket by its tracking code: public status and replies only, never contact data or internal notes."""

import pytest
from django.urls import reverse

from hotline import services

from .conftest import file_ticket, upload

TRACK = reverse("hotline:track")


@pytest.fixture
def worked_ticket(seoul_ticket, official):
    services.ticket_assign(ticket_id=seoul_ticket.pk, official=official, assignee=official)
    services.ticket_comment(ticket_id=seoul_ticket.pk, official=official, body="내부 메모: 상습 차량 번호 12가3456",
                            kind="internal")
    services.ticket_comment(ticket_id=seoul_ticket.pk, official=official, body="현장을 확인하겠습니다.", kind="public")
    seoul_ticket.refresh_from_db()
    return seoul_ticket


def test_the_code_leads_to_the_public_status(client, worked_ticket):
    response = client.post(TRACK, {"code": worked_ticket.tracking_code_display.lower()})  # typed loosely
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "담당자 배정" in html and "현장을 확인하겠습니다." in html
    for private in ("홍길동", "010-1234-5678", "reporter@example.kr", "내부 메모", "12가3456",
                    "official_seogu", "김서구"):
        assert private not in html


def test_a_wrong_code_shows_nothing(client, worked_ticket):
    response = client.post(TRACK, {"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "이 접수번호의 신고가 없습니다" in html and 'value="ZZZZZ-ZZZZZ"' in html
    assert "현장을 확인하겠습니다." not in html and "홍길동" not in html
    assert client.get(reverse("hotline:track_detail", args=["not-a-token"])).status_code == 404


def test_another_tickets_code_shows_only_that_tickets_public_facts(client, seogu, worked_ticket):
    other = file_ticket(seogu, description="새벽까지 소음이 심합니다", reporter_name="김이웃",
                        reporter_email="neighbour@example.kr")
    html = client.get(client.post(TRACK, {"code": other.tracking_code})["Location"]).content.decode()
    assert "새벽까지 소음이 심합니다" in html
    for private in ("김이웃", "neighbour@example.kr", "홍길동", "내부 메모", "현장을 확인하겠습니다.", "불법 주차"):
        assert private not in html


def test_a_merged_tickets_reporter_sees_the_primarys_status_and_replies(client, seogu, official):
    primary = file_ticket(seogu)
    duplicate = file_ticket(seogu, description="입구 불법 주차 또 신고합니다")
    services.ticket_merge(ticket_id=duplicate.pk, into_id=primary.pk, official=official)
    services.ticket_assign(ticket_id=primary.pk, official=official, assignee=official)
    services.ticket_start(ticket_id=primary.pk, official=official)
    services.ticket_resolve(ticket_id=primary.pk, official=official, reply="주차 단속을 마쳤습니다.")
    html = client.get(reverse("hotline:track_detail", args=[duplicate.tracking_token])).content.decode()
    assert "병합되었습니다" in html and "처리 완료" in html and "주차 단속을 마쳤습니다." in html
    assert "입구 불법 주차 또 신고합니다" in html


def test_photos_are_served_to_the_code_holder_and_officials_only(client, seogu, official_client,
                                                                 other_official_client):
    ticket = file_ticket(seogu, photo_files=[upload()])
    photo = ticket.photos.get()
    holder_url = reverse("hotline:photo_for_holder", args=[ticket.tracking_token, photo.pk])
    response = client.get(holder_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    other = file_ticket(seogu)
    assert client.get(reverse("hotline:photo_for_holder", args=[other.tracking_token, photo.pk])).status_code == 404
    official_url = reverse("hotline:photo", args=[ticket.pk, photo.pk])
    assert official_client.get(official_url).status_code == 200
    assert other_official_client.get(official_url).status_code == 404
    assert client.get(official_url).status_code == 302  # anonymous: to the login page
    assert str(photo.image.url).startswith("/media-not-served/")  # MEDIA_URL serves nothing


def test_track_lookups_are_rate_limited(client, seogu):
    for _i in range(20):
        client.post(TRACK, {"code": "AAAAA-AAAAA"})
    assert client.post(TRACK, {"code": "AAAAA-AAAAA"}).status_code == 429

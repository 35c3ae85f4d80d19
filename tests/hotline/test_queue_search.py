"""Officials find a ticket by its tracking code (or number or words) from the queue; the ticket page shows the code."""

from django.urls import reverse

from hotline import services

from .conftest import file_ticket

QUEUE = reverse("hotline:queue")


def shown(client, query, tickets):
    html = client.get(QUEUE, query).content.decode()
    return {t.pk for t in tickets if f"#{t.pk}<" in html}


def test_search_by_tracking_code_as_people_type_it(official_client, seogu):
    wanted, other = file_ticket(seogu), file_ticket(seogu)
    for typed in (wanted.tracking_code, wanted.tracking_code_display, f" {wanted.tracking_code_display.lower()} "):
        assert shown(official_client, {"q": typed}, [wanted, other]) == {wanted.pk}


def test_search_finds_closed_tickets_unless_a_status_is_chosen(official_client, seogu, official):
    closed = file_ticket(seogu)
    services.ticket_reject(ticket_id=closed.pk, official=official, reason="중복 신고")
    assert shown(official_client, {"q": closed.tracking_code}, [closed]) == {closed.pk}
    assert shown(official_client, {"q": closed.tracking_code, "status": "open"}, [closed]) == set()


def test_search_by_number_and_by_words(official_client, seogu):
    noise = file_ticket(seogu, code="noise", description="새벽까지 노래방 소음이 심합니다")
    parking = file_ticket(seogu, address="양동시장 2번 출구 앞")
    tickets = [noise, parking]
    assert shown(official_client, {"q": f"#{noise.pk}"}, tickets) == {noise.pk}
    assert shown(official_client, {"q": "노래방"}, tickets) == {noise.pk}
    assert shown(official_client, {"q": "2번 출구"}, tickets) == {parking.pk}


def test_search_stays_inside_the_officials_government(other_official_client, seogu, official_other):
    ticket = file_ticket(seogu)
    assert shown(other_official_client, {"q": ticket.tracking_code}, [ticket]) == set()


def test_search_refuses_a_too_long_query_in_korean_and_keeps_it(official_client, seogu):
    ticket = file_ticket(seogu)
    response = official_client.get(QUEUE, {"q": "가" * 101})
    html = response.content.decode()
    assert response.status_code == 200 and f"#{ticket.pk}<" not in html
    assert "100자 이내로 검색하세요" in html and 'maxlength="100"' in html and "가" * 101 in html


def test_search_as_the_wrong_personas(client, merchant_a_client, seogu):
    ticket = file_ticket(seogu)
    assert client.get(QUEUE, {"q": ticket.tracking_code}).status_code == 302
    assert merchant_a_client.get(QUEUE, {"q": ticket.tracking_code}).status_code == 403


def test_the_ticket_page_shows_the_tracking_code(official_client, seoul_ticket):
    html = official_client.get(reverse("hotline:ticket_detail", args=[seoul_ticket.pk])).content.decode()
    assert seoul_ticket.tracking_code_display in html

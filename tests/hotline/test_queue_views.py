"""The officials' queue and ticket page: personas, filters, actions through HTTP, errors that keep the input."""

import pytest
from django.urls import reverse

from hotline import services
from hotline.models import Ticket

from .conftest import BUKGU_LAT, BUKGU_LON, at, file_ticket

QUEUE = reverse("hotline:queue")


def action_url(ticket, action):
    return reverse("hotline:ticket_action", args=[ticket.pk, action])


def test_queue_personas(client, official_client, merchant_a_client, seoul_ticket):
    assert client.get(QUEUE).status_code == 302
    assert merchant_a_client.get(QUEUE).status_code == 403
    html = official_client.get(QUEUE).content.decode()
    assert f"#{seoul_ticket.pk}<" in html


def test_another_governments_official_sees_none_of_it(other_official_client, seoul_ticket, official_other):
    assert f"#{seoul_ticket.pk}<" not in other_official_client.get(QUEUE).content.decode()
    assert other_official_client.get(reverse("hotline:ticket_detail", args=[seoul_ticket.pk])).status_code == 404
    response = other_official_client.post(action_url(seoul_ticket, "assign"),
                                          {"assign-version": 1, "assign-assignee": official_other.pk})
    assert response.status_code == 404
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.RECEIVED


def test_merchants_and_anonymous_cannot_act(client, merchant_a_client, seoul_ticket, official):
    data = {"assign-version": 1, "assign-assignee": official.pk}
    assert client.post(action_url(seoul_ticket, "assign"), data).status_code == 302
    assert merchant_a_client.post(action_url(seoul_ticket, "assign"), data).status_code == 403
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.RECEIVED


def test_the_queue_runs_a_fixed_number_of_queries(official_client, seogu, django_assert_max_num_queries):
    for _i in range(40):
        file_ticket(seogu)
    with django_assert_max_num_queries(12):
        response = official_client.get(QUEUE)
    assert response.status_code == 200 and response.content.decode().count('class="krds-badge') == 30


def test_queue_filters(official_client, seogu, official):
    parking = file_ticket(seogu, code="parking")
    noise = file_ticket(seogu, code="noise", description="새벽까지 소음이 심합니다")
    old = file_ticket(seogu, code="noise", description="오래된 소음 신고입니다", filed_at=at(2025, 6, 2))
    services.ticket_reject(ticket_id=old.pk, official=official, reason="중복")

    def ids(query):
        html = official_client.get(QUEUE + query).content.decode()
        return {t.pk for t in (parking, noise, old) if f"#{t.pk}<" in html}

    assert ids("") == {parking.pk, noise.pk}  # default: open tickets
    assert ids("?status=") == {parking.pk, noise.pk, old.pk}
    assert ids("?status=rejected") == {old.pk}
    assert ids("?status=&category=noise") == {noise.pk, old.pk}
    assert ids(f"?status=&dong={parking.dong_id}") == {parking.pk, noise.pk, old.pk}
    assert ids("?status=&age=30") == {old.pk}


def test_the_whole_workflow_through_the_pages(official_client, seoul_ticket, official):
    t = seoul_ticket
    response = official_client.post(action_url(t, "assign"), {"assign-version": t.version,
                                                               "assign-assignee": official.pk})
    assert response.status_code == 302
    t.refresh_from_db()
    assert official_client.post(action_url(t, "start"), {"start-version": t.version}).status_code == 302
    t.refresh_from_db()
    assert official_client.post(action_url(t, "comment"), {"comment-kind": "internal",
                                                           "comment-body": "현장 사진 확인"}).status_code == 302
    response = official_client.post(action_url(t, "resolve"), {"resolve-version": t.version,
                                                               "resolve-reply": "단속했습니다."})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.status == Ticket.Status.RESOLVED
    html = official_client.get(reverse("hotline:ticket_detail", args=[t.pk])).content.decode()
    assert "단속했습니다." in html and "현장 사진 확인" in html and "홍길동" in html  # officials see contact


def test_a_rejection_without_reason_keeps_the_page_and_says_why_in_korean(official_client, seoul_ticket):
    response = official_client.post(action_url(seoul_ticket, "reject"), {"reject-version": seoul_ticket.version,
                                                                         "reject-reason": ""})
    assert response.status_code == 400
    assert "반려 사유를 적어 주세요." in response.content.decode()


def test_a_stale_form_is_a_conflict_and_keeps_the_text(official_client, seoul_ticket, official):
    stale = seoul_ticket.version
    services.ticket_assign(ticket_id=seoul_ticket.pk, official=official, assignee=official)
    response = official_client.post(action_url(seoul_ticket, "reject"), {"reject-version": stale,
                                                                         "reject-reason": "관할 밖의 장소입니다"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "다른 담당자가 이 신고를 변경했습니다" in html and "관할 밖의 장소입니다" in html
    assert Ticket.objects.get(pk=seoul_ticket.pk).status == Ticket.Status.ASSIGNED


def test_a_wrong_transition_is_explained(official_client, seoul_ticket):
    response = official_client.post(action_url(seoul_ticket, "resolve"), {"resolve-version": seoul_ticket.version,
                                                                           "resolve-reply": "완료"})
    assert response.status_code == 400
    assert "처리 중인 신고만 처리 완료할 수 있습니다." in response.content.decode()


def test_merge_through_the_page_and_a_primary_of_another_government(official_client, seogu, bukgu):
    primary, duplicate = file_ticket(seogu), file_ticket(seogu)
    theirs = file_ticket(bukgu, lon=BUKGU_LON, lat=BUKGU_LAT)
    response = official_client.post(action_url(duplicate, "merge"), {"merge-version": duplicate.version,
                                                                     "merge-into": theirs.pk})
    assert response.status_code == 400 and f"{theirs.pk}번 신고가 없습니다" in response.content.decode()
    response = official_client.post(action_url(duplicate, "merge"), {"merge-version": duplicate.version,
                                                                     "merge-into": primary.pk, "merge-confirm": "True"})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == primary.pk


@pytest.mark.parametrize("action", ["unknown", "delete"])
def test_unknown_actions_are_404(official_client, seoul_ticket, action):
    assert official_client.post(action_url(seoul_ticket, action), {}).status_code == 404


def test_a_merge_target_beyond_any_ticket_number_is_a_field_error(official_client, seoul_ticket):
    response = official_client.post(action_url(seoul_ticket, "merge"), {"merge-version": seoul_ticket.version,
                                                                        "merge-into": "99999999999999999999999"})
    assert response.status_code == 400
    assert "2,147,483,647 이하의 숫자를 입력해 주세요" in response.content.decode()
    assert Ticket.objects.get(pk=seoul_ticket.pk).merged_into_id is None

"""After an approval with a note of the official's own, the merchant still sees the franchise
number: at the top of the application page and in the approval e-mail (issue 17)."""

import pytest
from django.core import mail
from django.urls import reverse

from giftcerts import services
from tests.giftcerts.factories import draft_via_services

NOTE = "서류 확인했습니다. 축하드립니다."


@pytest.fixture
def approved(store_a, merchant_a, official, django_capture_on_commit_callbacks):
    draft = draft_via_services(store_a, merchant_a, kinds=["card"], revenue=420_000_000)
    services.application_submit(application_id=draft.pk, merchant=merchant_a)
    with django_capture_on_commit_callbacks(execute=True):
        franchise = services.application_approve(application_id=draft.pk, official=official, note=NOTE)
    return draft, franchise


@pytest.mark.django_db
def test_application_page_shows_the_number_whatever_the_note(approved, merchant_a_client):
    application, franchise = approved
    html = merchant_a_client.get(reverse("giftcerts:application_detail", args=[application.pk])).content.decode()
    top = html.split('aria-labelledby="rules-title"')[0]  # the block above the eligibility section
    assert 'data-testid="franchise-number">' + franchise.number in top
    assert "승인되었습니다. 이제 온누리 가맹점입니다." in top
    assert "처리 이력에서 확인하세요" not in html
    assert NOTE in html  # the note stays in the history
    # The menu marks the application entry, not the store finder.
    assert 'aria-current="page">온누리 가맹 신청</a>' in html


@pytest.mark.django_db
def test_approval_mail_carries_the_number_and_the_note(approved):
    application, franchise = approved
    body = mail.outbox[-1].body
    assert f"가맹번호: {franchise.number}" in body
    assert NOTE in body
    assert "‘승인’으로 바뀌었습니다" in body


@pytest.mark.django_db
def test_other_merchant_and_anonymous_do_not_see_the_number(approved, merchant_b_client, client):
    application, franchise = approved
    url = reverse("giftcerts:application_detail", args=[application.pk])
    response = merchant_b_client.get(url)
    assert response.status_code == 404 and franchise.number not in response.content.decode()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_rejected_application_shows_no_number(store_a, merchant_a, official, merchant_a_client):
    draft = draft_via_services(store_a, merchant_a, kinds=["card"], revenue=420_000_000)
    services.application_submit(application_id=draft.pk, merchant=merchant_a)
    services.application_reject(application_id=draft.pk, official=official, reason="매출 증빙이 없습니다.")
    html = merchant_a_client.get(reverse("giftcerts:application_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="franchise-number"' not in html

"""Password reset by e-mail and password change, in Korean, through Django's own views."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "새-비밀번호-2026!x"


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_the_login_page_links_to_password_reset(client, db):
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).content.decode()


def test_reset_mails_a_korean_link_that_sets_a_new_password(client, merchant_a):
    response = client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [merchant_a.email]
    assert "새 비밀번호 설정" in message.subject
    assert "비밀번호 재설정이 요청되었습니다" in message.body
    link = _reset_link(message)
    form_page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert "새 비밀번호 정하기" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    merchant_a.refresh_from_db()
    assert merchant_a.check_password(NEW_PASSWORD)


def test_a_used_reset_link_is_refused_in_korean(client, merchant_a):
    client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    link = _reset_link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert "이 링크는 더 이상 쓸 수 없습니다" in again.content.decode()


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.kr"}, follow=True)
    assert "이메일을 확인하세요" in response.content.decode()
    assert mail.outbox == []


def test_reset_with_a_malformed_address_keeps_the_input(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "not-an-address"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="not-an-address"' in body
    assert "유효한 이메일 주소를 입력하세요" in body


def test_mismatched_new_passwords_are_refused_in_korean(client, merchant_a):
    client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    page = client.get(_reset_link(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "다름"})
    assert response.status_code == 200
    assert "비밀번호가 일치하지 않습니다" in response.content.decode()
    merchant_a.refresh_from_db()
    assert merchant_a.check_password(PASSWORD)


@pytest.mark.parametrize("persona", ["official_client", "merchant_a_client"])
def test_the_user_menu_links_to_password_change(request, persona):
    assert reverse("accounts:password_change") in request.getfixturevalue(persona).get("/").content.decode()


def test_password_change_needs_the_old_password(official_client, official):
    url = reverse("accounts:password_change")
    wrong = official_client.post(url, {"old_password": "wrong", "new_password1": NEW_PASSWORD,
                                       "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200
    assert "기존 비밀번호를 잘못 입력하셨습니다" in wrong.content.decode()
    right = official_client.post(url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                       "new_password2": NEW_PASSWORD})
    assert right["Location"] == reverse("accounts:password_change_done")
    official.refresh_from_db()
    assert official.check_password(NEW_PASSWORD)
    # Still logged in afterwards (Django updates the session hash).
    assert official_client.get(reverse("districts:dong_list")).status_code == 200


def test_anonymous_is_sent_to_login_from_password_change(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_completed_reset_lifts_the_login_lockout(client, merchant_a, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": merchant_a.username, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=merchant_a.username).exists()
    client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    page = client.get(_reset_link(mail.outbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username=merchant_a.username).exists()
    response = client.post(reverse("accounts:login"), {"username": merchant_a.username, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_reset_requests_are_rate_limited_per_address(client, merchant_a):
    for _ in range(10):
        client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    sent = len(mail.outbox)
    limited = client.post(reverse("accounts:password_reset"), {"email": merchant_a.email})
    assert limited.status_code == 200
    assert "너무 많습니다" in limited.content.decode()
    assert len(mail.outbox) == sent == 10

"""Login throttling (django-axes): wrong passwords lock the account from that address, in Korean."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


def _login(client, username, password, url=LOGIN, ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, *, url=LOGIN, ip="10.0.0.1"):
    responses = [_login(client, username, "wrong-password", url=url, ip=ip) for _ in range(times)]
    return responses[-1]


def test_wrong_passwords_below_the_limit_are_answered_normally(client, official):
    response = _fail(client, official.username, settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in response.content.decode()
    assert _login(client, official.username, PASSWORD).status_code == 302


def test_the_limit_of_wrong_passwords_locks_with_a_korean_page(client, official):
    response = _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    body = response.content.decode()
    assert "로그인이 잠시 제한되었습니다" in body
    assert "30분 뒤" in body  # when to retry
    assert "시스템 관리자" in body  # whom to ask
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_the_right_password_is_refused_while_locked(client, official):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    response = _login(client, official.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, official, merchant_a):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    # Another account from the same address, and the same account from another address, still log in.
    assert _login(Client(), merchant_a.username, PASSWORD).status_code == 302
    assert _login(Client(), official.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_guess_spread_over_many_addresses_locks_the_username(client, official, settings):
    settings.ACCOUNTS_USERNAME_FAILURE_LIMIT = 8
    for number in range(8):  # below the per-address limit everywhere
        _login(Client(), official.username, "wrong-password", ip=f"10.1.0.{number}")
    response = _login(Client(), official.username, PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429


def test_a_successful_login_resets_the_count(client, official):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, official.username, PASSWORD).status_code == 302
    client.logout()
    response = _fail(client, official.username, settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200


def test_the_admin_login_locks_too(client, admin_user):
    response = _fail(client, admin_user.username, settings.AXES_FAILURE_LIMIT, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in response.content.decode()
    assert _login(client, admin_user.username, PASSWORD, url=ADMIN_LOGIN).status_code == 429


def test_an_admin_unlocks_on_the_lockout_page(client, official, admin_client_user):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    page = admin_client_user.get(reverse("accounts:lockouts"))
    assert page.status_code == 200
    assert official.username in page.content.decode()
    response = admin_client_user.post(reverse("accounts:lockouts"), {"username": official.username}, follow=True)
    assert "잠금을 해제했습니다" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=official.username).exists()
    assert _login(client, official.username, PASSWORD).status_code == 302


def test_unlocking_twice_says_there_was_nothing(client, official, admin_client_user):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    admin_client_user.post(reverse("accounts:lockouts"), {"username": official.username})
    response = admin_client_user.post(reverse("accounts:lockouts"), {"username": official.username}, follow=True)
    assert "해제할 잠금이 없습니다" in response.content.decode()


@pytest.mark.parametrize("persona", ["official_client", "merchant_a_client"])
def test_only_staff_open_the_lockout_page(request, persona):
    response = request.getfixturevalue(persona).get(reverse("accounts:lockouts"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_cannot_unlock(client, official):
    _fail(Client(), official.username, settings.AXES_FAILURE_LIMIT)
    client.post(reverse("accounts:lockouts"), {"username": official.username})
    assert AccessAttempt.objects.filter(username=official.username).exists()


def test_the_axes_admin_lists_attempts_for_unlocking(client, official, admin_client_user):
    _fail(client, official.username, settings.AXES_FAILURE_LIMIT)
    response = admin_client_user.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert official.username in response.content.decode()


def test_force_login_and_login_still_work_for_tests(official):
    forced = Client()
    forced.force_login(official)
    assert forced.get(reverse("districts:dong_list")).status_code == 200
    plain = Client()
    assert plain.login(username=official.username, password=PASSWORD)

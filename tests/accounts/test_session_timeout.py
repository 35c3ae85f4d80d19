"""Officials and admins are logged out after inactivity; the warning's keepalive extends the session."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY

OFFICIAL_PAGE = reverse("districts:dong_list")
KEEPALIVE = reverse("accounts:session_keepalive")


def _idle_for(client, seconds):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def test_an_active_official_stays_logged_in(official_client, settings):
    assert official_client.get(OFFICIAL_PAGE).status_code == 200
    _idle_for(official_client, settings.OFFICIAL_SESSION_IDLE_SECONDS - 60)
    assert official_client.get(OFFICIAL_PAGE).status_code == 200
    assert official_client.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5  # renewed


def test_an_idle_official_is_logged_out_with_a_korean_message(official_client, settings):
    official_client.get(OFFICIAL_PAGE)
    _idle_for(official_client, settings.OFFICIAL_SESSION_IDLE_SECONDS + 1)
    response = official_client.get(OFFICIAL_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in official_client.session
    login_page = official_client.get(response["Location"])
    assert "30분 동안 사용하지 않아 자동으로 로그아웃되었습니다" in login_page.content.decode()


def test_an_idle_admin_is_logged_out_too(admin_client_user, settings):
    admin_client_user.get("/")
    _idle_for(admin_client_user, settings.OFFICIAL_SESSION_IDLE_SECONDS + 1)
    admin_client_user.get(reverse("admin:index"))
    assert "_auth_user_id" not in admin_client_user.session


def test_merchants_have_no_idle_timeout(merchant_a_client, settings):
    merchant_a_client.get("/")
    _idle_for(merchant_a_client, settings.OFFICIAL_SESSION_IDLE_SECONDS + 1)
    assert merchant_a_client.get(reverse("merchants:my_stores")).status_code == 200
    assert "_auth_user_id" in merchant_a_client.session


def test_the_api_answers_401_json_when_the_session_expired(official_client, settings):
    official_client.get("/")
    _idle_for(official_client, settings.OFFICIAL_SESSION_IDLE_SECONDS + 1)
    response = official_client.get("/api/districts/")
    assert response.status_code == 401
    assert "로그아웃" in response.json()["detail"]


def test_keepalive_extends_the_session(official_client, settings):
    official_client.get("/")
    _idle_for(official_client, settings.OFFICIAL_SESSION_IDLE_SECONDS - 30)
    response = official_client.post(KEEPALIVE)
    assert response.status_code == 200
    assert response.json() == {"idle_seconds": settings.OFFICIAL_SESSION_IDLE_SECONDS}
    assert official_client.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5
    assert official_client.post(KEEPALIVE).status_code == 200  # repeated call


def test_keepalive_after_expiry_is_refused(official_client, settings):
    official_client.get("/")
    _idle_for(official_client, settings.OFFICIAL_SESSION_IDLE_SECONDS + 1)
    response = official_client.post(KEEPALIVE, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert "_auth_user_id" not in official_client.session


def test_keepalive_needs_csrf(official):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    assert client.post(KEEPALIVE).status_code == 403


def test_keepalive_refuses_get(official_client):
    assert official_client.get(KEEPALIVE).status_code == 405


@pytest.mark.parametrize("persona", ["client", "merchant_a_client"])
def test_keepalive_is_for_officials_only(request, persona, db):
    response = request.getfixturevalue(persona).post(KEEPALIVE)
    assert response.status_code == 403


def test_the_warning_hook_is_on_officials_pages_only(official_client, merchant_a_client, settings):
    page = official_client.get(OFFICIAL_PAGE).content.decode()
    assert 'id="session-timeout"' in page
    assert f'data-idle-seconds="{settings.OFFICIAL_SESSION_IDLE_SECONDS}"' in page
    assert "js/session-timeout.js" in page
    assert 'id="session-timeout"' not in merchant_a_client.get("/").content.decode()


def test_the_warning_counts_from_the_stored_activity_not_the_page_load(official_client, settings):
    official_client.get("/")
    _idle_for(official_client, 40)  # within the write granularity: the stored time stays
    page = official_client.get(OFFICIAL_PAGE).content.decode()
    remaining = int(page.split('data-remaining-seconds="')[1].split('"')[0])
    assert settings.OFFICIAL_SESSION_IDLE_SECONDS - 45 <= remaining <= settings.OFFICIAL_SESSION_IDLE_SECONDS - 40


def test_logging_in_starts_the_count(client, official):
    from tests.conftest import PASSWORD

    client.post(reverse("accounts:login"), {"username": official.username, "password": PASSWORD})
    assert client.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5

"""A superuser works as an official of a government chosen in the switcher, with its scope enforced."""

import pytest
from django.urls import reverse

from accounts.middleware import ACTING_GOVERNMENT_KEY

SWITCHER = reverse("accounts:acting_government")
OFFICIAL_PAGE = reverse("districts:dong_list")


def test_without_a_choice_the_superuser_gets_a_clear_page_not_ask_the_administrator(admin_client_user, seogu):
    response = admin_client_user.get(OFFICIAL_PAGE)
    assert response.status_code == 403
    body = response.content.decode()
    assert "담당자로 일할 지방자치단체를 먼저 선택하세요" in body
    assert SWITCHER in body
    assert "관리자에게" not in body  # the old hint sent them to themselves


def test_choosing_a_government_opens_its_official_pages(admin_client_user, admin_user, seogu):
    response = admin_client_user.post(SWITCHER, {"local_government": seogu.pk})
    assert response.status_code == 302
    page = admin_client_user.get(OFFICIAL_PAGE)
    assert page.status_code == 200
    assert "광주광역시 서구 담당자로 작업 중" in page.content.decode()  # shown in the header
    admin_user.refresh_from_db()
    assert admin_user.role == "" and admin_user.local_government_id is None  # nothing stored on the account


def test_the_chosen_scope_is_enforced(admin_client_user, seogu, bukgu):
    admin_client_user.post(SWITCHER, {"local_government": bukgu.pk})
    assert admin_client_user.get(reverse("districts:dong_detail", args=["29140575"])).status_code == 404
    admin_client_user.post(SWITCHER, {"local_government": seogu.pk})
    assert admin_client_user.get(reverse("districts:dong_detail", args=["29140575"])).status_code == 200


def test_saving_the_account_while_acting_keeps_its_own_role(admin_client_user, admin_user, seogu):
    from tests.conftest import PASSWORD

    admin_client_user.post(SWITCHER, {"local_government": seogu.pk})
    response = admin_client_user.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "다른-비밀번호-77!", "new_password2": "다른-비밀번호-77!"})
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("다른-비밀번호-77!")
    assert admin_user.role == "" and admin_user.local_government_id is None


def test_choosing_none_ends_acting(admin_client_user, seogu):
    admin_client_user.post(SWITCHER, {"local_government": seogu.pk})
    response = admin_client_user.post(SWITCHER, {"local_government": ""}, follow=True)
    assert "이제 담당자로 작업하지 않습니다" in response.content.decode()
    assert ACTING_GOVERNMENT_KEY not in admin_client_user.session
    assert admin_client_user.get(OFFICIAL_PAGE).status_code == 403


def test_an_unknown_government_is_refused_and_the_form_explains(admin_client_user, seogu):
    response = admin_client_user.post(SWITCHER, {"local_government": "999999"})
    assert response.status_code == 400
    assert "올바르게 선택해 주세요" in response.content.decode()
    assert ACTING_GOVERNMENT_KEY not in admin_client_user.session


def test_choosing_twice_switches(admin_client_user, seogu, bukgu):
    admin_client_user.post(SWITCHER, {"local_government": seogu.pk})
    admin_client_user.post(SWITCHER, {"local_government": bukgu.pk})
    assert admin_client_user.session[ACTING_GOVERNMENT_KEY] == bukgu.pk


@pytest.mark.parametrize("persona", ["official_client", "merchant_a_client"])
def test_only_superusers_may_switch(request, persona, seogu, bukgu):
    client = request.getfixturevalue(persona)
    assert client.get(SWITCHER).status_code == 403
    assert client.post(SWITCHER, {"local_government": bukgu.pk}).status_code == 403
    assert ACTING_GOVERNMENT_KEY not in client.session


def test_a_session_key_on_a_non_superuser_grants_nothing(official_client, bukgu):
    session = official_client.session
    session[ACTING_GOVERNMENT_KEY] = bukgu.pk
    session.save()
    assert official_client.get(reverse("districts:dong_detail", args=["29170510"])).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(SWITCHER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

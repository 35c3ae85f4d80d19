"""Exports of personal data ask for a reason first; the export is logged with it."""

import pytest
from django.urls import reverse

from privacy.models import AccessLog
from tests.factories import StoreFactory
from tests.giftcerts.factories import InfoSessionFactory, RegistrationFactory
from tests.privacy_utils import export_with_reason

XLSX = "application/vnd.openxmlformats"


@pytest.fixture
def session(seogu):
    session = InfoSessionFactory(local_government=seogu)
    RegistrationFactory(session=session, name="김참석")
    return session


def export_urls(session):
    return [reverse("merchants:store_export"), reverse("giftcerts:session_export", args=[session.pk]),
            reverse("giftcerts:outreach_export"), reverse("districts:district_export_xlsx")]


def test_get_asks_for_the_reason_and_gives_no_file(official_client, session):
    for url in export_urls(session):
        response = official_client.get(url, {"q": "국밥"})
        html = response.content.decode()
        assert response.status_code == 200 and "text/html" in response["Content-Type"], url
        assert "내려받는 사유" in html and 'name="reason"' in html and 'maxlength="500"' in html
        assert "q=%EA%B5%AD%EB%B0%A5" in html  # the form posts back to the same filters
    assert AccessLog.objects.count() == 0


def test_a_missing_or_too_short_reason_is_refused_in_korean_and_kept(official_client, session):
    url = reverse("giftcerts:session_export", args=[session.pk])
    empty = official_client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "개인정보를 내려받는 사유를 적어 주세요" in empty.content.decode()
    short = official_client.post(url, {"reason": "업무"})
    assert short.status_code == 400 and "4자 이상" in short.content.decode() and "업무" in short.content.decode()
    assert AccessLog.objects.count() == 0


def test_with_a_reason_the_file_comes_and_the_log_keeps_the_reason_and_filters(official_client, official, seogu):
    StoreFactory(local_government=seogu, name="양동국밥")
    response = export_with_reason(official_client, reverse("merchants:store_export"), {"q": "국밥"},
                                  reason="11월 점포 현황 보고")
    assert response.status_code == 200 and response["Content-Type"].startswith(XLSX)
    (row,) = AccessLog.objects.all()
    assert (row.actor, row.action, row.record_type) == (official, "export", "merchants.store")
    assert row.reason == "11월 점포 현황 보고" and row.detail == "rows=1&q=%EA%B5%AD%EB%B0%A5"  # with the row count
    export_with_reason(official_client, reverse("merchants:store_export"))
    assert AccessLog.objects.filter(action="export").count() == 2  # each export is its own row


def test_the_session_export_is_logged_against_its_session(official_client, session):
    response = export_with_reason(official_client, reverse("giftcerts:session_export", args=[session.pk]))
    assert response["Content-Type"].startswith(XLSX)
    row = AccessLog.objects.get()
    assert (row.record_type, row.record_id) == ("giftcerts.sessionregistration", str(session.pk))


def test_wrong_personas_get_no_form_and_no_file(client, other_official_client, merchant_a_client, session):
    url = reverse("giftcerts:session_export", args=[session.pk])
    assert other_official_client.get(url).status_code == 404  # another government's session: 404 before the form
    assert export_with_reason(other_official_client, url).status_code == 404
    assert merchant_a_client.get(url).status_code == 403
    assert export_with_reason(merchant_a_client, url).status_code == 403
    assert client.get(url).status_code == 302
    assert AccessLog.objects.count() == 0


def test_the_reason_form_needs_csrf(official, session):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(official)
    response = strict.post(reverse("giftcerts:outreach_export"), {"reason": "방문 계획 수립"})
    assert response.status_code == 403 and AccessLog.objects.count() == 0

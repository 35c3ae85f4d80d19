"""The administrators' monthly review of the access log: personas, filters, counts, flags, its logged export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from privacy import services
from privacy.models import AccessLog
from tests.conftest import make_user
from tests.privacy_utils import export_with_reason

REVIEW = reverse("privacy:access_log_review")
EXPORT = reverse("privacy:access_log_export")


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


def log(user, action, when, count=1, record_type="hotline.ticket"):
    for i in range(count):
        services.record_access(user=user, action=action, record_type=record_type, record_id=i, now=when)


@pytest.fixture
def colleague(seogu):
    return make_user("official_seogu2", role="official", local_government=seogu, last_name="이", first_name="담당")


@pytest.fixture
def november(official, colleague):
    """The official usually exports once a month and views ~10 tickets; in November they exported 30 times."""
    for month in range(5, 11):
        log(official, "export", at(2026, month, 3))
        log(official, "view", at(2026, month, 3), count=10)
        log(colleague, "view", at(2026, month, 3), count=10)
    log(official, "export", at(2026, 11, 5), count=30)
    log(official, "view", at(2026, 11, 5), count=12)
    log(colleague, "view", at(2026, 11, 6), count=9)
    log(colleague, "search", at(2026, 12, 1))


def test_personas(client, official_client, merchant_a_client, admin_client_user, official):
    response = client.get(REVIEW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert official_client.get(REVIEW).status_code == 403
    assert merchant_a_client.get(REVIEW).status_code == 403
    assert official_client.get(EXPORT).status_code == 403
    assert export_with_reason(official_client, EXPORT).status_code == 403
    assert client.get(EXPORT).status_code == 302
    assert admin_client_user.get(REVIEW).status_code == 200


def test_staff_who_are_not_superusers_may_review(seogu):
    from tests.conftest import client_for

    staff = make_user("privacy_officer", is_staff=True)
    assert client_for(staff).get(REVIEW).status_code == 200


def test_counts_per_official_and_the_unusual_volume_flag(admin_client_user, november, official, colleague):
    response = admin_client_user.get(REVIEW, {"month": "2026-11"})
    summaries = {s.username: s for s in response.context["summaries"]}
    assert summaries["official_seogu"].counts == {"export": 30, "view": 12}
    assert summaries["official_seogu2"].counts == {"view": 9}
    assert summaries["official_seogu"].flags == ["export"]  # 30 exports against a usual 1 a month
    assert summaries["official_seogu2"].flags == []
    html = response.content.decode()
    assert "이상 징후" in html and "내보내기 (평소 월 1.0건)" in html
    assert [s.username for s in response.context["summaries"]][0] == "official_seogu"  # flagged first


def test_filters_by_month_official_and_action(admin_client_user, november, official, colleague):
    def shown(**params):
        return admin_client_user.get(REVIEW, params).context["page_obj"].paginator.count

    assert shown(month="2026-11") == 30 + 12 + 9
    assert shown(month="2026-11", official=str(official.pk)) == 42
    assert shown(month="2026-11", action="export") == 30
    assert shown(month="2026-11", official=str(colleague.pk), action="export") == 0
    assert shown(month="2026-12", action="search") == 1


def test_bad_filter_input_is_shown_in_korean_and_keeps_the_month(admin_client_user, november):
    response = admin_client_user.get(REVIEW, {"month": "2026-1x", "action": "peek"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-1x"' in html and "월을 YYYY-MM 형식으로 고르세요." in html
    assert "올바르게 선택해 주세요" in html


def test_an_official_with_no_history_is_flagged_only_above_the_floor(admin_client_user, colleague):
    log(colleague, "export", at(2026, 11, 5), count=3)
    summaries = admin_client_user.get(REVIEW, {"month": "2026-11"}).context["summaries"]
    assert summaries[0].flags == []  # three exports are never unusual
    log(colleague, "export", at(2026, 11, 6), count=5)
    summaries = admin_client_user.get(REVIEW, {"month": "2026-11"}).context["summaries"]
    assert summaries[0].flags == ["export"]


def test_the_review_and_its_export_are_logged_too(admin_client_user, admin_user, november):
    admin_client_user.get(REVIEW, {"month": "2026-11"})
    assert AccessLog.objects.filter(actor=admin_user, action="view", record_type="privacy.accesslog").count() == 1
    form = admin_client_user.get(EXPORT, {"month": "2026-11"})
    assert form.status_code == 200 and "개인정보를 내려받는 사유" in form.content.decode()
    response = export_with_reason(admin_client_user, EXPORT, {"month": "2026-11", "action": "export"},
                                  reason="11월 접속기록 정기 점검")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("일시", "사용자 아이디", "역할", "IP 주소", "수행 업무")
    assert len(rows) == 1 + 30 and {r[4] for r in rows[1:]} == {"내보내기"}
    row = AccessLog.objects.get(actor=admin_user, action="export")
    assert row.record_type == "privacy.accesslog" and row.reason == "11월 접속기록 정기 점검"


def test_the_export_writes_user_typed_text_as_text(admin_client_user, official):
    services.record_access(user=official, action="search", record_type="merchants.store", detail="=HYPERLINK(1)")
    response = export_with_reason(admin_client_user, EXPORT)
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][8] == "'=HYPERLINK(1)"


def test_the_review_runs_a_fixed_number_of_queries(admin_client_user, official, colleague,
                                                   django_assert_max_num_queries):
    for user in (official, colleague):
        log(user, "view", at(2026, 11, 5), count=60)
        log(user, "export", at(2026, 10, 5), count=2)
    with django_assert_max_num_queries(12):
        response = admin_client_user.get(REVIEW, {"month": "2026-11"})
    assert response.status_code == 200 and len(response.context["rows"]) == 100

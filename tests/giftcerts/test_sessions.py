"""Information sessions: public list, registration by residents and merchants, capacity and
duplicates, officials' editing with conflicts, attendance, export and the day-before reminder."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import public_bodies
from core.errors import DomainError, TransitionError
from giftcerts import session_services, tasks
from giftcerts.models import InfoSession, SessionRegistration, SmsLog
from tests.giftcerts.factories import InfoSessionFactory, RegistrationFactory
from tests.privacy_utils import export_with_reason


@pytest.fixture
def session(seogu):
    return InfoSessionFactory(local_government=seogu, title="온누리 가맹 설명회", capacity=3)


def register_url(session):
    return reverse("giftcerts:session_detail", args=[session.pk])


THREE_DAYS = datetime.timedelta(days=3)
RESIDENT = {"name": "김주민", "phone": "010-1234-5678", "email": "", "consent": "on"}


def test_anyone_sees_upcoming_sessions_with_free_seats(client, session, seogu):
    InfoSessionFactory(local_government=seogu, title="지난 설명회", starts_at=timezone.now() - THREE_DAYS)
    RegistrationFactory(session=session)
    html = client.get(reverse("giftcerts:session_list")).content.decode()
    assert "온누리 가맹 설명회" in html and "1 / 3" in html
    assert "지난 설명회" not in html


def test_officials_also_see_past_sessions(official_client, seogu):
    InfoSessionFactory(local_government=seogu, title="지난 설명회", starts_at=timezone.now() - THREE_DAYS)
    assert "지난 설명회" in official_client.get(reverse("giftcerts:session_list")).content.decode()


def test_the_session_list_runs_a_fixed_number_of_queries(client, seogu, django_assert_max_num_queries):
    for _ in range(2):
        RegistrationFactory(session=InfoSessionFactory(local_government=seogu))
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("giftcerts:session_list"))
    for _ in range(10):
        RegistrationFactory(session=InfoSessionFactory(local_government=seogu))
    from core import public_bodies

    public_bodies.bump(seogu.pk)  # factories write past the services, which bump the public data version
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("giftcerts:session_list")).content.decode()
    from giftcerts.models import InfoSession

    titles = list(InfoSession.objects.values_list("title", flat=True))
    assert len(titles) == 12 and all(title in html for title in titles)  # the rows are shown, not just counted


def test_a_resident_registers_without_logging_in(client, session):
    response = client.post(register_url(session), RESIDENT, follow=True)
    assert "온누리 가맹 설명회’에 신청했습니다" in response.content.decode()
    registration = SessionRegistration.objects.get()
    assert (registration.name, registration.phone, registration.kind, registration.user) == (
        "김주민", "010-1234-5678", "resident", None)


def test_a_duplicate_registration_is_refused(client, session):
    client.post(register_url(session), RESIDENT)
    response = client.post(register_url(session), {**RESIDENT, "phone": "01012345678"})
    assert "이미 이 설명회에 신청하셨습니다" in response.content.decode()
    assert SessionRegistration.objects.count() == 1


@pytest.mark.parametrize(("data", "message"), [
    ({**RESIDENT, "phone": "02-123-4567"}, "휴대전화 번호를 010-1234-5678 형식으로"),
    ({**RESIDENT, "name": ""}, "이름을 입력해 주세요"),
    ({k: v for k, v in RESIDENT.items() if k != "consent"}, "이름과 전화번호 보관에 동의해 주세요"),
    ({**RESIDENT, "email": "not-an-address"}, "name@example.kr 형식의 이메일 주소를 입력해 주세요"),
])
def test_bad_registrations_are_explained_in_korean_and_keep_the_input(client, session, data, message):
    response = client.post(register_url(session), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    if data["name"]:
        assert f'value="{data["name"]}"' in html
    assert not SessionRegistration.objects.exists()


def test_a_merchant_registers_with_their_account(merchant_a_client, merchant_a, session):
    html = merchant_a_client.get(register_url(session)).content.decode()
    assert 'value="최상인"' in html  # prefilled
    merchant_a_client.post(register_url(session), {"name": "최상인", "phone": "010-5555-0000", "consent": "on"})
    registration = SessionRegistration.objects.get()
    assert registration.user == merchant_a and registration.kind == "merchant"
    with pytest.raises(DomainError, match="이미"):
        session_services.session_register(session_id=session.pk, name="최상인", phone="010-5555-0001",
                                          user=merchant_a)


def test_a_full_session_refuses_the_next_seat(session):
    for i in range(3):
        session_services.session_register(session_id=session.pk, name=f"주민{i}", phone=f"0101111000{i}")
    with pytest.raises(DomainError, match="정원\\(3명\\)이 다 찼습니다"):
        session_services.session_register(session_id=session.pk, name="늦은주민", phone="01011110009")
    assert session.registrations.count() == 3


def test_cancelled_and_started_sessions_are_closed(session):
    InfoSession.objects.filter(pk=session.pk).update(status=InfoSession.Status.CANCELLED)
    with pytest.raises(TransitionError):
        session_services.session_register(session_id=session.pk, name="a", phone="01011112222")
    InfoSession.objects.filter(pk=session.pk).update(status=InfoSession.Status.SCHEDULED)
    with pytest.raises(TransitionError):
        session_services.session_register(session_id=session.pk, name="a", phone="01011112222",
                                          now=session.starts_at + datetime.timedelta(minutes=1))


def test_the_session_pages_show_open_full_cancelled_and_finished(client, session):
    def states():
        # Factories and update() write past the services, which bump the public data version themselves.
        public_bodies.bump(session.local_government_id)
        listing = client.get(reverse("giftcerts:session_list")).content.decode()
        detail = client.get(register_url(session)).content.decode()
        return listing, detail

    listing, detail = states()
    assert 'bg-light-success">신청 가능<' in listing and "설명회 참가 신청" in detail
    RegistrationFactory.create_batch(3, session=session)
    listing, detail = states()
    assert 'bg-light-warning">마감<' in listing and "정원이 다 찼습니다" in detail and "설명회 참가 신청" not in detail
    InfoSession.objects.filter(pk=session.pk).update(status=InfoSession.Status.CANCELLED)
    listing, detail = states()
    assert 'bg-light-danger">취소<' in listing and "취소된 설명회입니다" in detail
    InfoSession.objects.filter(pk=session.pk).update(status=InfoSession.Status.SCHEDULED,
                                                    starts_at=timezone.now() - datetime.timedelta(hours=1))
    public_bodies.bump(session.local_government_id)
    assert 'bg-light-gray">종료<' in client.get(reverse("giftcerts:session_list")).content.decode()
    assert "이미 끝난 설명회입니다" in client.get(register_url(session)).content.decode()


SESSION_FORM = {"title": "화정동 설명회", "description": "", "venue": "화정4동 행정복지센터", "dong": "",
                "starts_at": "2030-03-02T14:00", "ends_at": "2030-03-02T15:30", "capacity": "30",
                "status": "scheduled"}


def test_an_official_creates_a_session(official_client, seogu):
    response = official_client.post(reverse("giftcerts:session_create"), SESSION_FORM)
    session = InfoSession.objects.get()
    assert response["Location"] == reverse("giftcerts:session_detail", args=[session.pk])
    assert session.local_government == seogu and session.capacity == 30
    assert timezone.localtime(session.starts_at).hour == 14


def test_a_session_ending_before_it_starts_is_explained_and_kept(official_client, seogu):
    response = official_client.post(reverse("giftcerts:session_create"), {**SESSION_FORM,
                                                                          "ends_at": "2030-03-02T13:00"})
    html = response.content.decode()
    assert "종료 일시는 시작 일시보다 뒤여야 합니다" in html and 'value="화정동 설명회"' in html
    assert not InfoSession.objects.exists()


def test_merchants_and_anonymous_cannot_create_sessions(merchant_a_client, client, seogu):
    assert merchant_a_client.post(reverse("giftcerts:session_create"), SESSION_FORM).status_code == 403
    assert client.post(reverse("giftcerts:session_create"), SESSION_FORM).status_code == 302
    assert not InfoSession.objects.exists()


def test_two_officials_editing_at_once_the_second_gets_a_conflict(official_client, session, official):
    url = reverse("giftcerts:session_edit", args=[session.pk])
    stale_version = session.version
    session_services.session_update(session_id=session.pk, official=official, version=stale_version,
                                    title="먼저 저장한 제목")
    response = official_client.post(url, {**SESSION_FORM, "title": "나중 제목", "version": stale_version})
    html = response.content.decode()
    assert "다른 담당자가 이 설명회를 바꿨습니다" in html and 'value="나중 제목"' in html
    session.refresh_from_db()
    assert session.title == "먼저 저장한 제목"


def test_capacity_cannot_drop_below_the_registrations(session, official):
    RegistrationFactory(session=session)
    RegistrationFactory(session=session)
    with pytest.raises(DomainError, match="2명"):
        session_services.session_update(session_id=session.pk, official=official, version=session.version,
                                        capacity=1)


def test_another_government_cannot_edit_or_see_the_attendance(other_official_client, session):
    assert other_official_client.get(reverse("giftcerts:session_edit", args=[session.pk])).status_code == 404
    assert other_official_client.get(reverse("giftcerts:session_attendance", args=[session.pk])).status_code == 404
    assert other_official_client.get(reverse("giftcerts:session_export", args=[session.pk])).status_code == 404


def test_attendance_is_marked_and_exported(official_client, session):
    came = RegistrationFactory(session=session, name="김참석")
    RegistrationFactory(session=session, name="이불참")
    response = official_client.post(reverse("giftcerts:session_attendance", args=[session.pk]),
                                    {"attended": [came.pk]}, follow=True)
    assert "1명이 참석했습니다" in response.content.decode()
    export = export_with_reason(official_client, reverse("giftcerts:session_export", args=[session.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("번호", "이름", "휴대전화", "이메일", "신청 구분", "신청 일시", "참석")
    assert {(r[1], r[6]) for r in rows[1:]} == {("김참석", "참석"), ("이불참", "불참")}
    assert rows[1][2].startswith("010-")


def test_the_reminder_goes_out_once_the_day_before(seogu, django_capture_on_commit_callbacks):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    session = InfoSessionFactory(local_government=seogu, starts_at=tomorrow.replace(hour=14, minute=0))
    later = InfoSessionFactory(local_government=seogu, starts_at=tomorrow + datetime.timedelta(days=2))
    RegistrationFactory(session=session, email="resident@example.kr")
    RegistrationFactory(session=session)
    RegistrationFactory(session=later)
    assert tasks.session_reminders() == 2
    assert tasks.session_reminders() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["resident@example.kr"]
    assert "내일" in mail.outbox[0].subject
    assert SmsLog.objects.count() == 2
    assert "내일" in SmsLog.objects.first().body and "서구청 2층 대회의실" in SmsLog.objects.first().body


def test_export_keeps_a_registrants_formula_like_name_as_text(official_client, session):
    """Anyone may register, so a name like =HYPERLINK(...) must reach Excel as text."""
    RegistrationFactory(session=session, name='=HYPERLINK("http://evil.example","클릭")')
    RegistrationFactory(session=session, name="@SUM(A1)")
    export = export_with_reason(official_client, reverse("giftcerts:session_export", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = {cell.value: cell for cell in sheet["B"][1:]}
    assert set(names) == {'=HYPERLINK("http://evil.example","클릭")', "@SUM(A1)"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names.values())
    assert [cell.data_type for cell in sheet["A"][1:]] == ["n", "n"]  # the row numbers stay numbers
    assert export["Content-Disposition"].startswith("attachment; filename")


@pytest.mark.parametrize(("overrides", "field"), [
    ({"starts_at": "9999-12-31T14:00", "ends_at": "9999-12-31T15:00"}, "starts_at"),
    ({"starts_at": "1999-12-31T14:00", "ends_at": "1999-12-31T15:00"}, "starts_at"),
    ({"capacity": "99999999999999999999999"}, "capacity"),
])
def test_session_dates_and_seats_stay_in_sane_ranges(official_client, seogu, overrides, field):
    response = official_client.post(reverse("giftcerts:session_create"), {**SESSION_FORM, **overrides})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert "2000-01-01부터" in errors or "1,000,000 이하" in errors, errors
    assert not InfoSession.objects.exists()


def test_attendance_ignores_ids_that_are_not_ascii_numbers(official_client, session):
    response = official_client.post(reverse("giftcerts:session_attendance", args=[session.pk]),
                                    {"attended": ["²", "99999999999999999999999"]})
    assert response.status_code == 302

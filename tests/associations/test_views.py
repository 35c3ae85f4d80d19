"""Officials' and officers' pages with the right and the wrong persona, bad input, uploads and the export."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from associations import services
from associations.models import ChangeRequest, Meeting, Membership, MerchantAssociation

from .conftest import HWP_BYTES, PDF_BYTES, hwp, pdf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_list_filters_and_scoping(world):
    official = client_for(world.official)
    response = official.get(reverse("associations:list"))
    assert response.status_code == 200
    assert "양동먹자골목상인회" in response.text and "북구상인회" not in response.text
    response = official.get(reverse("associations:list"), {"status": "dormant"})
    assert "양동먹자골목상인회" not in response.text
    response = official.get(reverse("associations:list"), {"district": world.neighbour.pk, "q": "먹자"})
    assert "양동먹자골목상인회" in response.text
    response = official.get(reverse("associations:list"), {"q": "x" * 101})  # refused, not a 500
    assert response.status_code == 200 and "양동먹자골목상인회" not in response.text
    assert client_for(world.merchant_b).get(reverse("associations:list")).status_code == 403
    assert Client().get(reverse("associations:list")).status_code == 302


def test_detail_is_404_for_another_government_and_403_for_merchants(world):
    url = reverse("associations:detail", args=[world.association.pk])
    assert client_for(world.official).get(url).status_code == 200
    assert client_for(world.official_other).get(url).status_code == 404
    assert client_for(world.officer).get(url).status_code == 403
    assert client_for(world.merchant_b).get(url).status_code == 403


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    for n in range(5):
        services.association_create(official=world.official, name=f"상인회{n}", district_ids=[
            __import__("tests.associations.conftest", fromlist=["district_at"]).district_at(
                world.seogu, 126.80 + n * 0.01, 35.14).pk])
    official = client_for(world.official)
    with django_assert_max_num_queries(20):
        assert official.get(reverse("associations:list")).status_code == 200


def test_create_keeps_the_input_on_a_bad_registration_number(world):
    official = client_for(world.official)
    data = {"name": "먼 상인회", "districts": [world.far.pk], "registration_number": "123-45-67890",
            "phone": "062-999-9999"}
    response = official.post(reverse("associations:create"), data)
    assert response.status_code == 400
    assert "먼 상인회" in response.text and not MerchantAssociation.objects.filter(name="먼 상인회").exists()
    data["registration_number"] = "120-81-47521"
    response = official.post(reverse("associations:create"), data)
    association = MerchantAssociation.objects.get(name="먼 상인회")
    assert response.status_code == 302 and association.registration_number == "1208147521"
    # Another government's district is not even a choice.
    data["districts"] = [world.bukgu_district.pk]
    data["name"] = "북구에"
    assert official.post(reverse("associations:create"), data).status_code == 400


def test_edit_with_a_stale_version_shows_the_conflict_and_keeps_the_input(world):
    official = client_for(world.official)
    url = reverse("associations:edit", args=[world.association.pk])
    data = {"name": "바뀐 이름", "districts": [world.district.pk, world.neighbour.pk], "version": 1}
    services.association_update(association_id=world.association.pk, official=world.official, expected_version=1,
                                note="다른 담당자")
    response = official.post(url, data)
    assert response.status_code == 400
    assert "다른 사람이" in response.text and "바뀐 이름" in response.text
    data["version"] = 2
    assert official.post(url, data).status_code == 302
    world.association.refresh_from_db()
    assert world.association.name == "바뀐 이름"
    assert client_for(world.official_other).post(url, data).status_code == 404


def test_status_change_page(world):
    official = client_for(world.official)
    url = reverse("associations:status", args=[world.association.pk])
    assert official.get(url).status_code == 200
    response = official.post(url, {"to_status": "dormant", "effective_on": TODAY().isoformat(), "reason": "",
                                   "version": world.association.version})
    assert response.status_code == 400
    response = official.post(url, {"to_status": "dormant", "effective_on": TODAY().isoformat(),
                                   "reason": "임원 공석", "version": world.association.version})
    assert response.status_code == 302
    world.association.refresh_from_db()
    assert world.association.status == "dormant"
    event = world.association.events.get(kind="status")
    assert (event.actor, event.reason) == (world.official, "임원 공석")


def test_members_and_officers_from_the_detail_page(world):
    official = client_for(world.official)
    store = world.stores[0]
    response = official.post(reverse("associations:member_add", args=[world.association.pk]),
                             {"member-store": store.pk, "member-joined_on": "2025-01-02"})
    assert response.status_code == 302
    membership = Membership.objects.get(store=store)
    response = official.post(reverse("associations:member_add", args=[world.association.pk]),
                             {"member-store": world.far_stores[0].pk, "member-joined_on": "2025-01-02"})
    assert response.status_code == 400  # a store outside the districts is no choice
    response = official.post(reverse("associations:member_remove", args=[world.association.pk, membership.pk]),
                             {"left_on": TODAY().isoformat()})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == TODAY()
    response = official.post(reverse("associations:officer_add", args=[world.association.pk]), {
        "officer-role": "secretary", "officer-person_name": "이총무", "officer-term_start": "2025-01-01",
        "officer-term_end": "2026-12-31"})
    assert response.status_code == 302
    assert world.association.officers.filter(person_name="이총무").exists()
    assert client_for(world.official_other).post(
        reverse("associations:officer_add", args=[world.association.pk]), {}).status_code == 404


def test_meeting_upload_checks_type_and_size(world, media, settings):
    official = client_for(world.official)
    url = reverse("associations:meeting_add", args=[world.association.pk])
    data = {"meeting-held_on": "2026-01-10", "meeting-attendance": "12", "meeting-agenda": "정기총회"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = official.post(url, {**data, "meeting-minutes": SimpleUploadedFile("회의록.pdf", b"<html>")})
    assert response.status_code == 400 and "HWP" in response.text and "정기총회" in response.text
    settings.UPLOAD_MAX_BYTES = 50
    response = official.post(url, {**data, "meeting-minutes": pdf()})
    assert response.status_code == 400
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    response = official.post(url, {**data, "meeting-minutes": hwp()})
    assert response.status_code == 302
    assert Meeting.objects.get(association=world.association).minutes_content_type == "application/x-hwp"


def test_minutes_download_only_for_officials_and_current_officers(world, media):
    meeting = services.meeting_record(association_id=world.association.pk, actor=world.official,
                                      held_on=datetime.date(2026, 1, 10), attendance=3, agenda="회의",
                                      minutes_file=pdf())
    url = reverse("associations:meeting_minutes", args=[meeting.pk])
    response = client_for(world.official).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.merchant_b).get(url).status_code == 404
    assert client_for(world.official_other).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    services.officer_end_term(officer_id=world.officer_record.pk, official=world.official,
                              term_end=TODAY() - datetime.timedelta(days=1))
    assert client_for(world.officer).get(url).status_code == 404  # a former officer


def test_export_asks_a_reason_and_neutralises_formulas(world):
    from openpyxl import load_workbook

    services.association_update(association_id=world.association.pk, official=world.official, expected_version=1,
                                name='=HYPERLINK("http://evil.example","x")', contact_name="@SUM(A1)")
    official = client_for(world.official)
    url = reverse("associations:export")
    assert official.get(url).status_code == 200  # the reason form
    response = official.post(url, {"reason": "상인회 현황 보고"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    row = rows['=HYPERLINK("http://evil.example","x")']
    assert row[0].data_type == "s" and row[0].quotePrefix
    assert row[7].value == "@SUM(A1)" and row[7].quotePrefix
    assert "북구상인회" not in rows
    assert client_for(world.merchant_b).post(url, {"reason": "x"}).status_code == 403


def test_district_page_shows_the_association_section(world):
    services.member_add(association_id=world.association.pk, store_id=world.stores[0].pk,
                        joined_on=datetime.date(2025, 1, 1), actor=world.official)
    response = client_for(world.official).get(reverse("districts:district_detail", args=[world.district.pk]))
    assert response.status_code == 200
    assert 'data-testid="association-section"' in response.text
    assert "양동먹자골목상인회" in response.text and "최상인" in response.text
    assert "1 / 5" in response.text  # members in this district / its open stores
    response = client_for(world.official).get(reverse("districts:district_detail", args=[world.far.pk]))
    assert "이 상점가에 등록된 상인회가 없습니다" in response.text


# --- officers ------------------------------------------------------------------------------------------

def test_officer_pages_and_other_merchants(world):
    officer = client_for(world.officer)
    response = officer.get(reverse("associations:my_list"))
    assert response.status_code == 302 and response.url == reverse("associations:my_detail",
                                                                   args=[world.association.pk])
    assert officer.get(response.url).status_code == 200
    other = client_for(world.merchant_b)
    assert other.get(reverse("associations:my_list")).status_code == 403
    assert other.get(reverse("associations:my_detail", args=[world.association.pk])).status_code == 404
    assert other.post(reverse("associations:my_propose", args=[world.association.pk, "member_add"]),
                      {"member_add-store": world.stores[1].pk, "member_add-joined_on": TODAY().isoformat()}
                      ).status_code == 404
    assert not ChangeRequest.objects.exists()
    assert client_for(world.official).get(reverse("associations:my_list")).status_code == 403
    # The menu shows the entry to the officer only.
    assert "우리 상인회" in officer.get("/").text
    assert "우리 상인회" not in other.get("/").text


def test_officer_proposes_a_member_and_the_official_approves(world):
    officer = client_for(world.officer)
    response = officer.post(reverse("associations:my_propose", args=[world.association.pk, "member_add"]),
                            {"member_add-store": world.stores[1].pk, "member_add-joined_on": TODAY().isoformat(),
                             "member_add-note": "가입서 접수"})
    assert response.status_code == 302
    proposal = ChangeRequest.objects.get()
    assert not Membership.objects.filter(store=world.stores[1]).exists()
    official = client_for(world.official)
    assert "검토 대기" in officer.get(response.url).text
    assert client_for(world.official_other).get(
        reverse("associations:proposal_detail", args=[proposal.pk])).status_code == 404
    queue = official.get(reverse("associations:proposal_queue"))
    assert world.stores[1].name in queue.text
    response = official.post(reverse("associations:proposal_decide", args=[proposal.pk, "approve"]),
                             {"approve-note": ""})
    assert response.status_code == 302
    assert Membership.objects.get(store=world.stores[1]).association == world.association
    assert "승인" in officer.get(reverse("associations:my_detail", args=[world.association.pk])).text


def test_officer_meeting_proposal_rejected_with_a_reason(world, media):
    officer = client_for(world.officer)
    url = reverse("associations:my_propose", args=[world.association.pk, "meeting"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = officer.post(url, {"meeting-held_on": "2026-01-05", "meeting-attendance": "7", "meeting-agenda": "축제",
                             "meeting-minutes": SimpleUploadedFile("a.hwp", b"MZ" + HWP_BYTES[8:])})
    assert bad.status_code == 400 and not ChangeRequest.objects.exists()
    officer.post(url, {"meeting-held_on": "2026-01-05", "meeting-attendance": "7", "meeting-agenda": "축제",
                       "meeting-minutes": pdf()})
    proposal = ChangeRequest.objects.get()
    minutes_url = reverse("associations:proposal_minutes", args=[proposal.pk])
    assert client_for(world.official).get(minutes_url).status_code == 200
    assert client_for(world.merchant_b).get(minutes_url).status_code == 404
    official = client_for(world.official)
    decide = reverse("associations:proposal_decide", args=[proposal.pk, "reject"])
    assert official.post(decide, {"reject-reason": ""}).status_code == 400
    assert official.post(decide, {"reject-reason": "참석자 명부 누락"}).status_code == 302
    page = officer.get(reverse("associations:my_detail", args=[world.association.pk])).text
    assert "참석자 명부 누락" in page and "반려" in page
    assert not Meeting.objects.exists()
    assert official.post(decide, {"reject-reason": "again"}).status_code == 400  # a repeat

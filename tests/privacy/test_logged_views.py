"""Officials' and administrators' views of personal data write the access log; errors and other personas do not."""

import pytest
from django.urls import reverse

from privacy.models import AccessLog
from tests.factories import DistrictFactory, StoreFactory
from tests.giftcerts.factories import DocumentFactory, InfoSessionFactory, RegistrationFactory, submitted_via_services
from tests.hotline.conftest import file_ticket


def rows(**filters):
    return list(AccessLog.objects.filter(**filters).order_by("id"))


@pytest.fixture
def ticket(seogu):
    return file_ticket(seogu, reporter_name="홍길동", reporter_phone="010-1234-5678")


def test_viewing_a_ticket_is_logged_with_record_address_and_label(official_client, official, ticket):
    response = official_client.get(reverse("hotline:ticket_detail", args=[ticket.pk]), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 200
    (row,) = rows()
    assert (row.actor, row.action, row.record_type, row.record_id) == (official, "view", "hotline.ticket",
                                                                       str(ticket.pk))
    assert row.ip_address == "198.51.100.4" and row.record_label == str(ticket)
    official_client.get(reverse("hotline:ticket_detail", args=[ticket.pk]))
    assert len(rows(action="view")) == 2  # every view, not the first one only


def test_refused_and_unrelated_personas_leave_no_row(client, other_official_client, merchant_a_client, ticket):
    url = reverse("hotline:ticket_detail", args=[ticket.pk])
    assert other_official_client.get(url).status_code == 404
    assert merchant_a_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert rows() == []


def test_a_queue_search_is_logged_with_its_words_a_plain_queue_is_not(official_client, ticket):
    queue = reverse("hotline:queue")
    official_client.get(queue)
    assert rows() == []
    official_client.get(queue, {"q": ticket.tracking_code})
    (row,) = rows()
    assert (row.action, row.record_type, row.detail) == ("search", "hotline.ticket", ticket.tracking_code)


def test_a_ticket_change_is_logged(official_client, official, ticket):
    response = official_client.post(reverse("hotline:ticket_action", args=[ticket.pk, "assign"]),
                                    {"assign-version": ticket.version, "assign-assignee": official.pk})
    assert response.status_code == 302
    (row,) = rows()
    assert (row.action, row.record_id) == ("change", str(ticket.pk))


def test_a_rejected_change_is_not_logged_as_a_change(official_client, ticket):
    response = official_client.post(reverse("hotline:ticket_action", args=[ticket.pk, "resolve"]),
                                    {"resolve-version": ticket.version, "resolve-reply": "완료"})
    assert response.status_code == 400 and rows() == []


def test_a_store_page_with_owner_details_and_the_claim_queue_are_logged(official_client, seogu, merchant_a):
    store = StoreFactory(local_government=seogu, owner=merchant_a.merchant, name="양동국밥")
    official_client.get(reverse("merchants:store_detail", args=[store.pk]))
    official_client.get(reverse("merchants:claim_queue"))
    official_client.get(reverse("merchants:store_list"), {"q": "국밥"})
    assert [(r.action, r.record_type, r.record_id, r.record_label) for r in rows()] == [
        ("view", "merchants.store", str(store.pk), "양동국밥"), ("view", "merchants.storeclaim", "", ""),
        ("search", "merchants.store", "", "")]


def test_the_store_edit_form_is_a_view_and_its_post_a_change(official_client, seogu):
    store = StoreFactory(local_government=seogu)
    official_client.get(reverse("merchants:store_edit", args=[store.pk]))
    assert [(r.action, r.record_id) for r in rows()] == [("view", str(store.pk))]


def test_onnuri_review_and_document_download_are_logged(official_client, merchant_a_client, seogu, merchant_a,
                                                        settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yangdong = seogu.dongs.get(name="양동")
    district = DistrictFactory(local_government=seogu, status="designated", name="양동 골목형상점가")
    district.dongs.add(yangdong)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant)
    application = submitted_via_services(store, merchant_a)
    document = DocumentFactory(application=application)
    official_client.get(reverse("giftcerts:review_queue"))
    official_client.get(reverse("giftcerts:review_detail", args=[application.pk]))
    assert official_client.get(reverse("giftcerts:document_file", args=[document.pk])).status_code == 200
    assert merchant_a_client.get(reverse("giftcerts:document_file", args=[document.pk])).status_code == 200
    assert [(r.action, r.record_type, r.record_id) for r in rows()] == [
        ("view", "giftcerts.franchiseapplication", ""),
        ("view", "giftcerts.franchiseapplication", str(application.pk)),
        ("download", "giftcerts.applicationdocument", str(document.pk))]  # the merchant's own is not logged


def test_session_attendance_and_the_outreach_list_are_logged(official_client, seogu):
    session = InfoSessionFactory(local_government=seogu)
    RegistrationFactory(session=session, name="김참석")
    official_client.get(reverse("giftcerts:session_attendance", args=[session.pk]))
    official_client.get(reverse("giftcerts:outreach_list"))
    assert [(r.action, r.record_type) for r in rows()] == [("view", "giftcerts.sessionregistration"),
                                                           ("view", "giftcerts.outreach")]


def test_the_officials_ticket_api_is_logged(official_client, ticket):
    assert official_client.get(f"/api/tickets/{ticket.pk}/").status_code == 200
    official_client.get("/api/tickets/")
    assert [(r.action, r.record_type, r.record_id) for r in rows()] == [("view", "hotline.ticket", str(ticket.pk)),
                                                                        ("view", "hotline.ticket", "")]


def test_the_merge_preview_is_a_view_and_the_confirmed_merge_a_change(official_client, seogu, ticket):
    primary = file_ticket(seogu)
    url = reverse("hotline:ticket_action", args=[ticket.pk, "merge"])
    official_client.post(url, {"merge-version": ticket.version, "merge-into": primary.pk})
    official_client.post(url, {"merge-version": ticket.version, "merge-into": primary.pk, "merge-confirm": "True"})
    assert [(r.action, r.record_id) for r in rows()] == [("view", str(ticket.pk)), ("change", str(ticket.pk))]


def test_the_store_and_onnuri_apis_are_logged_for_officials_not_for_merchants(official_client, merchant_a_client,
                                                                              seogu, merchant_a):
    store = StoreFactory(local_government=seogu, owner=merchant_a.merchant)
    assert official_client.get(f"/api/stores/{store.pk}/").status_code == 200
    assert official_client.get("/api/applications/").status_code == 200
    assert official_client.get("/api/franchises/").status_code == 200
    assert merchant_a_client.get(f"/api/stores/{store.pk}/").status_code == 200
    assert [(r.action, r.record_type, r.record_id) for r in rows()] == [
        ("view", "merchants.store", str(store.pk)), ("view", "giftcerts.franchiseapplication", ""),
        ("view", "giftcerts.franchise", "")]

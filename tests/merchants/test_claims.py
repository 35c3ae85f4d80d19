"""Claiming a store: evidence (certificate or the National Tax Service), one owner, explicit transfers."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import DomainError, TransitionError
from merchants import services
from merchants.models import Store, StoreClaim, StoreEvent

from .helpers import certificate, store_in

NUMBER = "120-81-47521"


def claim_url(store):
    return reverse("merchants:claim_create", args=[store.pk])


def approve_url(claim):
    return reverse("merchants:claim_approve", args=[claim.pk])


def _claim(user, store, number=NUMBER):
    return services.claim_store(store_id=store.pk, merchant_user=user, business_number=number,
                                evidence=certificate())


def test_a_number_alone_no_longer_takes_a_store(merchant_a_client, merchant_a, seogu):
    """The number is printed on every receipt: knowing it is not proof of running the store."""
    store = store_in(seogu, business_number="1208147521")
    assert merchant_a_client.get(claim_url(store)).status_code == 200
    response = merchant_a_client.post(claim_url(store), {"business_number": NUMBER})
    assert response.status_code == 400
    html = response.content.decode()
    assert "사업자등록증" in html and "첨부" in html and f'value="{NUMBER}"' in html
    assert not StoreClaim.objects.exists()
    store.refresh_from_db()
    assert store.owner is None


def test_a_matching_number_with_a_certificate_still_waits_for_an_official(merchant_a_client, merchant_a, seogu):
    store = store_in(seogu, business_number="1208147521")
    response = merchant_a_client.post(claim_url(store), {"business_number": NUMBER, "evidence": certificate()})
    assert response.status_code == 302 and response["Location"] == reverse("merchants:my_stores")
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.PENDING
    assert claim.evidence and claim.evidence_content_type == "image/png" and claim.evidence_name == "사업자등록증.png"
    store.refresh_from_db()
    assert store.owner is None
    assert store.events.get().kind == StoreEvent.Kind.CLAIM_REQUESTED


def test_claim_waits_for_an_official_who_confirms_it(merchant_a_client, merchant_a, official_client, official,
                                                     seogu, django_capture_on_commit_callbacks):
    store = store_in(seogu, business_number="")
    response = merchant_a_client.post(claim_url(store), {"business_number": "1248100998", "evidence": certificate()})
    assert response.status_code == 302 and response["Location"] == reverse("merchants:my_stores")
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.PENDING
    assert "확인 대기" in merchant_a_client.get(reverse("merchants:my_stores")).content.decode()
    duplicate = merchant_a_client.post(claim_url(store), {"business_number": "1248100998",
                                                          "evidence": certificate()})
    assert duplicate.status_code == 400 and "기다리고" in duplicate.content.decode()

    queue = official_client.get(reverse("merchants:claim_queue"))
    html = queue.content.decode()
    assert queue.status_code == 200 and "124-81-00998" in html
    assert reverse("merchants:claim_evidence", args=[claim.pk]) in html
    assert 'data-testid="claim-conflicts"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        approve = official_client.post(approve_url(claim), {f"claim-{claim.pk}-note": "사업자등록증 확인"})
    assert approve.status_code == 302
    claim.refresh_from_db()
    store.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decision_note) == (StoreClaim.Status.APPROVED, official,
                                                                     "사업자등록증 확인")
    assert store.owner == merchant_a.merchant and store.business_number == "1248100998"
    assert len(mail.outbox) == 1 and "승인" in mail.outbox[0].subject and mail.outbox[0].to == [merchant_a.email]
    twice = official_client.post(approve_url(claim), {})
    assert twice.status_code == 302
    assert StoreEvent.objects.filter(kind=StoreEvent.Kind.CLAIM_APPROVED).count() == 1
    assert merchant_a_client.get(reverse("merchants:my_store_detail", args=[store.pk])).status_code == 200


def test_an_official_rejects_a_claim_with_a_reason(merchant_a_client, merchant_a, official_client, seogu,
                                                   django_capture_on_commit_callbacks):
    store = store_in(seogu, business_number="")
    merchant_a_client.post(claim_url(store), {"business_number": NUMBER, "evidence": certificate()})
    claim = StoreClaim.objects.get()
    no_reason = official_client.post(reverse("merchants:claim_reject", args=[claim.pk]), {})
    assert no_reason.status_code == 400 and "반려 사유" in no_reason.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(reverse("merchants:claim_reject", args=[claim.pk]),
                                        {f"claim-{claim.pk}-note": "사업자등록증의 상호가 다릅니다"})
    assert response.status_code == 302
    claim.refresh_from_db()
    store.refresh_from_db()
    assert claim.status == StoreClaim.Status.REJECTED and store.owner is None
    assert "반려" in mail.outbox[0].subject and "상호가 다릅니다" in mail.outbox[0].body
    assert "상호가 다릅니다" in merchant_a_client.get(reverse("merchants:my_stores")).content.decode()


@pytest.mark.parametrize("number, message", [
    ("120-81-47522", "검증"),  # check digit wrong
    ("12345", "10자리"),
    ("abcdefghij", "숫자"),
    ("124-81-00998", "다릅니다"),  # valid, but not the number on record
])
def test_a_wrong_number_is_refused_in_korean(merchant_a_client, seogu, number, message):
    store = store_in(seogu, business_number="1208147521")
    response = merchant_a_client.post(claim_url(store), {"business_number": number, "evidence": certificate()})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'value="{number}"' in html
    assert not StoreClaim.objects.exists()


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("사업자등록증.pdf", b"just text, named .pdf"), "PDF, JPEG, PNG"),
    (SimpleUploadedFile("빈파일.png", b""), "비어"),
    (SimpleUploadedFile("broken.pdf", b"%PDF-1.4 no end"), "PDF 파일"),
])
def test_a_certificate_is_checked_by_content(merchant_a_client, seogu, upload, message):
    store = store_in(seogu, business_number="")
    response = merchant_a_client.post(claim_url(store), {"business_number": NUMBER, "evidence": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'value="{NUMBER}"' in html
    assert not StoreClaim.objects.exists()


def test_a_too_large_certificate_is_refused(merchant_a_client, seogu, settings):
    settings.UPLOAD_MAX_BYTES = 100
    store = store_in(seogu, business_number="")
    response = merchant_a_client.post(claim_url(store), {"business_number": NUMBER, "evidence": certificate()})
    assert response.status_code == 400 and "까지 올릴 수 있습니다" in response.content.decode()
    assert not StoreClaim.objects.exists()


def test_the_certificate_opens_for_the_claimant_and_the_stores_officials_only(
        merchant_a, merchant_a_client, merchant_b_client, official_client, other_official_client, client, seogu):
    store = store_in(seogu, business_number="")
    claim = _claim(merchant_a, store)
    url = reverse("merchants:claim_evidence", args=[claim.pk])
    for allowed in (merchant_a_client, official_client):
        response = allowed.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png" and "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    for refused in (merchant_b_client, other_official_client, client):
        assert refused.get(url).status_code == 404


def test_a_store_has_one_owner_approving_a_competing_claim_is_refused(
        merchant_a, merchant_b, official_client, official, seogu):
    """광성수산: two claims on one store; approving the second used to overwrite the first owner silently."""
    store = store_in(seogu, business_number="")
    first, second = _claim(merchant_a, store), _claim(merchant_b, store)
    official_client.post(approve_url(first), {})
    response = official_client.post(approve_url(second), {f"claim-{second.pk}-note": "확인"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "이미 다른 상인이 관리" in html and "확인</textarea>" in html  # the note typed is kept
    store.refresh_from_db()
    second.refresh_from_db()
    assert store.owner == merchant_a.merchant and second.status == StoreClaim.Status.PENDING
    assert StoreClaim.objects.filter(status=StoreClaim.Status.APPROVED).count() == 1


def test_an_official_transfers_ownership_with_a_reason_and_both_merchants_are_told(
        merchant_a, merchant_b, official_client, official, seogu, django_capture_on_commit_callbacks):
    store = store_in(seogu, business_number="")
    first, second = _claim(merchant_a, store), _claim(merchant_b, store)
    official_client.post(approve_url(first), {})
    mail.outbox.clear()
    no_reason = official_client.post(approve_url(second), {f"claim-{second.pk}-transfer": "on"})
    assert no_reason.status_code == 400 and "이전하는 사유" in no_reason.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(approve_url(second), {
            f"claim-{second.pk}-transfer": "on", f"claim-{second.pk}-transfer_reason": "양도양수 계약서 확인"})
    assert response.status_code == 302
    store.refresh_from_db()
    assert store.owner == merchant_b.merchant
    event = store.events.get(kind=StoreEvent.Kind.OWNER_TRANSFERRED)
    assert event.actor == official and event.reason == "양도양수 계약서 확인"
    assert event.changes["owner"] == [merchant_a.merchant.pk, merchant_b.merchant.pk]
    recipients = {tuple(message.to): message for message in mail.outbox}
    assert set(recipients) == {(merchant_a.email,), (merchant_b.email,)}
    assert "양도양수 계약서 확인" in recipients[(merchant_a.email,)].body
    assert "다른 상인" in recipients[(merchant_a.email,)].subject


def test_the_queue_flags_competing_claims_and_numbers_of_other_stores(
        merchant_a, merchant_b, official_client, seogu):
    store = store_in(seogu, business_number="")
    store_in(seogu, name="광성수산 2호점", business_number="1208147521")
    _claim(merchant_a, store)
    _claim(merchant_b, store)
    html = official_client.get(reverse("merchants:claim_queue")).content.decode()
    assert html.count('data-testid="claim-conflicts"') == 2
    assert "다른 상인 1명의 신청" in html
    assert "광성수산 2호점" in html and "다른 점포에 등록된 번호" in html


def test_the_queue_flags_an_owned_store_and_offers_the_transfer(merchant_a, merchant_b, official_client, official,
                                                                seogu):
    store = store_in(seogu, business_number="")
    services.claim_approve(claim_id=_claim(merchant_a, store).pk, official=official)
    second = _claim(merchant_b, store)
    html = official_client.get(reverse("merchants:claim_queue")).content.decode()
    assert "이미 이 점포를 관리합니다" in html
    assert f'name="claim-{second.pk}-transfer"' in html and f'name="claim-{second.pk}-transfer_reason"' in html


def test_approval_never_overwrites_another_number_on_record(merchant_a, official, seogu):
    store = store_in(seogu, business_number="")
    claim = _claim(merchant_a, store)
    Store.objects.filter(pk=store.pk).update(business_number="1248100998")  # corrected meanwhile
    with pytest.raises(DomainError, match="다른 사업자등록번호"):
        services.claim_approve(claim_id=claim.pk, official=official)
    store.refresh_from_db()
    assert store.owner is None and store.business_number == "1248100998"


def test_a_merchant_may_own_several_stores(merchant_a, official, seogu):
    first = store_in(seogu, business_number="1208147521")
    second = store_in(seogu, "치평동", business_number="5142154714")
    for store, number in ((first, "1208147521"), (second, "514-21-54714")):
        services.claim_approve(claim_id=_claim(merchant_a, store, number).pk, official=official)
    assert set(merchant_a.merchant.stores.all()) == {first, second}


def test_closed_stores_cannot_be_claimed_and_officials_cannot_claim(merchant_a, official, seogu):
    import datetime

    from django.core.exceptions import PermissionDenied

    store = store_in(seogu, status=Store.Status.CLOSED, closed_on=datetime.date(2025, 1, 1))
    with pytest.raises(TransitionError):
        _claim(merchant_a, store)
    with pytest.raises(PermissionDenied):
        _claim(official, store)


def test_only_officials_of_the_stores_government_decide(merchant_a, official_other, merchant_b_client, seogu,
                                                        other_official_client):
    from django.core.exceptions import PermissionDenied

    store = store_in(seogu, business_number="")
    claim = _claim(merchant_a, store)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim_id=claim.pk, official=official_other)
    assert other_official_client.post(approve_url(claim), {}).status_code == 404
    assert "124" not in other_official_client.get(reverse("merchants:claim_queue")).content.decode()
    assert merchant_b_client.post(approve_url(claim), {}).status_code == 403
    with pytest.raises(DomainError):
        services.claim_reject(claim_id=claim.pk, official=official_other, note="")
    claim.refresh_from_db()
    assert claim.status == StoreClaim.Status.PENDING


def test_anonymous_cannot_claim(client, seogu):
    store = store_in(seogu)
    response = client.post(claim_url(store), {"business_number": NUMBER, "evidence": certificate()})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not StoreClaim.objects.exists()


def test_claims_are_rate_limited_per_merchant(merchant_a_client, seogu):
    store = store_in(seogu, business_number="1208147521")
    for _ in range(20):
        merchant_a_client.post(claim_url(store), {"business_number": "124-81-00998"})
    limited = merchant_a_client.post(claim_url(store), {"business_number": NUMBER, "evidence": certificate()})
    assert limited.status_code == 400 and "너무 많습니다" in limited.content.decode()
    assert not StoreClaim.objects.exists()


def test_admin_pages_of_the_registry_open(admin_client_user, merchant_a, seogu):
    store = store_in(seogu, business_number="")
    claim = _claim(merchant_a, store)
    for url in ("/admin/merchants/store/", f"/admin/merchants/store/{store.pk}/change/", "/admin/merchants/storeclaim/",
                f"/admin/merchants/storeclaim/{claim.pk}/change/", "/admin/merchants/storeimport/",
                "/admin/merchants/industrycategory/", "/admin/merchants/merchant/"):
        assert admin_client_user.get(url).status_code == 200, url

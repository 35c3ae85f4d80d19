"""Claiming a store by 사업자등록번호: immediate, pending then confirmed or rejected, refused."""

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError, TransitionError
from merchants import services
from merchants.models import Store, StoreClaim, StoreEvent

from .helpers import store_in

NUMBER = "120-81-47521"


def claim_url(store):
    return reverse("merchants:claim_create", args=[store.pk])


def test_claim_is_immediate_when_the_record_holds_the_same_number(merchant_a_client, merchant_a, seogu):
    store = store_in(seogu, business_number="1208147521")
    assert merchant_a_client.get(claim_url(store)).status_code == 200
    response = merchant_a_client.post(claim_url(store), {"business_number": NUMBER})
    assert response.status_code == 302 and response["Location"] == reverse("merchants:my_store_detail",
                                                                            args=[store.pk])
    store.refresh_from_db()
    assert store.owner == merchant_a.merchant
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.APPROVED and claim.decided_by is None
    assert store.events.get().kind == StoreEvent.Kind.CLAIM_APPROVED
    again = merchant_a_client.post(claim_url(store), {"business_number": NUMBER})
    assert again.status_code == 400 and "이미 관리" in again.content.decode()


def test_claim_waits_for_an_official_who_confirms_it(merchant_a_client, merchant_a, official_client, official,
                                                     seogu, django_capture_on_commit_callbacks):
    store = store_in(seogu, business_number="")
    response = merchant_a_client.post(claim_url(store), {"business_number": "1248100998"})
    assert response.status_code == 302 and response["Location"] == reverse("merchants:my_stores")
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.PENDING
    store.refresh_from_db()
    assert store.owner is None
    assert "확인 대기" in merchant_a_client.get(reverse("merchants:my_stores")).content.decode()
    duplicate = merchant_a_client.post(claim_url(store), {"business_number": "1248100998"})
    assert duplicate.status_code == 400 and "기다리고" in duplicate.content.decode()

    queue = official_client.get(reverse("merchants:claim_queue"))
    assert queue.status_code == 200 and "124-81-00998" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approve = official_client.post(reverse("merchants:claim_approve", args=[claim.pk]),
                                       {f"claim-{claim.pk}-note": "사업자등록증 확인"})
    assert approve.status_code == 302
    claim.refresh_from_db()
    store.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decision_note) == (StoreClaim.Status.APPROVED, official,
                                                                     "사업자등록증 확인")
    assert store.owner == merchant_a.merchant and store.business_number == "1248100998"
    assert len(mail.outbox) == 1 and "승인" in mail.outbox[0].subject and mail.outbox[0].to == [merchant_a.email]
    # a second click is refused, nothing changes
    twice = official_client.post(reverse("merchants:claim_approve", args=[claim.pk]), {})
    assert twice.status_code == 302
    assert StoreEvent.objects.filter(kind=StoreEvent.Kind.CLAIM_APPROVED).count() == 1
    assert merchant_a_client.get(reverse("merchants:my_store_detail", args=[store.pk])).status_code == 200


def test_an_official_rejects_a_claim_with_a_reason(merchant_a_client, merchant_a, official_client, seogu,
                                                   django_capture_on_commit_callbacks):
    store = store_in(seogu, business_number="")
    merchant_a_client.post(claim_url(store), {"business_number": NUMBER})
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
    response = merchant_a_client.post(claim_url(store), {"business_number": number})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'value="{number}"' in html
    assert not StoreClaim.objects.exists()
    store.refresh_from_db()
    assert store.owner is None


def test_a_store_owned_by_someone_else_needs_an_official(merchant_a, merchant_b, seogu):
    store = store_in(seogu, business_number="1208147521")
    services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number=NUMBER)
    claim = services.claim_store(store_id=store.pk, merchant_user=merchant_b, business_number=NUMBER)
    assert claim.status == StoreClaim.Status.PENDING
    store.refresh_from_db()
    assert store.owner == merchant_a.merchant


def test_a_merchant_may_own_several_stores(merchant_a, seogu):
    first = store_in(seogu, business_number="1208147521")
    second = store_in(seogu, "치평동", business_number="5142154714")
    services.claim_store(store_id=first.pk, merchant_user=merchant_a, business_number="1208147521")
    services.claim_store(store_id=second.pk, merchant_user=merchant_a, business_number="514-21-54714")
    assert set(merchant_a.merchant.stores.all()) == {first, second}


def test_closed_stores_cannot_be_claimed_and_officials_cannot_claim(merchant_a, official, seogu):
    import datetime

    store = store_in(seogu, status=Store.Status.CLOSED, closed_on=datetime.date(2025, 1, 1))
    with pytest.raises(TransitionError):
        services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number=NUMBER)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.claim_store(store_id=store.pk, merchant_user=official, business_number=NUMBER)


def test_only_officials_of_the_stores_government_decide(merchant_a, official_other, merchant_b_client, seogu,
                                                        other_official_client):
    store = store_in(seogu, business_number="")
    claim = services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number=NUMBER)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.claim_approve(claim_id=claim.pk, official=official_other)
    assert other_official_client.post(reverse("merchants:claim_approve", args=[claim.pk]), {}).status_code == 404
    assert "124" not in other_official_client.get(reverse("merchants:claim_queue")).content.decode()
    assert merchant_b_client.post(reverse("merchants:claim_approve", args=[claim.pk]), {}).status_code == 403
    with pytest.raises(DomainError):
        services.claim_reject(claim_id=claim.pk, official=official_other, note="")
    claim.refresh_from_db()
    assert claim.status == StoreClaim.Status.PENDING


def test_anonymous_cannot_claim(client, seogu):
    store = store_in(seogu)
    response = client.post(claim_url(store), {"business_number": NUMBER})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not StoreClaim.objects.exists()


def test_claims_are_rate_limited_per_merchant(merchant_a_client, seogu):
    store = store_in(seogu, business_number="1208147521")
    for _ in range(20):
        merchant_a_client.post(claim_url(store), {"business_number": "124-81-00998"})
    limited = merchant_a_client.post(claim_url(store), {"business_number": NUMBER})
    assert limited.status_code == 400 and "너무 많습니다" in limited.content.decode()
    store.refresh_from_db()
    assert store.owner is None


def test_admin_pages_of_the_registry_open(admin_client_user, merchant_a, seogu):
    store = store_in(seogu, business_number="")
    claim = services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number=NUMBER)
    for url in ("/admin/merchants/store/", f"/admin/merchants/store/{store.pk}/change/", "/admin/merchants/storeclaim/",
                f"/admin/merchants/storeclaim/{claim.pk}/change/", "/admin/merchants/storeimport/",
                "/admin/merchants/industrycategory/", "/admin/merchants/merchant/"):
        assert admin_client_user.get(url).status_code == 200, url

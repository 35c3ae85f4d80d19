"""Two officials acting at the same moment: row locks and versions keep one result, never a lost update."""


import pytest

from core.errors import ConflictError, DomainError, TransitionError
from merchants import services
from merchants.models import StoreClaim, StoreEvent
from tests.concurrency import requires_row_locks, run_together

from ..conftest import make_user
from .helpers import certificate, store_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_row_locks,
]




def test_two_approvals_of_one_claim_at_once(official, merchant_a, seogu):
    colleague = make_user("official_seogu2", role="official", local_government=seogu)
    store = store_in(seogu, business_number="")
    claim = services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number="120-81-47521",
                                 evidence=certificate())
    results = run_together(lambda: services.claim_approve(claim_id=claim.pk, official=official),
                           lambda: services.claim_approve(claim_id=claim.pk, official=colleague))
    assert sum(isinstance(r, StoreClaim) for r in results) == 1
    assert sum(isinstance(r, TransitionError) for r in results) == 1
    assert StoreEvent.objects.filter(kind=StoreEvent.Kind.CLAIM_APPROVED).count() == 1


def test_two_officials_approving_competing_claims_at_once_leave_one_owner(official, merchant_a, merchant_b, seogu):
    """광성수산: two merchants' claims on one store, confirmed by two officials in the same moment."""
    colleague = make_user("official_seogu2", role="official", local_government=seogu)
    store = store_in(seogu, business_number="")
    claim_a, claim_b = (services.claim_store(store_id=store.pk, merchant_user=user, business_number="120-81-47521",
                                             evidence=certificate()) for user in (merchant_a, merchant_b))
    results = run_together(lambda: services.claim_approve(claim_id=claim_a.pk, official=official),
                           lambda: services.claim_approve(claim_id=claim_b.pk, official=colleague))
    approved = [r for r in results if isinstance(r, StoreClaim)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(approved) == 1 and len(refused) == 1, results
    assert "다른 상인이 관리" in str(refused[0])
    store.refresh_from_db()
    assert store.owner_id == approved[0].merchant_id
    assert StoreClaim.objects.filter(store=store, status=StoreClaim.Status.APPROVED).count() == 1
    assert StoreEvent.objects.filter(store=store, kind=StoreEvent.Kind.CLAIM_APPROVED).count() == 1
    assert not StoreEvent.objects.filter(store=store, kind=StoreEvent.Kind.OWNER_TRANSFERRED).exists()


def test_two_edits_from_the_same_version_keep_one_and_refuse_the_other(official, seogu):
    colleague = make_user("official_seogu2", role="official", local_government=seogu)
    store = store_in(seogu)
    results = run_together(
        lambda: services.store_update(store_id=store.pk, official=official, version=1, values={"phone": "062-1"}),
        lambda: services.store_update(store_id=store.pk, official=colleague, version=1, values={"phone": "062-2"}))
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    store.refresh_from_db()
    assert store.version == 2 and store.phone in ("062-1", "062-2")


def test_two_closures_at_once_close_once(official, seogu):
    import datetime

    colleague = make_user("official_seogu2", role="official", local_government=seogu)
    store = store_in(seogu, opened_on=datetime.date(2020, 1, 1))
    day = datetime.date(2026, 1, 5)
    results = run_together(
        lambda: services.store_close(store_id=store.pk, official=official, closed_on=day, reason="a"),
        lambda: services.store_close(store_id=store.pk, official=colleague, closed_on=day, reason="b"))
    assert sum(isinstance(r, TransitionError) for r in results) == 1
    assert StoreEvent.objects.filter(kind=StoreEvent.Kind.CLOSED).count() == 1

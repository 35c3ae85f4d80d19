"""Two officials at the same moment: one approval applies a proposal once; two joins of one store keep one."""

import pytest
from django.utils import timezone

from associations import services
from associations.models import ChangeRequest, Membership
from core.errors import ConflictError, DomainError
from tests.concurrency import requires_row_locks, run_together
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), requires_row_locks]


def test_two_approvals_at_once_apply_once(fresh_world):
    world = fresh_world
    colleague = make_user("official_seogu2", role="official", local_government=world.seogu)
    proposal = services.proposal_submit(association_id=world.association.pk, merchant=world.officer,
                                        kind=ChangeRequest.Kind.MEMBER_ADD, store_id=world.stores[1].pk,
                                        effective_on=timezone.localdate())
    results = run_together(lambda: services.proposal_approve(proposal_id=proposal.pk, official=world.official),
                           lambda: services.proposal_approve(proposal_id=proposal.pk, official=colleague))
    assert sum(isinstance(r, ChangeRequest) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert Membership.objects.filter(store=world.stores[1]).count() == 1


def test_two_edits_from_one_version_keep_one(fresh_world):
    world = fresh_world
    colleague = make_user("official_seogu2", role="official", local_government=world.seogu)
    version = world.association.version
    results = run_together(
        lambda: services.association_update(association_id=world.association.pk, official=world.official,
                                            expected_version=version, name="가"),
        lambda: services.association_update(association_id=world.association.pk, official=colleague,
                                            expected_version=version, name="나"))
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    world.association.refresh_from_db()
    assert world.association.version == version + 1

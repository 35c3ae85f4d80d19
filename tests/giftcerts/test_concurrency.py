"""Real row locks on PostgreSQL: two officials approving at once issue one franchise, and a
session's capacity holds when many register at the same moment."""


import pytest

from core.errors import DomainError
from giftcerts import services, session_services
from giftcerts.models import Franchise, FranchiseApplication, SessionRegistration
from tests.concurrency import requires_row_locks, run_together
from tests.conftest import make_user
from tests.giftcerts.factories import InfoSessionFactory, submitted_via_services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_row_locks,
]




def test_two_officials_approving_the_same_application_issue_one_franchise(store_a, merchant_a, official, seogu):
    second_official = make_user("official_seogu_2", role="official", local_government=seogu)
    application = submitted_via_services(store_a, merchant_a)

    outcomes = run_together(
        lambda: services.application_approve(application_id=application.pk, official=official),
        lambda: services.application_approve(application_id=application.pk, official=second_official),
    )
    franchises = [o for o in outcomes if isinstance(o, Franchise)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(franchises) == 1 and len(refused) == 1, outcomes
    assert Franchise.objects.filter(store=store_a).count() == 1
    application.refresh_from_db()
    assert application.status == FranchiseApplication.Status.APPROVED
    assert application.events.filter(to_status="approved").count() == 1


def test_capacity_holds_when_many_register_at_once(seogu):
    session = InfoSessionFactory(local_government=seogu, capacity=5)
    outcomes = run_together(*(
        (lambda i=i: session_services.session_register(session_id=session.pk, name=f"주민{i}",
                                                       phone=f"010200000{i:02d}"))
        for i in range(12)
    ))
    seats = [o for o in outcomes if isinstance(o, SessionRegistration)]
    full = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(seats) == 5 and len(full) == 7, outcomes
    assert all("정원" in str(error) for error in full)
    assert SessionRegistration.objects.filter(session=session).count() == 5


def test_the_same_phone_registering_twice_at_once_gets_one_seat(seogu):
    session = InfoSessionFactory(local_government=seogu, capacity=50)
    outcomes = run_together(*(
        lambda: session_services.session_register(session_id=session.pk, name="김주민", phone="01099998888")
        for _ in range(4)
    ))
    assert sum(isinstance(o, SessionRegistration) for o in outcomes) == 1
    assert SessionRegistration.objects.filter(session=session).count() == 1

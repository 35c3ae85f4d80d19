"""The demo step works on whatever stores and districts exist: synthetic ones here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.demo import DEMO_STEPS, seed_accounts
from giftcerts.demo import seed_franchises
from giftcerts.models import Franchise, FranchiseApplication, InfoSession, RecognisedMarket
from tests.conftest import load_bukgu, load_seogu, shared_world
from tests.factories import DistrictFactory, StoreFactory
from tests.giftcerts.conftest import build_category


def build_demo_world():
    seogu = load_seogu()
    load_bukgu()
    yangdong = seogu.dongs.get(name="양동")
    category = build_category
    seed_accounts(42, lambda *_: None)
    district = DistrictFactory(local_government=seogu, status="designated")
    for i in range(120):
        StoreFactory(local_government=seogu, dong=yangdong, district=district, business_number="", name=f"가게{i}")
    for _ in range(10):  # restricted: never franchised
        StoreFactory(local_government=seogu, dong=yangdong, district=district, industry=category("I21101", "유흥"))
    for i in range(15):  # outside every district: never franchised
        StoreFactory(local_government=seogu, dong=yangdong, district=None, name=f"밖{i}")
    return district


@pytest.fixture(scope="class")
def demo_world(django_db_setup, django_db_blocker):
    """Accounts, a designated district with 120 eligible stores, 10 restricted ones and 15 outside it: built
    once for the class below (tests.conftest.shared_world)."""
    with shared_world(django_db_blocker) as build:
        yield build(build_demo_world)


def test_the_step_is_registered_after_the_accounts():
    paths = [path for path, _ in DEMO_STEPS]
    assert "giftcerts.demo.seed_franchises" in paths
    assert paths.index("giftcerts.demo.seed_franchises") > paths.index("core.demo.seed_accounts")


def test_the_step_runs_on_an_empty_database(seogu):
    seed_franchises(42, lambda *_: None)
    assert not Franchise.objects.exists()


@pytest.mark.django_db
class TestOnTheDemoWorld:
    """On one demo world, built once for the class (tests.conftest.shared_world); each test's changes are
    rolled back before the next."""

    def test_about_85_percent_of_eligible_stores_are_franchised(self, demo_world):
        seed_franchises(42, lambda *_: None)
        legacy = Franchise.objects.filter(application__isnull=True, status="active")
        applied = FranchiseApplication.objects.count()
        eligible_left = 120 - applied
        assert legacy.count() == round(eligible_left * 0.852)
        assert not Franchise.objects.filter(store__industry__code="I21101").exists()
        assert not Franchise.objects.filter(store__district__isnull=True).exists()
        spread = [f.valid_from for f in legacy]
        assert (max(spread) - min(spread)).days > 365  # spread over the last two years

    def test_applications_in_every_state_sessions_and_markets(self, demo_world):
        seed_franchises(42, lambda *_: None)
        states = set(FranchiseApplication.objects.values_list("status", flat=True))
        assert states == set(FranchiseApplication.Status.values)
        assert InfoSession.objects.count() == 6
        assert all(s.registrations.exists() for s in InfoSession.objects.all())
        assert RecognisedMarket.objects.count() == 8
        for application in FranchiseApplication.objects.exclude(status="draft"):
            assert application.documents.exists() and application.events.count() >= 2

    def test_the_step_is_deterministic_idempotent_and_cheap_the_second_time(self, demo_world):
        seed_franchises(42, lambda *_: None)
        first = sorted(Franchise.objects.values_list("store_id", "valid_from", "number"))
        with CaptureQueriesContext(connection) as queries:
            seed_franchises(42, lambda *_: None)
        assert sorted(Franchise.objects.values_list("store_id", "valid_from", "number")) == first
        assert len(queries.captured_queries) < 25  # existence checks only, whatever the number of stores
        assert len({number for _, _, number in first}) == len(first)

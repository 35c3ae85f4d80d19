"""The demo step: registered before the dashboard's aggregation, skips without districts, and on a small world
gives associations with officers, members and meetings, the same on a second run."""

import pytest

from associations.demo import seed_associations
from associations.models import Meeting, Membership, MerchantAssociation, Officer
from core.demo import DEMO_ACCOUNTS, DEMO_STEPS

pytestmark = pytest.mark.django_db


def test_the_step_runs_before_the_dashboard_and_the_officer_account_exists():
    paths = [path for path, _ in DEMO_STEPS]
    assert paths.index("associations.demo.seed_associations") < paths.index("dashboard.demo.seed_metrics")
    assert paths.index("associations.demo.seed_associations") > paths.index("districts.demo.seed_districts")
    assert ("officer", "merchant", None, "한회장") in DEMO_ACCOUNTS


def test_the_step_skips_without_districts(seogu):
    seed_associations(42, lambda *_: None)
    assert not MerchantAssociation.objects.exists()


def test_the_step_on_a_small_world_and_again(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    MerchantAssociation.objects.all().delete()
    lines = []
    seed_associations(42, lines.append)
    associations = MerchantAssociation.objects.filter(local_government=world.seogu)
    assert associations.exists() and "associations" in lines[-1]
    assert Officer.objects.filter(association__in=associations, role="president").exists()
    assert Membership.objects.filter(association__in=associations).exists()
    assert Meeting.objects.filter(association__in=associations).exclude(minutes="").exists()
    counts = (associations.count(), Membership.objects.count(), Meeting.objects.count())
    seed_associations(42, lines.append)
    assert (associations.count(), Membership.objects.count(), Meeting.objects.count()) == counts
    assert "skipped" in lines[-1]

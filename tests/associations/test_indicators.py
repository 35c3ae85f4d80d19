"""Indicators: the membership rate exactly (open stores only, running memberships only), the status on a day
from the recorded changes, and the dashboard_blocks functions the dashboard calls (aggregate, kpis, panels,
EXTRA_COLUMNS, MAP_LAYERS)."""

import datetime

import pytest
from django.utils import timezone

from associations import dashboard_blocks, selectors, services
from associations.models import AssociationEvent, Membership, MerchantAssociation
from merchants.models import Store

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _members(world):
    """3 running members in the district, 1 in the neighbour; one member left, one store closed."""
    day = datetime.date(2025, 6, 1)
    for store in (*world.stores[:4], world.neighbour_stores[0]):
        services.member_add(association_id=world.association.pk, store_id=store.pk, joined_on=day,
                            actor=world.official)
    left = Membership.objects.get(store=world.stores[3])
    services.member_remove(membership_id=left.pk, left_on=datetime.date(2025, 9, 1), actor=world.official)
    closed = world.stores[4]  # not a member; closed: no longer an open store
    Store.objects.filter(pk=closed.pk).update(status=Store.Status.CLOSED, closed_on=datetime.date(2025, 7, 1))


def test_membership_rate_is_members_over_open_stores_of_the_districts(world):
    _members(world)
    figures = selectors.association_figures(world.association, TODAY())
    # open stores: 4 of 5 in the district (one closed) + 3 in the neighbour = 7; members: 3 + 1 = 4.
    assert (figures.members, figures.open_stores) == (4, 7)
    assert figures.membership_rate == 4 / 7
    assert figures.district_members == {world.district.pk: 3, world.neighbour.pk: 1}
    # On 2025-08-01 the member that left later still counted, and the store closed on 07-01 no longer.
    august = selectors.association_figures(world.association, datetime.date(2025, 8, 1))
    assert (august.members, august.open_stores) == (5, 7)
    # Before anyone joined.
    may = selectors.association_figures(world.association, datetime.date(2025, 5, 1))
    assert (may.members, may.membership_rate) == (0, 0.0)


def test_a_members_closed_store_leaves_the_numerator_too(world):
    _members(world)
    Store.objects.filter(pk=world.stores[0].pk).update(status=Store.Status.CLOSED, closed_on=TODAY())
    figures = selectors.association_figures(world.association, TODAY())
    assert (figures.members, figures.open_stores) == (3, 6)


def test_status_on_a_day_follows_the_recorded_changes(world):
    association = world.association
    AssociationEvent.objects.filter(association=association).update(effective_on=datetime.date(2020, 3, 1))
    services.association_change_status(association_id=association.pk, official=world.official,
                                       to_status="dormant", reason="휴면", effective_on=datetime.date(2025, 1, 1))
    assert selectors.status_on(association, datetime.date(2019, 12, 31)) is None
    assert selectors.status_on(association, datetime.date(2024, 12, 31)) == "active"
    assert selectors.status_on(association, datetime.date(2025, 1, 1)) == "dormant"


def test_meetings_and_expiring_terms(world):
    day = TODAY()
    for months_ago in (1, 6, 13):
        services.meeting_record(association_id=world.association.pk, actor=world.official,
                                held_on=day - datetime.timedelta(days=30 * months_ago), attendance=5, agenda="회의")
    services.officer_add(association_id=world.association.pk, official=world.official, role="secretary",
                         person_name="총무", term_start=day - datetime.timedelta(days=300),
                         term_end=day + datetime.timedelta(days=60))
    services.officer_add(association_id=world.association.pk, official=world.official, role="auditor",
                         person_name="감사", term_start=day - datetime.timedelta(days=300),
                         term_end=day + datetime.timedelta(days=120))
    figures = selectors.association_figures(world.association, day)
    assert figures.meetings_12m == 2
    assert figures.last_meeting == day - datetime.timedelta(days=30)
    assert figures.terms_expiring == 1


def test_aggregate_per_district_dong_and_government(world):
    _members(world)
    services.meeting_record(association_id=world.association.pk, actor=world.official,
                            held_on=TODAY() - datetime.timedelta(days=10), attendance=5, agenda="회의")
    month = TODAY().replace(day=1)
    figures = dashboard_blocks.aggregate(local_government_id=world.seogu.pk, month=month, as_of=TODAY())
    district = figures[("district", world.district.pk)]
    assert (district["assoc_present"], district["assoc_active"], district["assoc_members"],
            district["assoc_open_stores"]) == (1, 1, 3, 4)
    assert district["assoc_membership_rate"] == 3 / 4
    assert district["assoc_meetings_12m"] == 1
    far = figures[("district", world.far.pk)]
    assert (far["assoc_present"], far["assoc_membership_rate"]) == (0, None)
    dong = figures[("dong", world.yangdong.pk)]
    # The shared association's meeting counts once in the dong, its districts twice as "with an association".
    assert (dong["assoc_districts"], dong["assoc_present"], dong["assoc_meetings_12m"]) == (3, 2, 1)
    assert dong["assoc_membership_rate"] == 4 / 7
    government = figures[("government", 0)]
    assert (government["assoc_members"], government["assoc_open_stores"]) == (4, 7)
    # 북구's association never shows in 서구's figures.
    assert all(key[1] != world.bukgu_district.pk for key in figures if key[0] == "district")


def test_a_dormant_association_is_present_not_active_and_a_dissolved_one_is_gone(world):
    services.association_change_status(association_id=world.association.pk, official=world.official,
                                       to_status=MerchantAssociation.Status.DORMANT, reason="휴면")
    month = TODAY().replace(day=1)
    figures = dashboard_blocks.aggregate(local_government_id=world.seogu.pk, month=month, as_of=TODAY())
    assert (figures[("government", 0)]["assoc_present"], figures[("government", 0)]["assoc_active"]) == (2, 0)
    services.association_change_status(association_id=world.association.pk, official=world.official,
                                       to_status=MerchantAssociation.Status.DISSOLVED, reason="해산")
    figures = dashboard_blocks.aggregate(local_government_id=world.seogu.pk, month=month, as_of=TODAY())
    assert figures[("government", 0)]["assoc_present"] == 0
    # A month before the dissolution still shows the association as it was then.
    last_year = (TODAY() - datetime.timedelta(days=400)).replace(day=1)
    AssociationEvent.objects.filter(association=world.association, kind="created").update(
        effective_on=datetime.date(2020, 3, 1))
    before = dashboard_blocks.aggregate(local_government_id=world.seogu.pk, month=last_year, as_of=TODAY())
    assert before[("government", 0)]["assoc_active"] == 2


def test_kpis_panels_and_declared_columns(world, rf):
    _members(world)
    month = TODAY().replace(day=1)
    (kpi,) = dashboard_blocks.kpis(local_government=world.seogu, month=month)
    assert (kpi.key, kpi.value, kpi.url) == ("assoc_active", 2, "/associations/")
    assert "57.1%" in kpi.hint  # 4 of 7
    (panel,) = dashboard_blocks.panels(local_government=world.seogu, month=month)
    assert panel.title == "상인회 현황"
    html = panel.render(rf.get("/dashboard/"))
    assert 'data-testid="associations-block"' in html and "양동" in html and "<caption" in html
    keys = set(dashboard_blocks.aggregate(local_government_id=world.seogu.pk, month=month, as_of=TODAY())
               [("dong", world.yangdong.pk)])
    assert {key for key, _label in dashboard_blocks.EXTRA_COLUMNS} <= keys
    for layer in dashboard_blocks.MAP_LAYERS:
        assert layer["key"] in keys and layer["format"] in ("percent", "number", "score", "won")
        assert str(layer["label"])


def test_the_dashboard_finds_the_module_and_stores_the_figures(world):
    from dashboard import extensions
    from dashboard.models import MetricSnapshot
    from dashboard.services import aggregate_month

    assert dashboard_blocks in extensions.providers()
    _members(world)
    month = TODAY().replace(day=1)
    aggregate_month(local_government_id=world.seogu.pk, month=month, publish=False)
    snapshot = MetricSnapshot.objects.get(local_government=world.seogu, month=month, scope="district",
                                          scope_id=world.district.pk)
    assert snapshot.extra["assoc_members"] == 3 and snapshot.extra["assoc_membership_rate"] == 0.75

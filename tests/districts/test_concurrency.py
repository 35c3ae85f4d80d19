"""Real row locks, with threads: two designations of overlapping boundaries, two officials
saving the same draft. PostgreSQL only (SQLite has no row locks; CI runs PostgreSQL)."""

import datetime
import time

import pytest

from core.errors import ConflictError, DomainError
from districts import services
from districts.models import District
from merchants.models import Store
from tests.concurrency import requires_row_locks, run_together
from tests.conftest import make_user
from tests.districts.factories import PASSING_FACTS, make_district, scatter_stores, shifted, square_in_chipyeong

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_row_locks,
]




def test_two_concurrent_designations_of_overlapping_boundaries_cannot_both_succeed(official, seogu, monkeypatch):
    first_area = square_in_chipyeong(20)
    second_area = shifted(first_area, east_m=20)  # half of it overlaps the first
    scatter_stores(seogu, square_in_chipyeong(20, east_m=10), 60, seed=1)
    colleague = make_user("official_seogu_2", role="official", local_government=seogu)
    a = make_district(official, first_area, status="submitted", name="동시 A")
    b = make_district(colleague, second_area, status="submitted", name="동시 B")

    # Widen the race window: each designation pauses after its criteria check. Without the
    # government lock both would see no designated neighbour and both would succeed.
    check = services.district_check_criteria

    def slow_check(**kwargs):
        result = check(**kwargs)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "district_check_criteria", slow_check)
    day = datetime.date(2026, 3, 2)
    outcomes = run_together(
        lambda: services.district_designate(official=official, district_id=a.pk, designated_on=day,
                                            notice_number="동시 고시 1"),
        lambda: services.district_designate(official=colleague, district_id=b.pk, designated_on=day,
                                            notice_number="동시 고시 2"),
    )
    succeeded = [o for o in outcomes if isinstance(o, District)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    assert "겹" in str(refused[0])
    statuses = dict(District.objects.values_list("name", "status"))
    assert sorted(statuses.values()) == ["designated", "submitted"]
    winner = succeeded[0]
    assert Store.objects.filter(district__status="designated").count() == Store.objects.filter(
        district=winner).count() > 0


def test_two_officials_saving_the_same_draft_at_once_one_wins(official, seogu):
    scatter_stores(seogu, square_in_chipyeong(20), 30, seed=2)
    colleague = make_user("official_seogu_2", role="official", local_government=seogu)
    district = make_district(official, square_in_chipyeong(20), name="원래 이름")
    values = {"boundary": square_in_chipyeong(20), **PASSING_FACTS}
    outcomes = run_together(
        lambda: services.district_update_draft(official=official, district_id=district.pk, expected_version=1,
                                               name="김 담당 이름", **values),
        lambda: services.district_update_draft(official=colleague, district_id=district.pk, expected_version=1,
                                               name="이 담당 이름", **values),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["ConflictError", "District"], outcomes
    conflict = next(o for o in outcomes if isinstance(o, ConflictError))
    assert "다른 담당자" in str(conflict)
    district.refresh_from_db()
    winner = next(o for o in outcomes if isinstance(o, District))
    assert (district.name, district.version) == (winner.name, 2)
    assert district.events.filter(kind="updated").count() == 1

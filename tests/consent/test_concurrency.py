"""Two officials recording the same store's consent at once leave one current record: the district row
lock decides who is first, and a partial unique constraint holds it whatever the path."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from consent import services
from consent.models import ConsentRecord
from core.errors import DomainError
from tests.concurrency import requires_row_locks, run_together
from tests.conftest import make_user
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong


@pytest.mark.django_db
def test_the_database_refuses_a_second_current_consent_of_a_store(official, seogu):
    stores = scatter_stores(seogu, square_in_chipyeong(25), 20, seed=21)
    district = make_district(official, square_in_chipyeong(25))
    values = {"local_government": seogu, "district": district, "store": stores[0], "signer_name": "김",
              "signed_on": datetime.date(2026, 3, 2)}
    ConsentRecord.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(**values)
    # A withdrawn one does not count against it: withdrawn, then consenting again.
    ConsentRecord.objects.filter(store=stores[0]).update(status="withdrawn", withdrawn_at=datetime.datetime(
        2026, 4, 1, tzinfo=datetime.UTC))
    ConsentRecord.objects.create(**values)
    assert ConsentRecord.objects.filter(store=stores[0]).count() == 2


@pytest.mark.django_db(transaction=True)
@requires_row_locks
def test_two_officials_recording_the_same_store_at_once_leave_one_record(official, seogu):
    stores = scatter_stores(seogu, square_in_chipyeong(25), 20, seed=22)
    district = make_district(official, square_in_chipyeong(25))
    colleague = make_user("official_seogu_2", role="official", local_government=seogu)

    def record(user, name):
        return lambda: services.consent_record(official=user, district_id=district.pk, store_id=stores[0].pk,
                                               signer_name=name, signer_role="owner",
                                               signed_on=datetime.date(2026, 3, 2), method="in_person")

    outcomes = run_together(record(official, "김대표"), record(colleague, "이대표"))
    assert sorted(type(o).__name__ for o in outcomes) == ["ConsentRecord", "DomainError"], outcomes
    refusal = next(o for o in outcomes if isinstance(o, DomainError))
    assert "이미 기록되어" in str(refusal)
    assert ConsentRecord.objects.filter(store=stores[0], status="current").count() == 1

"""The figure computed from consent records: exact, open stores only, withdrawn and outside not counted;
none (the typed legacy counts) until a district has a record."""

import datetime

import pytest

from consent import selectors, services
from consent.models import ConsentRecord
from districts import selectors as district_selectors
from districts import services as district_services
from districts.extensions import ConsentFigures
from merchants.models import Store
from tests.districts.factories import make_district

from .conftest import SIGNED_ON, record, record_many

pytestmark = pytest.mark.django_db


def test_no_record_no_figure_so_the_typed_counts_stay(draft):
    assert selectors.figures(draft) is None
    consent = district_selectors.district_consent(draft)
    assert (consent.merchants_total, consent.merchants_consenting, consent.recorded) == (100, 70, False)
    assert consent.source_label == "입력값(기존)"


def test_the_figure_counts_open_stores_inside_and_their_current_consents(official, draft, inside, closed_inside,
                                                                          outside):
    record_many(official, draft, inside[:9])
    withdrawn = record(official, draft, inside[9])
    services.consent_withdraw(official=official, record_id=withdrawn.pk, reason="점포 양도")
    # A store that consented and closed since: its record stays but no longer counts.
    Store.objects.filter(pk=inside[0].pk).update(status=Store.Status.CLOSED, closed_on=datetime.date(2026, 4, 1))
    # A record of a store outside the boundary (made before a boundary change, say) is not counted either.
    ConsentRecord.objects.create(local_government=draft.local_government, district=draft, store=outside[0],
                                 signer_name="밖상인", signed_on=SIGNED_ON)

    figures = selectors.figures(draft)
    assert figures == ConsentFigures(merchants_total=19, merchants_consenting=8, source="동의 기록 10건")
    consent = district_selectors.district_consent(draft)
    assert (consent.merchants_total, consent.merchants_consenting, consent.recorded) == (19, 8, True)


def test_only_withdrawn_records_still_replace_the_typed_counts(official, draft, inside):
    withdrawn = record(official, draft, inside[0])
    services.consent_withdraw(official=official, record_id=withdrawn.pk, reason="철회 요청")
    assert selectors.figures(draft) == ConsentFigures(20, 0, "동의 기록 0건")


def test_a_designated_district_counts_the_open_stores_belonging_to_it(official, area, inside):
    submitted = make_district(official, area, status="submitted")
    record_many(official, submitted, inside[:12])
    district = district_services.district_designate(official=official, district_id=submitted.pk,
                                                    designated_on=datetime.date(2026, 3, 10), notice_number="고시 1")
    assert Store.objects.filter(district=district).count() == 20
    Store.objects.filter(pk=inside[1].pk).update(district=None)  # released: it no longer belongs to the district
    assert selectors.figures(district) == ConsentFigures(19, 11, "동의 기록 12건")


def test_many_districts_at_once_match_one_by_one(official, seogu, area, inside, draft):
    record_many(official, draft, inside[:5])
    other = make_district(official, area, status="submitted", name="같은 구역 제출")
    record_many(official, other, inside[5:15])
    untouched = make_district(official, area, name="기록 없는 초안")
    found = selectors.figures_many([draft, other, untouched])
    assert found == {draft.pk: selectors.figures(draft), other.pk: selectors.figures(other)}
    assert (found[other.pk].merchants_total, found[other.pk].merchants_consenting) == (20, 10)
    consents = district_selectors.district_consents([draft, other, untouched])
    assert [c.source for c in consents.values()] == ["records", "records", "typed"]

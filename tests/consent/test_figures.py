"""The figure computed from consent records: exact, open stores only, withdrawn and outside not counted;
none (the typed legacy counts) until a district has a record."""

import datetime

from consent import selectors, services
from consent.models import ConsentRecord
from districts import selectors as district_selectors
from districts import services as district_services
from districts.extensions import ConsentFigures
from merchants.models import Store

from .conftest import SIGNED_ON, record, record_many


def test_no_record_no_figure_so_the_typed_counts_stay(w):
    assert selectors.figures(w.draft) is None
    consent = district_selectors.district_consent(w.draft)
    assert (consent.merchants_total, consent.merchants_consenting, consent.recorded) == (100, 70, False)
    assert consent.source_label == "입력값(기존)"


def test_the_figure_counts_open_stores_inside_and_their_current_consents(w):
    record_many(w.official, w.draft, w.inside[:9])
    withdrawn = record(w.official, w.draft, w.inside[9])
    services.consent_withdraw(official=w.official, record_id=withdrawn.pk, reason="점포 양도")
    # A store that consented and closed since: its record stays but no longer counts.
    Store.objects.filter(pk=w.inside[0].pk).update(status=Store.Status.CLOSED, closed_on=datetime.date(2026, 4, 1))
    # A record of a store outside the boundary (made before a boundary change, say) is not counted either.
    ConsentRecord.objects.create(local_government=w.seogu, district=w.draft, store=w.outside[0],
                                 signer_name="밖상인", signed_on=SIGNED_ON)

    # 20 open inside, one of them closed since: 19; 9 consents, one of a closed store: 8.
    assert selectors.figures(w.draft) == ConsentFigures(merchants_total=19, merchants_consenting=8,
                                                        source="동의 기록 10건")
    consent = district_selectors.district_consent(w.draft)
    assert (consent.merchants_total, consent.merchants_consenting, consent.recorded) == (19, 8, True)


def test_only_withdrawn_records_still_replace_the_typed_counts(w):
    withdrawn = record(w.official, w.draft, w.inside[0])
    services.consent_withdraw(official=w.official, record_id=withdrawn.pk, reason="철회 요청")
    assert selectors.figures(w.draft) == ConsentFigures(20, 0, "동의 기록 0건")


def test_a_designated_district_counts_the_open_stores_belonging_to_it(w):
    record_many(w.official, w.submitted, w.inside[:12])
    district = district_services.district_designate(official=w.official, district_id=w.submitted.pk,
                                                    designated_on=datetime.date(2026, 3, 10), notice_number="고시 1")
    assert Store.objects.filter(district=district, status="open").count() == 20  # and the 3 closed ones
    Store.objects.filter(pk=w.inside[1].pk).update(district=None)  # released: it no longer belongs to the district
    assert selectors.figures(district) == ConsentFigures(19, 11, "동의 기록 12건")


def test_many_districts_at_once_match_one_by_one(w):
    record_many(w.official, w.draft, w.inside[:5])
    record_many(w.official, w.submitted, w.inside[5:15])
    found = selectors.figures_many([w.draft, w.submitted])
    assert found == {w.draft.pk: selectors.figures(w.draft), w.submitted.pk: selectors.figures(w.submitted)}
    assert (found[w.submitted.pk].merchants_total, found[w.submitted.pk].merchants_consenting) == (20, 10)
    ConsentRecord.objects.filter(district=w.draft).delete()
    consents = district_selectors.district_consents([w.draft, w.submitted])
    assert [consents[d.pk].source for d in (w.draft, w.submitted)] == ["typed", "records"]

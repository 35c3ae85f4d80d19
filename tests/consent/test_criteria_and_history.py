"""The designation criteria use the records when a district has them and the typed counts otherwise; the
designation history keeps the consent (and its source) as it was at designation time."""

import datetime

import pytest
from django.urls import reverse

from consent import services
from core.errors import DomainError
from districts import criteria
from districts import services as district_services

from .conftest import client_for, record_many


def consent_criterion(result):
    return result.get(criteria.CONSENT)


def test_criteria_use_the_typed_counts_while_there_is_no_record(w):
    consent = consent_criterion(district_services.district_criteria(w.draft))
    assert consent.passed
    assert (consent.values["merchants_total"], consent.values["merchants_consenting"]) == (100, 70)
    assert consent.values["source"] == "typed" and "입력값(기존)" in consent.message


def test_criteria_use_the_records_once_there_is_one(w):
    record_many(w.official, w.draft, w.inside[:9])  # 9 of 20: 10 needed
    consent = consent_criterion(district_services.district_criteria(w.draft))
    assert not consent.passed
    assert (consent.values["merchants_total"], consent.values["merchants_consenting"],
            consent.values["required_consenting"], consent.values["source"]) == (20, 9, 10, "records")
    assert "동의 기록 9건" in consent.message
    record_many(w.official, w.draft, w.inside[9:10])
    assert consent_criterion(district_services.district_criteria(w.draft)).passed


def test_designation_is_refused_when_the_records_fall_short_though_the_typed_counts_pass(w):
    record_many(w.official, w.submitted, w.inside[:5])
    with pytest.raises(DomainError) as refused:
        district_services.district_designate(official=w.official, district_id=w.submitted.pk,
                                             designated_on=datetime.date(2026, 3, 10), notice_number="고시 1")
    assert "상인 동의" in str(refused.value)


def test_the_designation_event_keeps_the_consent_of_that_day_after_later_changes(w):
    records = record_many(w.official, w.submitted, w.inside[:12])
    district_services.district_designate(official=w.official, district_id=w.submitted.pk,
                                         designated_on=datetime.date(2026, 3, 10), notice_number="고시 1")
    event = w.submitted.events.get(kind="designated")
    values = consent_criterion_values(event)
    assert (values["merchants_total"], values["merchants_consenting"], values["source"]) == (20, 12, "records")

    # Later: three merchants withdraw, two more consent. The event still says 12 of 20.
    for r in records[:3]:
        services.consent_withdraw(official=w.official, record_id=r.pk, reason="철회 요청")
    record_many(w.official, w.submitted, w.inside[12:14])
    event.refresh_from_db()
    assert consent_criterion_values(event)["merchants_consenting"] == 12
    page = client_for(w.official).get(reverse("districts:district_detail", args=[w.submitted.pk])).content.decode()
    assert "당시 상인 동의: 20명 중 12명 · 동의 기록 12건" in page  # the history
    assert "20명 중 11명" in page  # today's figure in the details table


def test_the_history_labels_typed_figures_and_an_amendment_records_the_new_boundary(w):
    from tests.districts.factories import square_in_chipyeong

    district_services.district_designate(official=w.official, district_id=w.submitted.pk,
                                         designated_on=datetime.date(2026, 3, 10), notice_number="고시 1")
    assert consent_criterion_values(w.submitted.events.get(kind="designated"))["source"] == "typed"
    record_many(w.official, w.submitted, w.inside[:15])
    # The amended boundary keeps the 20 stores and adds the 5 outside (none of them consenting).
    bigger = square_in_chipyeong(100, east_m=60)
    district_services.district_amend_boundary(official=w.official, district_id=w.submitted.pk, boundary=bigger,
                                              reason="구역 확장", exception_reason="밀집도 예외 조례 적용")
    values = consent_criterion_values(w.submitted.events.get(kind="amended"))
    assert (values["merchants_total"], values["merchants_consenting"], values["source"]) == (25, 15, "records")
    page = client_for(w.official).get(reverse("districts:district_detail", args=[w.submitted.pk])).content.decode()
    assert "당시 상인 동의: 100명 중 70명 · 입력값(기존)" in page


def consent_criterion_values(event) -> dict:
    return next(c for c in event.criteria["criteria"] if c["key"] == "consent")["values"]

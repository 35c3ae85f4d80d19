"""The National Tax Service check (국세청 사업자등록정보 진위확인) as a claim's evidence, with recorded answers."""

import datetime

import pytest
from django.urls import reverse

from merchants.models import StoreClaim, StoreEvent

from .helpers import certificate, store_in
from .nts_stub import RecordedNtsClient

NUMBER = "120-81-47521"
OPENED = "2015-03-02"


@pytest.fixture
def nts(settings, monkeypatch):
    settings.NTS_VERIFICATION_ENABLED = True
    settings.NTS_CLIENT_CLASS = "tests.merchants.nts_stub.RecordedNtsClient"
    settings.NTS_SERVICE_KEY = "test-key"
    monkeypatch.setattr(RecordedNtsClient, "sent", [])
    return RecordedNtsClient


def _post(client, store, **extra):
    data = {"business_number": NUMBER, "opening_date": OPENED, "representative_name": "최상인", **extra}
    return client.post(reverse("merchants:claim_create", args=[store.pk]), data)


def test_off_by_default_the_form_asks_for_a_certificate_only(merchant_a_client, seogu, settings):
    assert settings.NTS_VERIFICATION_ENABLED is False
    store = store_in(seogu, business_number="1208147521")
    html = merchant_a_client.get(reverse("merchants:claim_create", args=[store.pk])).content.decode()
    assert 'name="evidence"' in html and 'name="representative_name"' not in html
    assert _post(merchant_a_client, store).status_code == 400  # the date and name alone prove nothing
    assert not StoreClaim.objects.exists()


def test_a_positive_answer_on_an_unowned_store_with_the_same_number_is_immediate(
        merchant_a_client, merchant_a, seogu, nts):
    store = store_in(seogu, business_number="1208147521")
    response = _post(merchant_a_client, store)
    assert response.status_code == 302
    assert response["Location"] == reverse("merchants:my_store_detail", args=[store.pk])
    store.refresh_from_db()
    assert store.owner == merchant_a.merchant
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.APPROVED and claim.nts_confirmed_at is not None
    assert claim.opening_date == datetime.date(2015, 3, 2) and claim.representative_name == "최상인"
    assert store.events.get().kind == StoreEvent.Kind.CLAIM_APPROVED
    # The request the real client built, in the service's documented format.
    assert nts.sent == [{"businesses": [{"b_no": "1208147521", "start_dt": "20150302", "p_nm": "최상인",
                                         "p_nm2": "", "b_nm": "", "corp_no": "", "b_sector": "", "b_type": ""}]}]


def test_a_positive_answer_on_an_owned_store_waits_for_an_official(merchant_a, merchant_b_client, official, seogu,
                                                                   nts):
    from merchants import services

    store = store_in(seogu, business_number="1208147521")
    first = services.claim_store(store_id=store.pk, merchant_user=merchant_a, business_number=NUMBER,
                                 evidence=certificate())
    services.claim_approve(claim_id=first.pk, official=official)
    response = _post(merchant_b_client, store)
    assert response.status_code == 302
    second = StoreClaim.objects.exclude(pk=first.pk).get()
    assert second.status == StoreClaim.Status.PENDING and second.nts_confirmed_at is not None
    store.refresh_from_db()
    assert store.owner == merchant_a.merchant


def test_a_positive_answer_on_a_store_without_a_number_waits_for_an_official(merchant_a_client, seogu, nts):
    store = store_in(seogu, business_number="")
    _post(merchant_a_client, store)
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.PENDING
    store.refresh_from_db()
    assert store.owner is None


@pytest.mark.parametrize("answer_file", ["validate_mismatch.json", "validate_closed.json"])
def test_a_negative_answer_is_refused_in_korean_and_keeps_the_input(merchant_a_client, seogu, nts, monkeypatch,
                                                                    answer_file):
    monkeypatch.setattr(RecordedNtsClient, "answer_file", answer_file)
    store = store_in(seogu, business_number="1208147521")
    response = _post(merchant_a_client, store, representative_name="다른사람")
    assert response.status_code == 400
    html = response.content.decode()
    assert "국세청에서" in html and 'value="다른사람"' in html
    assert not StoreClaim.objects.exists()


def test_a_negative_answer_with_a_certificate_goes_to_an_official(merchant_a_client, seogu, nts, monkeypatch):
    monkeypatch.setattr(RecordedNtsClient, "answer_file", "validate_mismatch.json")
    store = store_in(seogu, business_number="1208147521")
    assert _post(merchant_a_client, store, evidence=certificate()).status_code == 302
    claim = StoreClaim.objects.get()
    assert claim.status == StoreClaim.Status.PENDING and claim.nts_confirmed_at is None and claim.evidence


def test_when_the_service_is_down_a_certificate_is_needed(merchant_a_client, seogu, nts, monkeypatch):
    monkeypatch.setattr(RecordedNtsClient, "answer_file", None)
    store = store_in(seogu, business_number="1208147521")
    response = _post(merchant_a_client, store)
    assert response.status_code == 400 and "사업자등록증을 PDF" in response.content.decode()
    assert _post(merchant_a_client, store, evidence=certificate()).status_code == 302
    assert StoreClaim.objects.get().status == StoreClaim.Status.PENDING


def test_the_queue_shows_the_confirmation(merchant_a_client, official_client, seogu, nts):
    store = store_in(seogu, business_number="")
    _post(merchant_a_client, store)
    html = official_client.get(reverse("merchants:claim_queue")).content.decode()
    assert "국세청 진위확인 완료(개업일자 2015-03-02, 대표자 최상인)" in html


def test_a_malformed_answer_counts_as_unavailable():
    from merchants.nts import NtsUnavailable

    class Garbled(RecordedNtsClient):
        def post(self, payload):
            return {"status_code": "OK", "data": []}

    with pytest.raises(NtsUnavailable):
        Garbled(url="x", service_key="k").validate(number="1208147521", opening_date=datetime.date(2015, 3, 2),
                                                  representative_name="최상인")

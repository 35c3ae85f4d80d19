"""Each eligibility rule fails alone, on real SEMAS categories and real market names."""

import datetime

import pytest
from django.utils import timezone

from giftcerts import eligibility
from giftcerts.eligibility import (
    BUSINESS_NUMBER,
    BUSINESS_TYPE,
    LOCATION,
    NO_ACTIVE_FRANCHISE,
    NO_BAN,
    REVENUE,
    RULE_CODES,
    STORE_OPEN,
    check_eligibility,
)
from giftcerts.markets import markets_load_standard_csv
from giftcerts.models import Franchise, RestrictedBusinessType
from merchants import bizno
from tests.conftest import DATA
from tests.factories import DistrictFactory, FranchiseFactory, StoreFactory

LIMIT = 3_000_000_000


def failing(results) -> set[str]:
    return {r.code for r in results if r.passed is False}


def result(results, code):
    return next(r for r in results if r.code == code)


def test_an_eligible_store_passes_every_rule_at_the_revenue_limit(store_a):
    results = check_eligibility(store_a, declared_revenue_won=LIMIT)
    assert [r.code for r in results] == list(RULE_CODES)
    assert all(r.passed is True for r in results)
    assert eligibility.all_passed(results)
    assert "양동 골목형상점가" in result(results, LOCATION).message
    assert "3,000,000,000원" in result(results, REVENUE).message


def test_one_won_over_the_limit_fails_only_the_revenue_rule_and_says_by_how_much(store_a):
    results = check_eligibility(store_a, declared_revenue_won=LIMIT + 1)
    assert failing(results) == {REVENUE}
    message = result(results, REVENUE).message
    assert "3,000,000,001원" in message and "3,000,000,000원" in message and "1원" in message


def test_revenue_not_declared_yet_is_pending_not_failed(store_a):
    results = check_eligibility(store_a)
    assert result(results, REVENUE).passed is None
    assert failing(results) == set()
    assert not eligibility.all_passed(results)  # the submit still needs it


def test_the_revenue_limit_comes_from_the_setting(store_a, settings):
    settings.ONNURI_REVENUE_LIMIT_WON = 100_000_000
    assert failing(check_eligibility(store_a, declared_revenue_won=100_000_001)) == {REVENUE}
    assert failing(check_eligibility(store_a, declared_revenue_won=100_000_000)) == set()


def test_a_closed_store_fails_only_the_open_rule(store_a):
    store_a.status, store_a.closed_on = "closed", datetime.date(2026, 3, 2)
    store_a.save()
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == {STORE_OPEN}
    assert "2026년 3월 2일" in result(results, STORE_OPEN).message


def test_a_store_outside_any_district_or_market_fails_only_the_location_rule(seogu, yangdong, merchant_a):
    store = StoreFactory(local_government=seogu, dong=yangdong, district=None, market_name="",
                         owner=merchant_a.merchant)
    results = check_eligibility(store, declared_revenue_won=1)
    assert failing(results) == {LOCATION}
    assert "밖" in result(results, LOCATION).message


def test_a_district_not_yet_designated_does_not_count(seogu, yangdong):
    draft = DistrictFactory(local_government=seogu, status="draft", name="초안 상점가")
    store = StoreFactory(local_government=seogu, dong=yangdong, district=draft)
    results = check_eligibility(store, declared_revenue_won=1)
    assert failing(results) == {LOCATION}
    assert "초안 상점가" in result(results, LOCATION).message


@pytest.mark.parametrize("store_market", ["양동시장", "양동수산시장", "양동복개시장", "양동닭전길시장"])
def test_a_store_of_a_recognised_traditional_market_passes_location(seogu, yangdong, store_market):
    """The real 양동 store file names (양동시장, 양동수산시장...) match the standard data's names
    (광주양동시장, 양동수산전통시장, 양동복개상가...)."""
    markets_load_standard_csv(path=DATA / "gwangju-traditional-markets-standard.csv", local_government=seogu)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=None, market_name=store_market)
    results = check_eligibility(store, declared_revenue_won=1)
    assert failing(results) == set()
    assert "전통시장" in result(results, LOCATION).message


def test_a_market_of_another_government_does_not_count(seogu, bukgu, yangdong):
    markets_load_standard_csv(path=DATA / "gwangju-traditional-markets-standard.csv", local_government=bukgu)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=None, market_name="말바우시장")
    assert failing(check_eligibility(store, declared_revenue_won=1)) == {LOCATION}


@pytest.mark.parametrize(("code", "name", "law_category"), [
    ("I21101", "일반 유흥 주점", "유흥주점업"),
    ("I21102", "무도 유흥 주점", "유흥주점업"),
    ("L10203", "부동산 중개/대리업", "부동산 중개·임대업"),
    ("R10410", "복권 발행/판매업", "사행"),
])
def test_a_restricted_business_type_fails_only_that_rule_with_its_legal_ground(store_a, category, code, name,
                                                                                  law_category):
    store_a.industry = category(code, name)
    store_a.save()
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == {BUSINESS_TYPE}
    message = result(results, BUSINESS_TYPE).message
    assert code in message and name in message and law_category in message
    assert "전통시장 및 상점가 육성을 위한 특별법" in message


def test_a_similar_but_allowed_category_passes(store_a, category):
    """요리 주점 (I21104) shares 중분류 I211 with 유흥주점 but is not restricted."""
    store_a.industry = category("I21104", "요리 주점")
    store_a.save()
    assert failing(check_eligibility(store_a, declared_revenue_won=1)) == set()


def test_the_restricted_list_is_data_an_official_can_switch_off(store_a, category):
    store_a.industry = category("I21101", "일반 유흥 주점")
    store_a.save()
    RestrictedBusinessType.objects.filter(code="I21101").update(active=False)
    assert failing(check_eligibility(store_a, declared_revenue_won=1)) == set()


def test_a_store_without_a_business_type_fails_that_rule(store_a):
    store_a.industry = None
    store_a.save()
    assert failing(check_eligibility(store_a, declared_revenue_won=1)) == {BUSINESS_TYPE}


def test_an_invalid_business_number_fails_only_that_rule(store_a):
    valid = store_a.business_number
    store_a.business_number = valid[:9] + str((int(valid[9]) + 1) % 10)
    store_a.save()
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == {BUSINESS_NUMBER}
    assert bizno.format_number(store_a.business_number) in result(results, BUSINESS_NUMBER).message


def test_a_missing_business_number_fails_that_rule(store_a):
    store_a.business_number = ""
    store_a.save()
    assert failing(check_eligibility(store_a, declared_revenue_won=1)) == {BUSINESS_NUMBER}


def test_an_active_franchise_fails_only_that_rule(store_a):
    today = timezone.localdate()
    FranchiseFactory(store=store_a, number="29140-2026-00001", valid_from=today, valid_until=today.replace(
        year=today.year + 3))
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == {NO_ACTIVE_FRANCHISE}
    assert "29140-2026-00001" in result(results, NO_ACTIVE_FRANCHISE).message


def test_a_franchise_ending_within_60_days_may_be_renewed(store_a):
    today = timezone.localdate()
    FranchiseFactory(store=store_a, valid_from=today - datetime.timedelta(days=1000),
                     valid_until=today + datetime.timedelta(days=60))
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == set()
    assert "갱신" in result(results, NO_ACTIVE_FRANCHISE).message


def test_a_reregistration_ban_fails_only_that_rule_until_its_date(store_a):
    today = timezone.localdate()
    FranchiseFactory(store=store_a, status=Franchise.Status.CANCELLED, cancel_reason="부정 수취",
                     ban_until=today + datetime.timedelta(days=30))
    results = check_eligibility(store_a, declared_revenue_won=1)
    assert failing(results) == {NO_BAN}
    assert "부정 수취" in result(results, NO_BAN).message
    later = today + datetime.timedelta(days=31)
    assert failing(check_eligibility(store_a, declared_revenue_won=1, today=later)) == set()


def test_a_ban_follows_the_business_number_to_another_store(store_a, seogu, yangdong, district):
    old_store = StoreFactory(local_government=seogu, dong=yangdong, district=district,
                             business_number=store_a.business_number)
    FranchiseFactory(store=old_store, status=Franchise.Status.CANCELLED, cancel_reason="명의 대여",
                     ban_until=timezone.localdate() + datetime.timedelta(days=365))
    assert failing(check_eligibility(store_a, declared_revenue_won=1)) == {NO_BAN}


def test_the_seeded_restricted_types_use_real_semas_codes(db):
    codes = set(RestrictedBusinessType.objects.exclude(code="").values_list("code", flat=True))
    assert {"I21101", "I21102", "R10410", "L1"} <= codes
    assert RestrictedBusinessType.objects.filter(category__contains="금융").exists()

"""The SQL forms of two eligibility rules (giftcerts.selectors) agree with the rules themselves.

The dashboard counts stores that may join Onnuri with `onnuri_location_q` and
`permitted_business_type_q`; an application is judged by `eligibility.evaluate`.
Over one store per situation, both must pick exactly the same stores.
"""

import pytest

from giftcerts import eligibility
from giftcerts.markets import markets_load_standard_csv
from giftcerts.models import RestrictedBusinessType
from giftcerts.selectors import market_names_matching, onnuri_location_q, permitted_business_type_q
from merchants.models import Store
from tests.conftest import DATA
from tests.factories import DistrictFactory, StoreFactory


@pytest.fixture
def situations(seogu, bukgu, yangdong, district, category):
    draft = DistrictFactory(local_government=seogu, code="DRAFT", name="초안 골목")
    revoked = DistrictFactory(local_government=seogu, code="REVOKED", name="취소된 골목", status="revoked")
    markets_load_standard_csv(path=DATA / "gwangju-traditional-markets-standard.csv", local_government=seogu)
    markets_load_standard_csv(path=DATA / "gwangju-traditional-markets-standard.csv", local_government=bukgu)

    def make(name, **kwargs):
        return StoreFactory(local_government=seogu, dong=yangdong, name=name, **{"district": district, **kwargs})

    make("구역 안 한식집")
    make("초안 구역", district=draft)
    make("취소된 구역", district=revoked)
    make("시장 (다른 표기)", district=None, market_name="양동수산시장")
    make("시장 (표준 이름)", district=None, market_name="광주양동시장")
    make("모르는 시장", district=None, market_name="없는시장")
    make("북구의 시장", district=None, market_name="말바우시장")
    make("구역 밖", district=None)
    make("유흥주점", industry=category("I21101", "일반 유흥 주점"))
    make("부동산 (대분류 L1)", industry=category("L10203", "부동산 중개/대리업"))
    make("복권방", industry=category("R10410", "복권 발행/판매업"))
    make("요리 주점 (같은 중분류, 허용)", industry=category("I21104", "요리 주점"))
    make("업종 없음", industry=None)
    make("시장 안 유흥주점", district=None, market_name="양동시장", industry=category("I21101", "일반 유흥 주점"))
    return seogu


def by_rules(government, *codes) -> set[str]:
    stores = list(Store.objects.filter(local_government=government).select_related("district", "industry"))
    ctx = eligibility.EligibilityContext.for_stores(stores, local_government=government)
    return {store.name for store in stores
            if all(r.passed for r in eligibility.evaluate(store, ctx) if r.code in codes)}


def by_filter(government, q) -> set[str]:
    return set(Store.objects.filter(q, local_government=government).values_list("name", flat=True))


def test_the_location_filter_picks_the_stores_the_location_rule_passes(situations):
    expected = by_rules(situations, eligibility.LOCATION)
    assert by_filter(situations, onnuri_location_q(situations)) == expected
    assert "시장 (다른 표기)" in expected and "취소된 구역" not in expected and "북구의 시장" not in expected


def test_the_business_type_filter_picks_the_stores_the_business_type_rule_passes(situations):
    expected = by_rules(situations, eligibility.BUSINESS_TYPE)
    assert by_filter(situations, permitted_business_type_q()) == expected
    assert "요리 주점 (같은 중분류, 허용)" in expected and "부동산 (대분류 L1)" not in expected
    assert "업종 없음" not in expected


def test_both_filters_follow_the_restricted_list_as_an_official_edits_it(situations):
    RestrictedBusinessType.objects.filter(code="I21101").update(active=False)
    both = onnuri_location_q(situations) & permitted_business_type_q()
    assert by_filter(situations, both) == by_rules(situations, eligibility.LOCATION, eligibility.BUSINESS_TYPE)
    assert "시장 안 유흥주점" in by_filter(situations, both)


def test_market_names_are_matched_as_the_stores_write_them_each_once(situations):
    StoreFactory.create_batch(3, local_government=situations, district=None, market_name="양동시장")
    assert sorted(market_names_matching(situations)) == ["광주양동시장", "양동수산시장", "양동시장"]

"""The stores demo step: real 양동시장 stores plus synthetic ones, deterministic and idempotent."""

from collections import Counter

import pytest
from django.core.management import call_command

from districts.selectors import dong_locator
from merchants import bizno
from merchants.models import Store, StoreClaim

pytestmark = pytest.mark.django_db


def fingerprint():
    fields = ("external_id", "name", "branch", "industry__code", "lon", "lat", "status", "opened_on", "business_number")
    return list(Store.objects.filter(external_id__startswith="DEMO").order_by("external_id").values_list(*fields)[:300])


def test_seed_demo_builds_about_17000_realistic_stores_once():
    call_command("seed_demo", "--seed", "42", "--only", "core.demo,merchants.demo", stdout=None)
    stores = Store.objects.filter(local_government__code="29140")
    assert stores.count() == 17_000
    assert stores.filter(source="market").count() == 422
    synthetic = stores.filter(external_id__startswith="DEMO")
    by_dong = Counter(synthetic.values_list("dong__name", flat=True))
    assert len(by_dong) == 18 and None not in by_dong
    assert by_dong.most_common(1)[0][0] == "치평동" and min(by_dong, key=by_dong.get) == "서창동"
    majors = Counter(code[:2] for code in synthetic.values_list("industry__code", flat=True))
    assert [code for code, _count in majors.most_common(2)] == ["I2", "G2"]
    assert set(majors) == {"I1", "I2", "G2", "S2", "M1", "P1", "L1", "R1", "N1", "Q1"}
    assert synthetic.filter(industry__code="I21101").count() > 20  # 일반 유흥 주점 (Onnuri-restricted)
    assert synthetic.filter(industry__code="L10203").count() > 200  # 부동산 중개
    closed = synthetic.filter(status="closed")
    assert 0.02 < closed.count() / synthetic.count() < 0.08
    assert all(c.closed_on > c.opened_on for c in closed)
    numbers = list(synthetic.exclude(business_number="").values_list("business_number", flat=True))
    assert len(numbers) / synthetic.count() > 0.85 and all(bizno.is_valid(n) for n in numbers)
    sample = list(synthetic.order_by("?")[:300].values_list("lon", "lat", "dong_id"))
    located = dong_locator(Store.objects.first().local_government).locate([s[0] for s in sample],
                                                                         [s[1] for s in sample])
    assert located == [s[2] for s in sample]  # inside the dong they are recorded in
    merchant_stores = Counter(stores.filter(owner__isnull=False).values_list("owner__user__username", flat=True))
    assert merchant_stores == {"merchant": 2, "merchant2": 1}
    assert StoreClaim.objects.filter(status="pending", merchant__user__username="merchant2").count() == 1

    before = fingerprint()
    call_command("seed_demo", "--seed", "42", "--only", "core.demo,merchants.demo", stdout=None)  # idempotent
    assert Store.objects.count() == 17_000 and StoreClaim.objects.count() == 4
    assert fingerprint() == before

    Store.objects.filter(external_id__startswith="DEMO").delete()  # deterministic for a seed
    StoreClaim.objects.all().delete()
    call_command("seed_demo", "--seed", "42", "--only", "core.demo,merchants.demo", stdout=None)
    assert fingerprint() == before

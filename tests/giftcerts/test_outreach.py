"""Alley Economy 119 Project: the outreach list, its export, and visit logging."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from giftcerts import services
from giftcerts.markets import markets_load_standard_csv
from giftcerts.models import FranchiseApplication, OutreachVisit
from tests.conftest import DATA
from tests.factories import DistrictFactory, FranchiseFactory, StoreFactory
from tests.giftcerts.factories import ApplicationFactory
from tests.privacy_utils import export_with_reason


@pytest.fixture
def stores(seogu, yangdong, district, category, merchant_b):
    """One store per situation the list must handle."""
    today = timezone.localdate()
    make = lambda name, **kw: StoreFactory(local_government=seogu, dong=yangdong, name=name,  # noqa: E731
                                           **{"district": district, **kw})
    s = {
        "plain": make("가맹안한집", business_number=""),  # SEMAS-like: no number yet, still a candidate
        "market": make("시장상회", district=None, market_name="양동수산시장"),
        "expiring": make("곧만료집"),
        "lasting": make("오래가맹집"),
        "applied": make("신청한집", owner=merchant_b.merchant),
        "bar": make("유흥주점", industry=category("I21101", "일반 유흥 주점")),
        "closed": make("폐업한집", status="closed", closed_on=today),
        "outside": make("구역밖집", district=None),
        "other_gov_market": make("말바우상회", district=None, market_name="말바우시장"),
    }
    FranchiseFactory(store=s["expiring"], valid_from=today - datetime.timedelta(days=1000),
                     valid_until=today + datetime.timedelta(days=90))
    FranchiseFactory(store=s["lasting"], valid_from=today, valid_until=today + datetime.timedelta(days=1000))
    ApplicationFactory(store=s["applied"], status=FranchiseApplication.Status.SUBMITTED)
    markets_load_standard_csv(path=DATA / "gwangju-traditional-markets-standard.csv", local_government=seogu)
    return s


def names(response):
    return {row.store.name for row in response.context["page_obj"]}


def test_the_list_holds_eligible_stores_without_a_lasting_franchise(official_client, stores):
    response = official_client.get(reverse("giftcerts:outreach_list"))
    assert response.status_code == 200
    assert names(response) == {"가맹안한집", "시장상회", "곧만료집"}


def test_a_store_drops_off_the_list_once_it_applies(official_client, stores, merchant_a):
    store = stores["plain"]
    store.owner, store.business_number = merchant_a.merchant, "1208147521"
    store.save()
    assert "가맹안한집" in names(official_client.get(reverse("giftcerts:outreach_list")))
    application = services.application_start(store_id=store.pk, merchant=merchant_a)
    assert "가맹안한집" in names(official_client.get(reverse("giftcerts:outreach_list")))  # a draft is not applying
    FranchiseApplication.objects.filter(pk=application.pk).update(status=FranchiseApplication.Status.SUBMITTED)
    assert "가맹안한집" not in names(official_client.get(reverse("giftcerts:outreach_list")))


def test_filter_by_district_and_dong(official_client, stores, seogu):
    other = DistrictFactory(local_government=seogu, status="designated", name="다른 상점가")
    stores["plain"].district = other
    stores["plain"].save()
    by_district = official_client.get(reverse("giftcerts:outreach_list"), {"district": other.pk})
    assert names(by_district) == {"가맹안한집"}
    other_dong = seogu.dongs.get(name="화정1동")
    assert names(official_client.get(reverse("giftcerts:outreach_list"), {"dong": other_dong.pk})) == set()


def test_the_export_is_an_xlsx_with_korean_headers(official_client, stores):
    response = export_with_reason(official_client, reverse("giftcerts:outreach_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("번호", "점포", "지점명", "업종", "행정동")
    assert {row[1] for row in rows[1:]} == {"가맹안한집", "시장상회", "곧만료집"}


def test_an_official_logs_a_visit(official_client, stores, official):
    store = stores["plain"]
    url = reverse("giftcerts:outreach_visit", args=[store.pk])
    response = official_client.post(url, {"visited_on": timezone.localdate().isoformat(), "outcome": "will_apply",
                                          "reason": "", "note": "다음 주 신청 예정"})
    assert response["Location"] == reverse("giftcerts:outreach_list")
    visit = OutreachVisit.objects.get()
    assert (visit.store, visit.outcome, visit.visited_by) == (store, "will_apply", official)
    listing = official_client.get(reverse("giftcerts:outreach_list"))
    row = next(r for r in listing.context["page_obj"] if r.store == store)
    assert row.last_visit == visit and "신청 예정" in listing.content.decode()


def test_a_refusal_needs_its_reason_and_keeps_the_input(official_client, stores):
    url = reverse("giftcerts:outreach_visit", args=[stores["plain"].pk])
    response = official_client.post(url, {"visited_on": timezone.localdate().isoformat(), "outcome": "refused",
                                          "reason": "", "note": "사장님 부재"})
    html = response.content.decode()
    assert "상인이 거절한 이유를 적어 주세요" in html and "사장님 부재" in html
    assert not OutreachVisit.objects.exists()


def test_a_visit_in_the_future_is_refused(official_client, stores):
    url = reverse("giftcerts:outreach_visit", args=[stores["plain"].pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = official_client.post(url, {"visited_on": tomorrow.isoformat(), "outcome": "joined"})
    assert "방문일은 오늘 이후일 수 없습니다" in response.content.decode()


def test_a_store_found_closed_leaves_the_list(official_client, stores, official):
    services.outreach_visit_log(store_id=stores["plain"].pk, official=official, visited_on=timezone.localdate(),
                                outcome="closed")
    assert "가맹안한집" not in names(official_client.get(reverse("giftcerts:outreach_list")))


def test_other_personas_are_kept_out(other_official_client, merchant_a_client, client, stores):
    assert names(other_official_client.get(reverse("giftcerts:outreach_list"))) == set()
    url = reverse("giftcerts:outreach_visit", args=[stores["plain"].pk])
    assert other_official_client.get(url).status_code == 404
    assert merchant_a_client.get(reverse("giftcerts:outreach_list")).status_code == 403
    assert client.get(reverse("giftcerts:outreach_export")).status_code == 302


def test_the_outreach_list_runs_a_fixed_number_of_queries(official_client, stores, seogu, yangdong, district,
                                                         django_assert_max_num_queries):
    with django_assert_max_num_queries(20) as small:
        official_client.get(reverse("giftcerts:outreach_list"))
    for i in range(25):
        StoreFactory(local_government=seogu, dong=yangdong, district=district, name=f"추가{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = official_client.get(reverse("giftcerts:outreach_list"))
    assert response.context["total"] == 28
    html = response.content.decode()
    assert all(f"추가{i}" in html for i in range(25))  # the rows are shown, not just counted


def test_the_export_keeps_a_formula_like_store_name_as_text(official_client, stores):
    stores["plain"].name = "=1+1"
    stores["plain"].save()
    response = export_with_reason(official_client, reverse("giftcerts:outreach_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(cell for cell in sheet["B"][1:] if cell.value == "=1+1")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert [c.quotePrefix for c in sheet["B"][1:] if c.value != "=1+1"] == [False, False]

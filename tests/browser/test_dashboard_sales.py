"""Monthly sales in a real browser: a merchant reports and corrects a month; an official imports a CSV."""

import pytest
from playwright.sync_api import expect

from core.months import add_months, current_month, month_key
from sales.models import SalesReport
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_merchant_reports_and_corrects_a_month(page, live_server, seogu, merchant_a):
    store = StoreFactory(local_government=seogu, name="최가네 분식", owner=merchant_a.merchant)
    month = month_key(add_months(current_month(), -1))
    login_as(page, live_server, merchant_a)
    page.get_by_role("link", name="월 매출 보고").first.click()
    page.wait_for_url(f"{live_server.url}/sales/")
    axe_check(page, context="merchant's monthly sales")
    page.get_by_role("link", name="매출 보고하기").click()
    page.get_by_label("총매출(원)").wait_for()
    assert page.get_by_label("월").input_value() == month

    # A mistake first: Onnuri takings above the total. The form explains and keeps the input.
    page.get_by_label("총매출(원)").fill("30,000,000")
    page.get_by_label("온누리상품권 매출(원)").fill("40000000")
    page.get_by_label("거래 건수").fill("1200")
    page.get_by_role("button", name="저장").click()
    expect(page.locator("#group-id_onnuri_won")).to_contain_text("총매출(30,000,000원)보다 클 수 없습니다")
    assert page.get_by_label("총매출(원)").input_value() == "30,000,000"
    axe_check(page, context="sales form with errors")
    screenshot(page, "sales-report-errors")

    page.get_by_label("온누리상품권 매출(원)").fill("3,000,000")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".app-messages")).to_contain_text("매출을 저장했습니다")
    assert "30,000,000원" in page.locator("table").first.inner_text()

    # Correct the month: the form shows the saved figures and records the change.
    page.get_by_role("link", name="고치기").first.click()
    expect(page.locator("#current-figures")).to_be_visible()
    page.get_by_label("총매출(원)").fill("32000000")
    page.get_by_label("정정 사유").fill("누락 영수증 반영")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".app-messages")).to_contain_text("매출을 저장했습니다")  # back on the list
    assert SalesReport.objects.get(store=store).total_won == 32_000_000
    screenshot(page, "sales-my-sales")
    assert page.js_errors == []


def test_official_imports_a_sales_file_and_gets_the_rejected_rows(page, live_server, seogu, official, tmp_path):
    StoreFactory(local_government=seogu, external_id="MA0001")
    StoreFactory(local_government=seogu, external_id="MA0002")
    path = tmp_path / "sales.csv"
    path.write_text("상가업소번호,월,매출액,온누리매출,거래건수\nMA0001,2025-03,30000000,3000000,1200\n"
                    "MA0404,2025-03,1000,0,1\nMA0002,2025-03,500,900,1\n", encoding="cp949")
    login_as(page, live_server, official)
    page.get_by_role("link", name="매출 일괄 등록").first.click()
    page.get_by_label("매출 파일(CSV)").wait_for(state="attached")
    axe_check(page, context="sales import")
    page.get_by_label("매출 파일(CSV)").set_input_files(str(path))
    page.get_by_role("button", name="가져오기").click()
    page.wait_for_function("document.getElementById('import-status').innerText === '완료'")
    assert page.locator("#sum-created").inner_text() == "1"
    assert page.locator("#sum-rejected").inner_text() == "2"
    with page.expect_download() as download:
        page.get_by_role("link", name="제외된 줄 내려받기(CSV)").click()
    rejected = download.value.path().read_bytes().decode("utf-8-sig")
    assert "3,광주광역시 서구에 상가업소번호 MA0404인 점포가 없습니다." in rejected
    assert "4," in rejected and "총매출(500원)보다 클 수 없습니다" in rejected
    axe_check(page, context="sales import result")
    screenshot(page, "sales-import-result")
    assert page.js_errors == []


def test_official_cancels_a_waiting_sales_import(page, live_server, seogu, official):
    from sales.models import SalesImport

    job = SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename="sales.csv",
                                     content="상가업소번호,월,매출액\n".encode())  # queued, no task sent
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/sales/import/{job.pk}/")
    page.get_by_role("link", name="가져오기 취소").click()
    page.get_by_role("heading", level=1).filter(has_text="가져오기 취소").wait_for()
    axe_check(page, context="sales import cancel confirmation")
    page.get_by_label("사유").fill("다른 달 파일")
    page.get_by_role("button", name="가져오기 취소").click()
    page.get_by_text("가져오기가 취소되었습니다.").wait_for()
    assert "다른 달 파일" in page.locator("#import-history").inner_text()
    assert page.get_by_role("link", name="파일 다시 가져오기").is_visible()
    axe_check(page, context="cancelled sales import")
    job.refresh_from_db()
    assert job.status == SalesImport.Status.CANCELLED
    assert page.js_errors == []

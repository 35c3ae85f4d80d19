"""In a browser: the privacy policy, finding a ticket by its code, the merge confirmation, an export's reason
form and the administrators' access-log review. axe on every page."""

import pytest

from hotline.models import Ticket
from privacy.models import AccessLog
from tests.browser.conftest import axe_check, login_as, open_page
from tests.hotline.conftest import file_ticket, hotline_categories  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_policy_search_merge_and_export_reason(page, live_server, seogu, official, hotline_categories):  # noqa: F811
    primary = file_ticket(seogu, description="양동시장 입구 불법 주차")
    duplicate = file_ticket(seogu, description="시장 입구에 차가 막고 있어요 010-1234-5678")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="개인정보 처리방침").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "개인정보 처리방침"
    axe_check(page, context="privacy policy")

    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/hotline/")
    page.get_by_label("신고 찾기").fill(duplicate.tracking_code_display.lower())
    page.locator("form.hl-filter button[type=submit]").click()
    page.wait_for_url("**/hotline/?q=*")
    page.get_by_role("link", name=f"#{duplicate.pk}", exact=True).click()
    page.wait_for_url(f"**/hotline/tickets/{duplicate.pk}/")
    assert duplicate.tracking_code_display in page.content()
    axe_check(page, context="ticket page with its code")

    page.get_by_label("원 신고 번호").fill(str(primary.pk))
    page.locator("form[action$='/merge/'] button[type=submit]").click()
    page.wait_for_url(f"**/hotline/tickets/{duplicate.pk}/merge/")
    assert "양동시장 입구 불법 주차" in page.content() and "시장 입구에 차가 막고 있어요" in page.content()
    axe_check(page, context="merge confirmation")
    assert Ticket.objects.get(pk=duplicate.pk).status == Ticket.Status.RECEIVED
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/hotline/tickets/{duplicate.pk}/")
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == primary.pk

    page.goto(f"{live_server.url}/stores/export.xlsx")
    axe_check(page, context="export reason form")
    page.get_by_label("개인정보를 내려받는 사유").fill("11월 점포 현황 보고")
    with page.expect_download() as download:
        page.get_by_role("button", name="파일 내려받기").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert AccessLog.objects.filter(action="export", reason="11월 점포 현황 보고").count() == 1


def test_the_access_log_review(browser, live_server, admin_user, official):
    from privacy.services import record_access

    record_access(user=official, action="export", record_type="merchants.store", reason="점검")
    page = open_page(browser)
    try:
        login_as(page, live_server, admin_user)
        page.goto(f"{live_server.url}/privacy/access-log/")
        assert "official_seogu" in page.content()
        axe_check(page, context="access log review")
    finally:
        page.context.close()


def test_the_access_log_review_shows_cards_on_a_phone(browser, live_server, admin_user, official):
    """At 390 px both tables of the review become stacked cards like the other official lists: each row
    is read whole without sideways scrolling, every value named by its column."""
    from privacy.services import record_access
    from tests.browser.test_layout_phone import assert_fits, assert_row_shown_whole

    record_access(user=official, action="export", record_type="merchants.store", record_id=12345,
                  label="양동시장 골목 국밥집 " * 4, detail="filters: status=open, dong=양동",
                  reason="11월 점포 현황 보고를 위해 영업 중인 점포 목록을 내려받음")
    page = open_page(browser, phone=True)
    try:
        login_as(page, live_server, admin_user)
        page.goto(f"{live_server.url}/privacy/access-log/")
        assert_fits(page, "/privacy/access-log/")
        for caption in ("privacy-review-caption-1", "privacy-review-caption-2"):
            region = page.locator(f".app-table-cards[aria-labelledby='{caption}']")
            row = region.locator("tbody tr").first
            assert row.evaluate("tr => getComputedStyle(tr).display") == "flex", f"{caption}: not a card"
            assert_row_shown_whole(page, row, row.locator("th[scope=row]"), f"/privacy/access-log/ {caption}")
            unlabelled = row.evaluate("r => [...r.querySelectorAll(':scope > td')]"
                                      ".filter(td => td.textContent.trim() && !td.dataset.label).length")
            assert unlabelled == 0, f"{caption}: cells without their column's name"
        records = page.locator(".app-table-cards[aria-labelledby='privacy-review-caption-2'] tbody tr").first
        assert "official_seogu" in records.inner_text() and "11월 점포 현황 보고" in records.inner_text()
        axe_check(page, context="access log review (phone)")
    finally:
        page.context.close()

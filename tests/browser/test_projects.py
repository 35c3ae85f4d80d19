"""Special projects in a browser: an official creates a project with funding lines, adds and completes a
milestone and sees the progress; the list filters and exports. axe on every page, screenshots on a
desktop and a 390 px phone."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from projects.models import FundingLine, SpecialProject
from tests.browser.conftest import axe_check, login_as, open_page, screenshot
from tests.projects.conftest import designated, make_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_official_creates_a_project_and_completes_a_milestone(page, browser, live_server, seogu, official):
    yangdong = designated(seogu, "양동 골목형상점가", dong=seogu.dongs.get(name="양동"))
    designated(seogu, "농성 골목형상점가")
    login_as(page, live_server, official)
    page.get_by_role("link", name="특화사업", exact=True).first.click()
    page.get_by_role("link", name="새 사업 등록").click()
    axe_check(page, context="new project form")
    page.get_by_label("사업명").fill("양동 골목 야시장")
    page.get_by_label("유형").select_option(label="마케팅·축제/행사")
    page.get_by_label("골목형상점가").select_option(label="양동 골목형상점가")
    page.get_by_label("계획 시작일").fill("2026-04-01")
    page.get_by_label("계획 종료일").fill("2026-10-31")
    page.get_by_label("시비 계획(원)").fill("30,000,000")
    page.get_by_label("구비 계획(원)").fill("20000000")
    page.get_by_label("구비 집행(원)").fill("5,000,000")
    page.get_by_role("button", name="저장").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("양동 골목 야시장")
    project = SpecialProject.objects.get()
    assert list(project.districts.all()) == [yangdong]
    assert dict(FundingLine.objects.filter(project=project).values_list("source", "planned_won")) == {
        "city": 30_000_000, "district": 20_000_000}
    expect(page.get_by_test_id("project-funding")).to_contain_text("50,000,000원")
    expect(page.get_by_test_id("project-progress")).to_contain_text("추진 단계 없음")

    for title, due in (("참여 점포 모집", "2026-05-01"), ("야시장 운영", "2026-09-30")):
        page.get_by_label("추진 단계").fill(title)
        page.get_by_label("기한").fill(due)
        page.get_by_role("button", name="단계 추가").click()
        expect(page.get_by_test_id("milestones")).to_contain_text(title)
    page.get_by_role("button", name="“참여 점포 모집” 완료 처리").click()
    expect(page.get_by_test_id("project-progress")).to_contain_text("50% 완료")
    assert page.get_by_test_id("project-progress").locator("progress").get_attribute("value") == "50"
    expect(page.get_by_test_id("project-timeline")).to_contain_text("단계 완료: 참여 점포 모집")
    axe_check(page, context="project detail")
    screenshot(page, "projects-detail-desktop")

    phone = open_page(browser, phone=True)
    try:
        login_as(phone, live_server, official)
        phone.goto(f"{live_server.url}/projects/{project.pk}/")
        expect(phone.get_by_test_id("project-progress")).to_contain_text("50% 완료")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        axe_check(phone, context="project detail on a phone")
        screenshot(phone, "projects-detail-phone")
    finally:
        phone.context.close()


def test_the_list_filters_and_exports(page, browser, live_server, seogu, official):
    a = designated(seogu, "양동 골목형상점가", dong=seogu.dongs.get(name="양동"))
    b = designated(seogu, "농성 골목형상점가", dong=seogu.dongs.get(name="농성1동"))
    make_project(official, [a], title="양동 아케이드 보수", start=datetime.date(2025, 3, 1),
                 end=datetime.date(2025, 8, 1))
    make_project(official, [b], title="농성 가을 축제", type="marketing", start=datetime.date(2026, 9, 1),
                 end=datetime.date(2026, 10, 31), funding={"city": (12_000_000, 3_000_000)})
    make_project(official, [a, b], title="@SUM(1+1) 공동 홍보", type="marketing", start=datetime.date(2026, 5, 1),
                 end=datetime.date(2026, 6, 30), funding={"self": (7_000_000, 7_000_000)})
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/projects/")
    expect(page.get_by_role("link", name="양동 아케이드 보수")).to_be_visible()
    axe_check(page, context="project list")
    screenshot(page, "projects-list-desktop")

    page.get_by_label("유형", exact=True).select_option(label="마케팅·축제/행사")
    page.get_by_label("행정동", exact=True).select_option(label="농성1동")
    page.locator("form.pj-filter button[type=submit]").click()
    expect(page.get_by_role("link", name="양동 아케이드 보수")).to_have_count(0)
    expect(page.get_by_role("link", name="농성 가을 축제")).to_be_visible()
    expect(page.get_by_role("link", name="@SUM(1+1) 공동 홍보")).to_be_visible()
    expect(page.get_by_test_id("budget-planned-total")).to_have_text("19,000,000")
    axe_check(page, context="filtered project list")

    with page.expect_download() as download:
        page.get_by_test_id("project-export").click()
    assert download.value.suggested_filename.startswith("special-projects-29140-")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"농성 가을 축제", "@SUM(1+1) 공동 홍보"}
    assert rows["농성 가을 축제"]["시비 계획(원)"] == 12_000_000
    assert rows["@SUM(1+1) 공동 홍보"]["자부담 집행(원)"] == 7_000_000
    formula_like = next(c for c in sheet["B"] if c.value == "@SUM(1+1) 공동 홍보")
    assert formula_like.data_type == "s" and formula_like.quotePrefix

    phone = open_page(browser, phone=True)
    try:
        login_as(phone, live_server, official)
        phone.goto(f"{live_server.url}/projects/?type=marketing")
        expect(phone.get_by_role("link", name="농성 가을 축제")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        axe_check(phone, context="project list on a phone")
        screenshot(phone, "projects-list-phone")
    finally:
        phone.context.close()

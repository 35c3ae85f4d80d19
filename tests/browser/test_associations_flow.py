"""Merchant associations in a browser: an official registers an association and records a meeting with its
minutes; an officer proposes a new member and the official approves it. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from associations.models import Meeting, Membership, MerchantAssociation
from tests.associations.conftest import PDF_BYTES, build_world
from tests.browser.conftest import axe_check, login_as, open_page, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_world(transactional_db):
    return build_world()


@pytest.fixture
def minutes_file(tmp_path):
    path = tmp_path / "정기총회_회의록.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def test_official_registers_an_association_and_records_a_meeting(page, live_server, fresh_world, minutes_file,
                                                                  settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    w = fresh_world
    login_as(page, live_server, w.official)
    page.goto(f"{live_server.url}/associations/")
    expect(page.get_by_role("link", name="양동먹자골목상인회")).to_be_visible()
    axe_check(page, context="association list")
    screenshot(page, "associations-list")
    page.get_by_role("link", name="상인회 등록").click()
    page.get_by_label("명칭").fill("멀리골목상인회")
    page.get_by_label("골목형상점가").select_option(label=f"{w.far.name} ({w.far.code})")
    page.get_by_label("고유번호").fill("120-81-47521")
    page.get_by_label("설립일").fill("2021-04-01")
    page.get_by_label("전화번호").fill("062-123-4567")
    axe_check(page, context="association form")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("멀리골목상인회")
    association = MerchantAssociation.objects.get(name="멀리골목상인회")
    assert association.registration_number == "1208147521"

    page.locator("summary", has_text="회의 기록").click()
    page.get_by_label("회의일").fill("2026-11-20")
    page.get_by_label("참석").fill("14")
    page.get_by_label("안건").fill("골목 축제 결산과 내년 사업 계획")
    page.get_by_label("회의록(PDF, HWP 또는 이미지)").set_input_files(str(minutes_file))
    page.get_by_role("button", name="회의 기록", exact=True).click()
    expect(page.get_by_role("link", name=re.compile("회의록"))).to_be_visible()
    meeting = Meeting.objects.get(association=association)
    assert (meeting.attendance, meeting.minutes_content_type) == (14, "application/pdf")
    axe_check(page, context="association detail")
    screenshot(page, "associations-detail")


def test_officer_proposes_a_member_and_the_official_approves(browser, page, live_server, fresh_world):
    w = fresh_world
    store = w.stores[2]
    officer_page = open_page(browser, phone=True)
    try:
        login_as(officer_page, live_server, w.officer)
        officer_page.goto(f"{live_server.url}/associations/mine/")
        expect(officer_page.get_by_role("heading", level=1)).to_contain_text("양동먹자골목상인회")
        assert officer_page.evaluate("document.documentElement.scrollWidth") <= 390
        axe_check(officer_page, context="officer page (phone)")
        officer_page.locator("summary", has_text="점포 가입").click()
        officer_page.locator("#id_member_add-store").select_option(str(store.pk))
        officer_page.locator("#id_member_add-note").fill("가입 신청서 접수")
        officer_page.get_by_role("button", name="신규 회원 제안").click()
        row = officer_page.get_by_test_id("proposal-row").first
        expect(row).to_contain_text("검토 대기")
        assert not Membership.objects.filter(store=store).exists()
        screenshot(officer_page, "associations-officer-phone")

        login_as(page, live_server, w.official)
        page.goto(f"{live_server.url}/associations/proposals/")
        page.get_by_role("link", name=re.compile(store.name)).click()
        axe_check(page, context="proposal detail")
        page.get_by_role("button", name="승인하고 반영").click()
        expect(page.get_by_text("제안을 승인하여 반영했습니다.")).to_be_visible()
        assert Membership.objects.get(store=store).association == w.association

        officer_page.reload()
        expect(officer_page.get_by_test_id("proposal-row").first).to_contain_text("승인")
    finally:
        officer_page.context.close()

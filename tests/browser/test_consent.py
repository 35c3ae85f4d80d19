"""An official records merchants' consent for a district, by ticking stores and by keyboard alone, and the
district's designation criteria follow the records (axe on every page)."""

import pytest
from playwright.sync_api import expect

from consent.models import ConsentRecord
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  // A date input's focus shows on the segment (year, month, day) Chromium highlights inside it.
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 60),
          visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
                   || el.type === 'date'};
}"""


def tab_until(page, matches, *, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies `matches`; every stop on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        assert info is not None and info["visible"], f"focus lost or invisible: {info}"
        if matches(info):
            return info
    pytest.fail(f"never reached the element after {limit} tab stops")


def by_id(element_id):
    return lambda info: info["id"] == element_id


@pytest.fixture
def district(official, seogu):
    """15 open stores in 1,600 m² (15 needed); typed counts 70 of 100, so every criterion passes."""
    scatter_stores(seogu, square_in_chipyeong(20), 15, seed=31)
    return make_district(official, square_in_chipyeong(20), name="치평 동의 골목")


def consent_row(page):
    return page.locator('#criteria-result tr[data-criterion="consent"]')


def test_official_ticks_stores_and_sees_the_criteria_follow_the_records(page, live_server, official, district):
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/districts/{district.pk}/")
    expect(consent_row(page)).to_have_attribute("data-passed", "true")
    expect(consent_row(page)).to_contain_text("입력값(기존)")
    section = page.locator("#consent-status")
    expect(section).to_contain_text("아직 동의 기록이 없습니다")

    section.get_by_role("link", name="여러 점포 한꺼번에 기록").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("상인 동의")
    axe_check(page, context="consent bulk page")
    rows = page.locator("#consent-bulk-table tbody tr")
    expect(rows).to_have_count(15)
    for index in range(7):  # typing a signer ticks the row
        rows.nth(index).locator("input[type=text]").fill(f"김상인{index}")
    assert page.locator("#consent-bulk-table input[type=checkbox]:checked").count() == 7
    page.get_by_role("button", name="선택한 점포의 동의 기록").click()
    expect(page.locator(".app-messages")).to_contain_text("점포 7곳의 동의를 기록했습니다")
    expect(page.locator("#consent-figure")).to_contain_text("상인 15명 중 7명 동의")

    page.get_by_role("link", name="골목형상점가로 돌아가기").click()
    expect(consent_row(page)).to_have_attribute("data-passed", "false")  # 7 of 15: 8 needed
    expect(consent_row(page)).to_contain_text("동의 기록 7건")
    expect(page.locator("#consent-records tbody tr")).to_have_count(7)
    axe_check(page, context="district page with consent records")
    screenshot(page, "consent-district-section")
    assert ConsentRecord.objects.filter(district=district, status="current").count() == 7


def test_keyboard_only_entry_of_one_consent(page, live_server, official, district):
    stores = list(district.local_government.stores.order_by("name"))
    for store in stores[:7]:
        ConsentRecord.objects.create(local_government=district.local_government, district=district, store=store,
                                     signer_name="김상인", signed_on="2026-03-02")
    target = stores[10]
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/consent/districts/{district.pk}/record/")
    axe_check(page, context="record one consent")
    tab_until(page, by_id("store-filter"))
    page.keyboard.type(target.name)
    expect(page.locator("#store-filter-status")).to_contain_text("점포 8곳 중 1곳 표시")
    page.keyboard.press("Enter")  # moves to the store list, the one match chosen
    assert page.evaluate("document.activeElement.id") == "id_store"
    assert page.locator("#id_store").input_value() == str(target.pk)
    tab_until(page, by_id("id_signer_name"))
    page.keyboard.type("박대표")
    tab_until(page, by_id("id_signer_role"))
    page.keyboard.press("ArrowDown")  # owner -> store manager
    tab_until(page, by_id("id_method"))
    page.keyboard.press("ArrowDown")  # signed form -> in person
    tab_until(page, lambda info: info["tag"] == "button" and "동의 기록" in info["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".app-messages")).to_contain_text("동의를 기록했습니다")
    expect(consent_row(page)).to_have_attribute("data-passed", "true")  # 8 of 15
    axe_check(page, context="district page after a keyboard entry")
    created = ConsentRecord.objects.get(store=target)
    assert (created.signer_name, created.signer_role, created.method) == ("박대표", "manager", "in_person")

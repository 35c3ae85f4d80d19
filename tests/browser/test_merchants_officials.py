"""An official imports the real 양동 file in the browser, follows its progress and works with the stores."""

import threading

import pytest
from playwright.sync_api import expect

from merchants.models import Store, StoreImport
from tests.browser.conftest import axe_check, login_as, screenshot
from tests.conftest import YANGDONG_STORES

pytestmark = pytest.mark.django_db(transaction=True)


def test_official_uploads_the_yangdong_file_and_sees_the_summary(page, live_server, official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login_as(page, live_server, official)
    page.get_by_role("link", name="점포").first.click()
    expect(page.get_by_role("heading", level=1, name="점포")).to_be_visible()
    axe_check(page, context="store list (empty)")

    page.get_by_role("link", name="점포 파일 가져오기").click()
    page.get_by_label("점포 파일(CSV)").wait_for(state="attached")
    axe_check(page, context="import page")
    screenshot(page, "merchants-import-form")
    page.get_by_label("점포 파일(CSV)").set_input_files(str(YANGDONG_STORES))
    page.get_by_role("button", name="올리고 가져오기").click()
    page.get_by_role("heading", name="결과 요약").wait_for()
    summary = page.locator("#import-summary").inner_text()
    assert "422" in summary and "새로 등록" in summary and "행정동 없음" in summary
    assert "UTF-8" in page.locator("main").inner_text()
    axe_check(page, context="import summary")
    screenshot(page, "merchants-import-summary")

    page.get_by_role("link", name="검토할 점포 보기").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    assert {"커피스토리", "보물섬회직판장"} == {rows.nth(i).locator("th a").inner_text() for i in range(2)}
    axe_check(page, context="stores needing review")

    page.get_by_role("link", name="커피스토리").click()
    page.locator("#store-map .leaflet-overlay-pane path").first.wait_for(state="attached")
    assert "검토 필요" in page.locator("main").inner_text()
    assert page.locator("#store-map .leaflet-overlay-pane path").count() >= 1  # the point, drawn with tiles blocked
    axe_check(page, context="store detail")
    screenshot(page, "merchants-store-detail")

    page.get_by_role("link", name="정보 수정").click()
    page.get_by_label("변경 사유").wait_for()
    page.get_by_label("행정동").select_option(label="양동")
    page.locator("label[for=id_needs_review]").click()  # KRDS draws the box on the label
    assert not page.locator("#id_needs_review").is_checked()
    page.get_by_label("변경 사유").fill("현장 확인: 양동시장 안")
    axe_check(page, context="store edit form")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".app-messages")).to_contain_text("저장했습니다")
    store = Store.objects.get(name="커피스토리")
    assert store.dong.name == "양동" and not store.needs_review

    page.get_by_role("link", name="폐업 처리").click()
    page.get_by_label("사유").wait_for()
    axe_check(page, context="close form")
    page.get_by_label("사유").fill("폐업 신고 확인")
    page.get_by_role("button", name="폐업 처리").click()
    expect(page.locator(".app-messages")).to_contain_text("폐업으로 기록했습니다")
    assert page.locator("table").first.is_visible()
    axe_check(page, context="store detail after closing")
    assert page.js_errors == []


def test_the_import_page_follows_the_progress_of_a_running_job(page, live_server, official, settings, tmp_path):
    """The page polls the JSON status and shows the summary when the background job ends."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = StoreImport(local_government=official.local_government, uploaded_by=official,
                      original_name=YANGDONG_STORES.name, bytes_total=YANGDONG_STORES.stat().st_size)
    job.file.save("yangdong.csv", SimpleUploadedFile("y.csv", YANGDONG_STORES.read_bytes()), save=False)
    job.save()  # queued, no task sent: the test plays the worker
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/stores/imports/{job.pk}/")
    assert page.locator("progress#import-progress").is_visible()
    assert "대기 중" in page.locator("#import-status-label").inner_text()
    axe_check(page, context="import progress")
    screenshot(page, "merchants-import-progress")

    from merchants.services import store_import_run

    worker = threading.Thread(target=store_import_run, kwargs={"import_id": job.pk})
    worker.start()
    worker.join()
    page.get_by_role("heading", name="결과 요약").wait_for(timeout=15_000)
    assert "422" in page.locator("#import-summary").inner_text()
    assert page.js_errors == []


def test_official_cancels_a_waiting_import_and_starts_it_again(page, live_server, official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = StoreImport(local_government=official.local_government, uploaded_by=official,
                      original_name=YANGDONG_STORES.name, bytes_total=YANGDONG_STORES.stat().st_size)
    job.file.save("yangdong.csv", SimpleUploadedFile("y.csv", YANGDONG_STORES.read_bytes()), save=False)
    job.save()  # queued, no task sent
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/stores/imports/{job.pk}/")
    page.get_by_role("link", name="가져오기 취소").click()
    page.get_by_role("heading", level=1, name="가져오기 취소").wait_for()
    page.get_by_role("button", name="가져오기 취소").click()  # no reason: refused, nothing changes
    assert page.get_by_text("필수 항목입니다").first.is_visible()
    axe_check(page, context="import cancel confirmation (with an error)")
    page.get_by_label("사유").fill("파일을 잘못 올림")
    page.get_by_role("button", name="가져오기 취소").click()
    page.get_by_text("가져오기가 취소되었습니다.").wait_for()
    assert "파일을 잘못 올림" in page.locator("#import-history").inner_text()
    axe_check(page, context="cancelled import")
    page.get_by_role("link", name="파일 다시 가져오기").click()
    page.get_by_label("사유").fill("올바른 파일 확인")
    page.get_by_role("button", name="파일 다시 가져오기").click()  # eager without a broker: runs at once
    page.get_by_role("heading", name="결과 요약").wait_for(timeout=30_000)
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 422)
    assert page.js_errors == []

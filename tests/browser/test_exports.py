"""In a browser: a big store export goes to the background; its page shows a progress bar that the
status JSON moves, then the download link. axe on every page."""

import pytest

from exports import services
from exports.models import ExportJob
from privacy.models import AccessLog
from tests.browser.conftest import axe_check, login_as
from tests.merchants.helpers import store_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_background_export_shows_progress_then_the_download(page, live_server, seogu, official, settings,
                                                              tmp_path, monkeypatch):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("core.outbox.publish_now", lambda message_id: False)  # no worker yet: the job waits
    for i in range(5):
        store_in(seogu, name=f"상회{i}")

    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/stores/export.xlsx")
    page.get_by_label("개인정보를 내려받는 사유").fill("12월 점포 현황 보고")
    page.get_by_role("button", name="파일 내려받기").click()
    page.wait_for_url("**/exports/*/")
    job = ExportJob.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == "내보내기"
    assert page.locator("#export-progress").get_attribute("value") == "0"
    assert page.get_by_role("link", name="진행 상황 다시 보기").is_visible()
    axe_check(page, context="export progress page")

    services.export_job_run(str(job.pk))  # the worker writes the file; the page notices by itself
    download_link = page.get_by_role("link", name="파일 내려받기")
    download_link.wait_for(timeout=15_000)
    assert "파일이 준비되었습니다" in page.content()
    axe_check(page, context="export ready page")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("stores-29140-")
    assert AccessLog.objects.filter(action="export", reason="12월 점포 현황 보고", detail="rows=5").count() == 1
    assert AccessLog.objects.filter(action="download", record_type="exports.exportjob").count() == 1

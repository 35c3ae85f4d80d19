"""Officials import monthly sales from CSV: good rows in, bad rows reported by line, repeats change nothing."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.months import add_months, current_month, month_key
from dashboard.models import MetricSnapshot
from merchants.models import Store
from sales.importer import import_sales
from sales.models import SalesImport, SalesReport, SalesRevision
from tests.factories import StoreFactory

D = datetime.date


@pytest.fixture
def stores(seogu, bukgu):
    return {
        "a": StoreFactory(local_government=seogu, external_id="MA0001", business_number="1208147521"),
        "b": StoreFactory(local_government=seogu, external_id="MA0002", business_number="1248100998"),
        "closed": StoreFactory(local_government=seogu, external_id="MA0003", status="closed",
                               closed_on=D(2025, 1, 20)),
        "twin1": StoreFactory(local_government=seogu, external_id="MA0004", business_number="5142154714"),
        "twin2": StoreFactory(local_government=seogu, external_id="MA0005", business_number="5142154714"),
        "bukgu": StoreFactory(local_government=bukgu, external_id="MA9999"),
    }


FUTURE = month_key(add_months(current_month(), 2))
GOOD_AND_BAD = f"""상가업소번호,사업자등록번호,월,매출액,온누리매출,거래건수
MA0001,,2025-03,"30,000,000",3000000,1200
,124-81-00998,2025-03,18500000,0,640
MA0001,,2025-02,28000000,0,1100
MA0404,,2025-03,1000,0,1
MA0002,,2025년3월,1000,0,1
MA0002,,2025-04,1000,2000,1
MA0002,,2025-05,-10,0,1
MA0002,,2025-06,만원,0,1
MA0002,,{FUTURE},1000,0,1
MA0001,,2025-03,31000000,0,1
,,2025-03,1000,0,1
,5142154714,2025-03,1000,0,1
,120-81-47520,2025-03,1000,0,1
MA0003,,2025-03,1000,0,1
MA9999,,2025-03,1000,0,1
MA0002,,2025-07,1000
MA0002,124-81-00998,2025-08,5000,0,3
MA0001,124-81-00998,2025-09,5000,0,3
"""
EXPECTED_REJECTED = {  # line number -> a piece of the Korean reason
    5: "상가업소번호 MA0404인 점포가 없습니다",
    6: "YYYY-MM 형식",
    7: "총매출(1,000원)보다 클 수 없습니다",
    8: "0보다 작을 수 없습니다",
    9: "숫자만 적어야 합니다",
    10: "아직 오지 않은 달",
    11: "2번째 줄과 같은 점포·같은 달",
    12: "상가업소번호나 사업자등록번호를 적어 주세요",
    13: "여러 곳입니다",
    14: "올바르지 않습니다",
    15: "폐업했으므로",
    16: "MA9999인 점포가 없습니다",  # a 북구 store: not this government's
    17: "열이 4개인데 머리글은 6개",
    19: "서로 다른 점포",
}


def test_good_rows_go_in_and_bad_rows_are_reported_by_line(seogu, stores):
    result = import_sales(local_government=seogu, content=GOOD_AND_BAD.encode("utf-8"))
    assert (result.total_rows, result.created, result.updated, result.unchanged) == (18, 4, 0, 0)
    assert {row.line: row.reason for row in result.rejected}.keys() == EXPECTED_REJECTED.keys()
    for row in result.rejected:
        assert EXPECTED_REJECTED[row.line] in row.reason, (row.line, row.reason)
    a_march = SalesReport.objects.get(store=stores["a"], month=D(2025, 3, 1))
    assert (a_march.total_won, a_march.onnuri_won, a_march.transactions, a_march.source) == (
        30_000_000, 3_000_000, 1200, "import")
    assert SalesReport.objects.get(store=stores["b"], month=D(2025, 3, 1)).total_won == 18_500_000
    assert SalesReport.objects.get(store=stores["b"], month=D(2025, 8, 1)).total_won == 5_000
    assert not SalesReport.objects.filter(store=stores["bukgu"]).exists()
    rows = list(csv.reader(io.StringIO(result.error_csv())))
    assert rows[0] == ["줄 번호", "사유", "상가업소번호", "사업자등록번호", "월", "매출액", "온누리매출", "거래건수"]
    assert rows[1][0] == "5" and rows[1][2] == "MA0404"


def test_a_second_import_changes_nothing(seogu, stores):
    import_sales(local_government=seogu, content=GOOD_AND_BAD.encode("utf-8"))
    before = list(SalesReport.objects.order_by("pk").values())
    again = import_sales(local_government=seogu, content=GOOD_AND_BAD.encode("utf-8"))
    assert (again.created, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 4, 14)
    assert list(SalesReport.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_month_and_records_the_correction(seogu, stores, official):
    import_sales(local_government=seogu, content=GOOD_AND_BAD.encode("utf-8"))
    changed = "상가업소번호,월,매출액\nMA0001,2025-03,33000000\n"
    result = import_sales(local_government=seogu, content=changed.encode("utf-8"), actor=official)
    assert (result.created, result.updated) == (0, 1)
    report = SalesReport.objects.get(store=stores["a"], month=D(2025, 3, 1))
    assert (report.total_won, report.onnuri_won, report.reported_by) == (33_000_000, 0, official)
    revision = SalesRevision.objects.get(report=report)
    assert revision.before["total_won"] == 30_000_000 and revision.after["total_won"] == 33_000_000


def test_cp949_and_utf8_with_bom_import_alike(seogu, stores):
    text = "상가업소번호,월,매출액,온누리매출\nMA0001,2025-03,1000,10\n"
    assert import_sales(local_government=seogu, content=text.encode("cp949")).created == 1
    assert import_sales(local_government=seogu, content=("\ufeff" + text).encode("utf-8")).unchanged == 1


def test_a_file_without_the_needed_columns_is_refused_as_a_whole(seogu, stores):
    from core.errors import DomainError

    with pytest.raises(DomainError, match="매출액"):
        import_sales(local_government=seogu, content="상가업소번호,월\nMA0001,2025-03\n".encode())
    assert not SalesReport.objects.exists()


def test_import_queues_aggregation_of_the_months(seogu, stores, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_sales(local_government=seogu, content=GOOD_AND_BAD.encode("utf-8"))
    # Eager in tests: March's snapshot has both imported March rows.
    march = MetricSnapshot.objects.get(local_government=seogu, month=D(2025, 3, 1), scope="government")
    assert march.total_sales_won == 30_000_000 + 18_500_000 and march.reporting_stores == 2
    assert MetricSnapshot.objects.filter(month=D(2026, 3, 1)).exists() == (D(2026, 3, 1) <= current_month())


def upload(client, text: str, name="sales.csv", encoding="utf-8"):
    return client.post(reverse("sales:import"), {"file": SimpleUploadedFile(name, text.encode(encoding))})


def test_official_uploads_in_the_browser_and_sees_the_summary(stores, official_client,
                                                              django_capture_on_commit_callbacks):
    assert official_client.get(reverse("sales:import")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(official_client, GOOD_AND_BAD)
    job = SalesImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sales:import_detail", args=[job.pk])
    assert (job.status, job.created_count, job.rejected_count, job.total_rows) == ("done", 4, 14, 18)
    page = official_client.get(response["Location"]).content.decode()
    assert "완료" in page and reverse("sales:import_errors", args=[job.pk]) in page
    status = official_client.get(reverse("sales:import_status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100 and status["rejected"] == 14
    errors = official_client.get(reverse("sales:import_errors", args=[job.pk]))
    assert errors.content.startswith("\ufeff".encode()) and errors["Content-Type"].startswith("text/csv")
    assert "MA0404" in errors.content.decode("utf-8-sig")


def test_uploading_the_same_file_twice_changes_nothing(stores, official_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, GOOD_AND_BAD)
        upload(official_client, GOOD_AND_BAD)
    second = SalesImport.objects.order_by("pk").last()
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 4)


def test_a_finished_job_is_not_run_again(stores, official_client, django_capture_on_commit_callbacks):
    from sales.importer import sales_import_run

    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, GOOD_AND_BAD)
    job = SalesImport.objects.get()
    finished_at = job.finished_at
    assert sales_import_run(sales_import_id=job.pk).finished_at == finished_at


@pytest.mark.parametrize(("name", "content", "message"), [
    ("sales.xlsx", "상가업소번호,월,매출액\n", "CSV 파일(.csv)을 올려 주세요"),
    ("sales.csv", "", "파일이 비어있습니다"),
])
def test_a_wrong_file_is_refused_with_a_korean_message(stores, official_client, name, content, message):
    response = upload(official_client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SalesImport.objects.exists()


def test_a_file_without_a_header_fails_the_job_with_the_reason(stores, official_client,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, "MA0001,2025-03,1000\n")
    job = SalesImport.objects.get()
    assert job.status == "failed" and "제목 행" in job.message
    assert "제목 행" in official_client.get(reverse("sales:import_detail", args=[job.pk])).content.decode()


def test_import_pages_per_persona(stores, official_client, other_official_client, merchant_a_client, client,
                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, GOOD_AND_BAD)
    job = SalesImport.objects.get()
    urls = [reverse("sales:import_detail", args=[job.pk]), reverse("sales:import_status", args=[job.pk]),
            reverse("sales:import_errors", args=[job.pk])]
    for url in urls:
        assert other_official_client.get(url).status_code == 404
        assert merchant_a_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    assert merchant_a_client.get(reverse("sales:import")).status_code == 403
    assert upload(merchant_a_client, GOOD_AND_BAD).status_code == 403
    # 북구's official importing the same file imports nothing of 서구's.
    with django_capture_on_commit_callbacks(execute=True):
        upload(other_official_client, GOOD_AND_BAD)
    bukgu_job = SalesImport.objects.exclude(pk=job.pk).get()
    # Only MA9999, 북구's own store, is found; every 서구 store is unknown to 북구.
    assert bukgu_job.local_government.code == "29170"
    assert (bukgu_job.created_count, bukgu_job.rejected_count) == (1, 17)
    assert SalesReport.objects.filter(store__local_government__code="29170").count() == 1


def test_the_example_file_is_a_bom_csv_with_the_header(official_client):
    body = official_client.get(reverse("sales:import_template")).content
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").splitlines()[0] == "상가업소번호,사업자등록번호,월,매출액,온누리매출,거래건수"


def test_import_sales_command(seogu, stores, tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_text(GOOD_AND_BAD, encoding="cp949")
    call_command("import_sales", str(path), "--local-government", "29140")
    out = capsys.readouterr().out
    assert "created" in out and "rejected" in out and "line 5:" in out
    rejected = (tmp_path / "sales.csv.rejected.csv").read_bytes()
    assert rejected.startswith("\ufeff".encode()) and "줄 번호" in rejected.decode("utf-8-sig")
    assert SalesReport.objects.count() == 4
    call_command("import_sales", str(path), "--local-government", "29140")
    assert "unchanged           4" in capsys.readouterr().out
    assert SalesReport.objects.count() == 4


def test_import_sales_command_dry_run_writes_nothing(seogu, stores, tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    call_command("import_sales", str(path), "--dry-run")
    assert "(dry run)" in capsys.readouterr().out
    assert not SalesReport.objects.exists()
    assert Store.objects.count() == 6


def test_rejected_rows_csv_keeps_formula_like_cells_as_text(stores, official_client,
                                                             django_capture_on_commit_callbacks):
    """A rejected row is written back as it came: a cell like =HYPERLINK(...) must not become a live formula."""
    text = ("상가업소번호,사업자등록번호,월,매출액,온누리매출,거래건수\n"
            '"=HYPERLINK(""http://evil.example"",""클릭"")",,2025-03,1000,0,1\n'
            "@SUM(A1),,2025-03,1000,0,1\n")
    with django_capture_on_commit_callbacks(execute=True):
        upload(official_client, text)
    job = SalesImport.objects.get()
    errors = official_client.get(reverse("sales:import_errors", args=[job.pk]))
    assert errors["Content-Disposition"] == f'attachment; filename="sales-import-{job.pk}-rejected.csv"'
    rows = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ['\'=HYPERLINK("http://evil.example","클릭")', "'@SUM(A1)"]
    assert [row[0] for row in rows[1:]] == ["2", "3"]  # line numbers stay plain numbers


def test_a_row_with_a_nul_or_an_over_long_line_is_rejected_by_line_and_the_rest_imports(seogu, stores):
    from merchants.importers.reading import MAX_LINE_BYTES

    content = ("상가업소번호,월,매출액\nMA0001,2025-03,1000\nMA0002,2025-03,20\x0000\n".encode()
               + b"," * (MAX_LINE_BYTES + 10) + b"\n" + b"MA0002,2025-04,3000\n")
    result = import_sales(local_government=seogu, content=content)
    assert (result.total_rows, result.created) == (4, 2)
    reasons = {row.line: row.reason for row in result.rejected}
    assert sorted(reasons) == [3, 4]
    assert "제어 문자" in reasons[3] and "바이트" in reasons[4] and "4번째 줄" in reasons[4]
    assert SalesReport.objects.filter(store=stores["b"], month=D(2025, 4, 1), total_won=3000).exists()


def test_a_sales_job_whose_worker_died_is_queued_again_and_run_once(seogu, stores, official,
                                                                    django_capture_on_commit_callbacks):
    from django.utils import timezone

    from sales.importer import sales_import_run, sales_imports_recover

    job = SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename="s.csv",
                                     content=GOOD_AND_BAD.encode(), status=SalesImport.Status.RUNNING, attempts=1,
                                     started_at=timezone.now(), heartbeat_at=timezone.now())
    assert sales_imports_recover() == 0 and sales_import_run(sales_import_id=job.pk).status == "running"
    SalesImport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert sales_imports_recover() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.created_count) == ("done", 2, 4)
    assert sales_import_run(sales_import_id=job.pk).attempts == 2  # a late redelivery changes nothing


def test_a_sales_job_that_keeps_dying_fails_with_a_reason(seogu, stores, official, settings):
    from django.utils import timezone

    from sales.importer import sales_import_run

    settings.IMPORT_MAX_ATTEMPTS = 2
    job = SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename="s.csv",
                                     content=GOOD_AND_BAD.encode(), status=SalesImport.Status.RUNNING, attempts=2,
                                     started_at=timezone.now() - datetime.timedelta(minutes=10))
    job = sales_import_run(sales_import_id=job.pk)
    assert job.status == "failed" and "2번" in job.message and not SalesReport.objects.exists()


def test_official_cancels_and_retries_a_sales_import_from_its_page(stores, official, official_client,
                                                                  django_capture_on_commit_callbacks):
    upload(official_client, GOOD_AND_BAD)  # queued: the task is not run
    job = SalesImport.objects.get()
    detail = reverse("sales:import_detail", args=[job.pk])
    cancel, retry = (reverse(name, args=[job.pk]) for name in ("sales:import_cancel", "sales:import_retry"))
    assert cancel in official_client.get(detail).content.decode()
    assert official_client.get(cancel).status_code == 200
    assert official_client.post(cancel, {"reason": ""}).status_code == 400
    assert official_client.post(cancel, {"reason": "잘못 올림"}).url == detail
    assert official_client.post(cancel, {"reason": "두 번"}).url == detail  # repeat: nothing more
    job.refresh_from_db()
    assert job.status == "cancelled" and job.history.count() == 1
    event = job.history.get()
    assert (event.actor, event.reason, event.from_status) == (official, "잘못 올림", "queued")
    html = official_client.get(detail).content.decode()
    assert "취소되었습니다" in html and retry in html and "잘못 올림" in html
    with django_capture_on_commit_callbacks(execute=True):
        assert official_client.post(retry, {"reason": "확인 후 다시"}).url == detail
        assert official_client.post(retry, {"reason": "두 번"}).url == detail  # still waiting: nothing more
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 4)
    assert list(job.history.values_list("kind", flat=True)) == ["cancelled", "retried"]
    response = official_client.post(cancel, {"reason": "늦음"})
    assert response.status_code == 409 and "끝났" in response.content.decode()


def test_a_cancelled_running_sales_import_stops_after_its_batch(seogu, stores, official, monkeypatch):
    from sales import importer as sales_importer
    from sales.services import sales_import_cancel

    monkeypatch.setattr(sales_importer, "BATCH", 1)
    job = SalesImport.objects.create(local_government=seogu, uploaded_by=official, filename="s.csv",
                                     content=GOOD_AND_BAD.encode())
    real_write = sales_importer.write_batch

    def write_then_cancel(batch, result, **kwargs):
        real_write(batch, result, **kwargs)
        if result.created == 1:
            sales_import_cancel(import_id=job.pk, official=official, reason="중지")

    monkeypatch.setattr(sales_importer, "write_batch", write_then_cancel)
    job = sales_importer.sales_import_run(sales_import_id=job.pk)
    assert job.status == "cancelled" and SalesReport.objects.count() == 1


def test_wrong_personas_cannot_cancel_or_retry_a_sales_import(stores, official, client, merchant_a_client,
                                                              other_official_client):
    job = SalesImport.objects.create(local_government=stores["a"].local_government, uploaded_by=official,
                                     filename="s.csv", content=GOOD_AND_BAD.encode())
    for name in ("sales:import_cancel", "sales:import_retry"):
        url = reverse(name, args=[job.pk])
        assert other_official_client.post(url, {"reason": "x"}).status_code == 404
        assert merchant_a_client.post(url, {"reason": "x"}).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and not job.history.exists()

"""core.exports: spreadsheet cells that cannot run as formulas (OWASP "CSV Injection") and download headers."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.exports import (
    SafeCSVWriter,
    append_safe_row,
    attachment_response,
    spreadsheet_safe,
    xlsx_safe_row,
)

FORMULAS = ["=1+1", "+82 10", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x.example","클릭")']


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["양동국밥", "a=b", "", None, 42, -3, 4.5, "1+1"])
def test_other_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_the_csv_writer_neutralises_every_cell_and_keeps_numbers():
    buffer = io.StringIO()
    writer = SafeCSVWriter(buffer)
    writer.writerow(["이름", "금액"])
    writer.writerows([["=1+1", -5], ["@SUM(A1)", 7]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["이름", "금액"], ["'=1+1", "-5"], ["'@SUM(A1)", "7"]]


def _read_back(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer).worksheets[0]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_rows_keep_formula_like_text_as_quoted_text_and_numbers_as_numbers(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("목록") if write_only else workbook.active
    row = [*FORMULAS, "양동국밥", -3, 4.5]
    if write_only:
        sheet.append(xlsx_safe_row(sheet, row))
    else:
        append_safe_row(sheet, row)
    cells = list(_read_back(workbook)[1])
    for cell, text in zip(cells, FORMULAS, strict=False):
        # What a person reads is unchanged (XML reads a CR back as LF); the cell is text, with
        # Excel's own "typed with '" flag.
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)
    assert (cells[-3].value, cells[-3].quotePrefix) == ("양동국밥", False)
    assert (cells[-2].value, cells[-2].data_type) == (-3, "n")
    assert (cells[-1].value, cells[-1].data_type) == (4.5, "n")


def test_attachment_header_is_written_by_django_for_any_name():
    response = attachment_response(b"{}", filename='서구"\r\nX-Injected: 1.geojson', content_type="application/json")
    header = response["Content-Disposition"]
    assert header == "attachment; filename*=utf-8''%EC%84%9C%EA%B5%AC%22%0D%0AX-Injected%3A%201.geojson"
    assert "X-Injected" not in response.headers
    assert attachment_response(b"", filename="plain.xlsx", content_type="x/y")["Content-Disposition"] == \
        'attachment; filename="plain.xlsx"'

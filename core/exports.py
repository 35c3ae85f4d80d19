"""Spreadsheet exports that a spreadsheet cannot turn against its reader, and download headers.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula (`=HYPERLINK(...)`, `@SUM(...)`): names typed by residents and merchants,
or read from SEMAS files, must stay text (OWASP "CSV Injection").

- CSV: such a cell gets a leading `'`, as OWASP advises (`spreadsheet_safe`, `SafeCSVWriter`).
- xlsx: the text is stored as a string cell with Excel's "quote prefix" flag, which is exactly what
  Excel writes when a person types `'=1+1`: shown as `=1+1`, never calculated, also after editing
  (`xlsx_safe_row`, `safe_xlsx_cell`).

Numbers, dates and None are never touched, so numeric columns stay numeric.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def spreadsheet_safe(value):
    """A CSV cell value: text that would start a formula gets a leading apostrophe."""
    return "'" + value if starts_like_formula(value) else value


def spreadsheet_safe_row(values: Iterable) -> list:
    return [spreadsheet_safe(value) for value in values]


class SafeCSVWriter:
    """csv.writer whose rows pass through `spreadsheet_safe`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow(spreadsheet_safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def _as_text(cell) -> None:
    """Keep a formula-like string as text: a string cell with Excel's quote prefix."""
    cell.data_type = "s"
    cell.quotePrefix = True


def safe_xlsx_cell(sheet, value):
    """A write-only cell for `value`; formula-like text stays text."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if starts_like_formula(value):
        _as_text(cell)
    return cell


def xlsx_safe_row(sheet, values: Iterable) -> list:
    """Cells for `sheet.append(...)` in both normal and write-only workbooks."""
    return [safe_xlsx_cell(sheet, value) if starts_like_formula(value) else value for value in values]


def append_safe_row(sheet, values: Iterable) -> None:
    """`sheet.append(values)` for a normal (not write-only) worksheet, formula-like text kept as text."""
    values = list(values)
    sheet.append(values)
    if any(starts_like_formula(value) for value in values):
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if starts_like_formula(value):
                cell.value = value
                _as_text(cell)


def attachment_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download; Django writes the Content-Disposition header (quoting, RFC 5987 for non-ASCII names)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response

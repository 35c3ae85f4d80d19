"""Excel (.xlsx) downloads with Korean headers (openpyxl, write-only for large lists)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import attachment_response, xlsx_safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  widths: Sequence[int] = ()) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(xlsx_safe_row(sheet, row))  # registrants' names are typed by anyone
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment_response(buffer.getvalue(), filename=filename, content_type=XLSX)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)

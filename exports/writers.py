"""One streamed, write-only workbook for list exports: bold Korean headers, frozen first row,
formula-like text kept as text (core.exports), progress reported per row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import xlsx_safe_row


def write_list_workbook(stream, *, title: str, headers: Sequence, rows: Iterable[Sequence],
                        widths: Sequence[int] = (), progress=None) -> int:
    """Write `rows` under `headers` to `stream` as .xlsx; return the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append(xlsx_safe_row(sheet, row))  # names and notes are typed by anyone
        count += 1
        if progress is not None:
            progress(count)
    workbook.save(stream)
    return count

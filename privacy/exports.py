"""The access log as an Excel workbook, for the administrators' review."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value):
    """Spreadsheets must read user-typed text (search words, labels) as text, never as a formula (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def access_log_workbook_response(rows, *, filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Access log"))[:31])
    sheet.freeze_panes = "A2"
    headers = [_("Time"), _("User name"), _("Role"), _("IP address"), _("Action taken"), _("Record type"),
               _("Record id"), _("Record"), _("Detail"), _("Reason"), _("Page address"), _("Request id")]
    for index, width in enumerate([18, 16, 10, 16, 10, 22, 10, 30, 30, 30, 40, 18]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows.iterator(chunk_size=2000):
        sheet.append([as_text_cell(v) for v in (
            timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M:%S"), row.actor_username, row.actor_role,
            row.ip_address or "", row.get_action_display(), row.record_type, row.record_id, row.record_label,
            row.detail, row.reason, row.path, row.request_id)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

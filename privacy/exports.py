"""The access log as an Excel workbook, for the administrators' review."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from exports import registry

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value):
    """Spreadsheets must read user-typed text (search words, labels) as text, never as a formula (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_access_log_workbook(rows, stream, progress=None) -> int:
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
    count = 0
    for row in rows.iterator(chunk_size=2000):
        count += 1
        if progress is not None:
            progress(count)
        sheet.append([as_text_cell(v) for v in (
            timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M:%S"), row.actor_username, row.actor_role,
            row.ip_address or "", row.get_action_display(), row.record_type, row.record_id, row.record_label,
            row.detail, row.reason, row.path, row.request_id)])
    workbook.save(stream)
    return count


def _rows(context):
    from . import selectors
    from .views import _review_filters

    _form, month, actor_id, action = _review_filters(context.request)
    return month, selectors.log_of_month(month, actor_id=actor_id, action=action)


def _filename(context) -> str:
    month, _rows_ = _rows(context)
    return f"개인정보_접속기록_{month:%Y%m}_{timezone.localdate():%Y%m%d}.xlsx"


# Registered with the exports app: a long month of log rows is written by a worker.
registry.register(registry.Export(
    name="privacy.access_log", record_type="privacy.accesslog",
    count=lambda context: _rows(context)[1].count(),
    write=lambda context, stream, progress: write_access_log_workbook(_rows(context)[1], stream, progress),
    filename=_filename,
))

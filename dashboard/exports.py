"""The month's indicators as an Excel workbook: one sheet per scope, Korean headers."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import append_safe_row

from . import extensions, metrics, selectors
from .months import month_key

PERCENT_FIELDS = {"franchise_rate", "franchise_rate_eligible", "onnuri_share", "sales_mom", "sales_yoy"}


def columns() -> list[tuple[str, str]]:
    return [
        ("open_stores", _("Open stores")), ("openings", _("Openings")), ("closures", _("Closures")),
        ("franchise_stores", _("Onnuri franchise stores")), ("new_franchises", _("New franchises")),
        ("franchise_rate", _("Franchise rate (of all open stores)")),
        ("eligible_stores", _("Stores that may join Onnuri")),
        ("eligible_franchise_stores", _("Franchise stores among the stores that may join")),
        ("franchise_rate_eligible", _("Franchise rate (of stores that may join)")),
        ("total_sales_won", _("Total sales (won)")),
        ("onnuri_sales_won", _("Onnuri sales (won)")), ("onnuri_share", _("Onnuri share of sales")),
        ("sales_mom", _("Sales growth month on month")), ("sales_yoy", _("Sales growth year on year")),
        ("reporting_stores", _("Stores that reported sales")),
        *[(key, str(label)) for key, label in extensions.extra_columns()],
        *layer_columns(),
    ]


def layer_columns() -> list[tuple[str, str]]:
    """The apps' map layers that EXTRA_COLUMNS does not already export."""
    named = {key for key, _label in extensions.extra_columns()}
    return [(layer["key"], layer["label"]) for layer in extensions.map_layers() if layer["key"] not in named]


def number_format(key: str) -> str:
    layer = {layer["key"]: layer["format"] for layer in extensions.map_layers()}.get(key)
    if key in PERCENT_FIELDS or layer == "percent":
        return "0.0%"
    return "#,##0.0" if layer == "score" else "#,##0"


def indicators_workbook(local_government, month) -> bytes:
    rows = selectors.export_rows(local_government, month)
    sheets = [(metrics.GOVERNMENT, _("Whole government")), (metrics.DONG, _("By dong")),
              (metrics.DISTRICT, _("By alley district"))]
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for scope, title in sheets:
        sheet = workbook.create_sheet(title)
        header = [_("Month"), _("Area code"), _("Area name"), *[label for _key, label in columns()]]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
        for code, name, values in rows[scope]:
            append_safe_row(sheet, [month_key(month), code, name, *[values.get(key) for key, _label in columns()]])
        for index, (key, _label) in enumerate(columns(), start=4):
            letter = get_column_letter(index)
            cell_format = number_format(key)
            for cell in sheet[letter][1:]:
                cell.number_format = cell_format
        for index, text in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(text)) * 2)
        sheet.freeze_panes = "D2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

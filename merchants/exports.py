"""Excel export of a store list: openpyxl write-only mode, rows streamed from the database in chunks,
so 17,000 stores take little memory. Headers are in Korean (the site language).

Registered as "merchants.stores" with the exports app: past EXPORT_INLINE_MAX_ROWS a worker writes it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exports import xlsx_safe_row
from exports import registry

from . import bizno, selectors
from .models import Store

VALUES = ("source", "external_id", "name", "branch", "industry__code", "industry__name", "industry__level",
          "industry__parent__name", "industry__parent__parent__name", "business_number", "market_name",
          "road_address", "lot_address", "floor", "phone", "opening_hours", "dong__name", "district__name", "status",
          "opened_on", "closed_on", "lon", "lat", "needs_review", "review_note", "owner__user__last_name",
          "owner__user__first_name")


def _columns():
    return [
        (_("Source"), 10), (_("Store number"), 22), (_("Store name"), 28), (_("Branch"), 14),
        (_("Industry (major)"), 12), (_("Industry (middle)"), 16), (_("Industry (minor)"), 22),
        (_("Industry code"), 10), (_("Business registration number"), 16), (_("Market"), 16),
        (_("Road address"), 40), (_("Lot address"), 36), (_("Floor"), 6), (_("Phone"), 15),
        (_("Opening hours"), 24), (_("Dong"), 10), (_("Alley district"), 20), (_("Status"), 8),
        (_("Opening date"), 12), (_("Closing date"), 12), (_("Longitude"), 12), (_("Latitude"), 12),
        (_("Needs review"), 10), (_("Review note"), 30), (_("Merchant"), 10),
    ]


def _industry_levels(code, name, level, parent_name, grandparent_name) -> tuple[str, str, str]:
    if not code:
        return "", "", ""
    if level == 1:
        return name, "", ""
    if level == 2:
        return parent_name or "", name, ""
    return grandparent_name or "", parent_name or "", name


def _row(values: tuple, sources: dict, statuses: dict, yes: str) -> list:
    (source, external_id, name, branch, code, industry_name, level, parent_name, grandparent_name, number,
     market, road, lot, floor, phone, hours, dong, district, status, opened_on, closed_on, lon, lat, review,
     note, last_name, first_name) = values
    major, middle, minor = _industry_levels(code, industry_name, level, parent_name, grandparent_name)
    return [sources.get(source, source), external_id, name, branch, major, middle, minor, code or "",
            bizno.format_number(number) if number else "", market, road, lot, floor, phone, hours, dong or "",
            district or "", statuses.get(status, status), opened_on, closed_on, lon, lat, yes if review else "",
            note, f"{last_name or ''}{first_name or ''}"]


def write_stores_workbook(queryset, stream, progress=None) -> int:
    """Write the stores of `queryset` to `stream` as .xlsx; return the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Stores"))
    columns = _columns()
    for index, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6E8EA")
    header = []
    for title, _width in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    sheet.append(header)
    sources, statuses, yes = dict(Store.Source.choices), dict(Store.Status.choices), _("Yes")
    sources = {key: str(label) for key, label in sources.items()}
    statuses = {key: str(label) for key, label in statuses.items()}
    count = 0
    for values in queryset.order_by("name", "id").values_list(*VALUES).iterator(chunk_size=2_000):
        sheet.append(xlsx_safe_row(sheet, _row(values, sources, statuses, yes)))
        count += 1
        if progress is not None:
            progress(count)
    workbook.save(stream)
    return count


def filtered_stores(context):
    """The stores the officials' list shows for these filters (the same filter set; none when invalid)."""
    from .filters import StoreFilter

    base = selectors.with_list_relations(selectors.stores_of(context.government))
    store_filter = StoreFilter(context.params, queryset=base, request=context.request)
    return store_filter.qs if store_filter.is_valid() else base.none()


registry.register(registry.Export(
    name="merchants.stores", record_type="merchants.store",
    count=lambda context: filtered_stores(context).count(),
    write=lambda context, stream, progress: write_stores_workbook(filtered_stores(context), stream, progress),
    filename=lambda context: f"stores-{context.government.code}-{timezone.localdate():%Y%m%d}.xlsx",
))

"""District list as an Excel workbook (Korean headers) and boundaries as GeoJSON.

The workbook is registered with the exports app ("districts.districts"); a list is a few hundred rows
at most, so it is normally written at once."""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import append_safe_row
from exports import registry

from . import selectors


def districts_workbook(districts) -> bytes:
    headers = [
        (_("Code"), 14), (_("District name"), 34), (_("Status"), 10), (_("Dongs"), 22), (_("Area (m²)"), 12),
        (_("Open stores inside"), 12), (_("Merchant organisation"), 26), (_("Representative"), 12),
        (_("Contact"), 16), (_("Merchants in total"), 12), (_("Consenting merchants"), 12),
        (_("Consent rate (%)"), 12), (_("Consent source"), 16), (_("Designation date"), 14), (_("Notice number"), 26),
        (_("Ordinance exception reason"), 30), (_("Revocation date"), 14), (_("Revocation ground"), 28),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Alley districts")[:31]
    sheet.append([title for title, _width in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    districts = list(districts)
    consents = selectors.district_consents(districts)
    for d in districts:
        consent = consents[d.pk]
        append_safe_row(sheet, [
            d.code, d.name, str(d.get_status_display()), ", ".join(dong.name for dong in d.dongs.all()),
            round(d.area_m2), d.store_count, d.organization_name, d.organization_representative,
            d.organization_contact, consent.merchants_total, consent.merchants_consenting,
            round(consent.rate * 100, 1) if consent.rate is not None else None, consent.source_label,
            d.designated_on, d.notice_number, d.exception_reason, d.revoked_on,
            str(d.get_revocation_ground_display()) if d.revocation_ground else "",
        ])
        for cell in sheet[sheet.max_row]:
            if cell.column in (14, 17) and cell.value:
                cell.number_format = "yyyy-mm-dd"
            elif cell.column in (5, 6, 10, 11):
                cell.number_format = "#,##0"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def districts_geojson(districts) -> bytes:
    """Full-precision boundaries (no simplification) with the list's properties."""
    collection = selectors.districts_feature_collection(districts, simplify_m=None, precision=7)
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def _filtered_districts(context):
    """The districts the officials' list shows for these filters (the same filter set)."""
    from .filters import DistrictFilter

    filterset = DistrictFilter(context.params, queryset=selectors.districts_of(context.government),
                               request=context.request)
    return filterset.qs if filterset.is_valid() else None


def _write_districts(context, stream, progress) -> int:
    queryset = _filtered_districts(context)
    districts = list(selectors.district_rows(queryset)) if queryset is not None else []
    stream.write(districts_workbook(districts))
    progress(len(districts))
    return len(districts)


registry.register(registry.Export(
    name="districts.districts", record_type="districts.district",
    count=lambda context: (queryset.count() if (queryset := _filtered_districts(context)) is not None else 0),
    write=_write_districts,
    filename=lambda context: f"districts-{context.government.code}-{timezone.localdate():%Y%m%d}.xlsx",
))

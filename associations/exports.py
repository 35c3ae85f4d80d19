"""The officials' association list as an Excel workbook (Korean headers, formula-like text kept as text)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import append_safe_row
from exports import registry
from merchants.bizno import format_number

from . import selectors


def _rows(context):
    from .forms import FilterForm

    form = FilterForm(context.params or None, local_government=context.government)
    if form.is_bound and not form.is_valid():
        return []
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound else {}
    return selectors.association_list(context.government, **filters)


def associations_workbook(associations) -> bytes:
    today = timezone.localdate()
    figures = {f.association.pk: f for f in selectors.figures_of(
        associations[0].local_government_id, today, association_ids=[a.pk for a in associations])} \
        if associations else {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Merchant associations")[:31]
    sheet.append([_("Name"), _("Alley districts"), _("Dongs"), _("Status"), _("Registration number"),
                  _("Founded on"), _("Current officers"), _("Contact person"), _("Phone"), _("Members"),
                  _("Open stores"), _("Membership rate"), _("Meetings in 12 months"), _("Last meeting")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for a in associations:
        f = figures.get(a.pk)
        districts = list(a.districts.all())
        append_safe_row(sheet, [
            a.name, ", ".join(d.name for d in districts),
            ", ".join(sorted({dong.name for d in districts for dong in d.dongs.all()})),
            str(a.get_status_display()), format_number(a.registration_number) if a.registration_number else "",
            a.founded_on, ", ".join(f"{o.get_role_display()} {o.person_name}" for o in a.current_officers),
            a.contact_name, a.phone, f.members if f else None, f.open_stores if f else None,
            f.membership_rate if f else None, f.meetings_12m if f else None, f.last_meeting if f else None])
        row = sheet[sheet.max_row]
        row[11].number_format = "0.0%"
        for index in (5, 13):
            if row[index].value:
                row[index].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(context, stream, progress) -> int:
    associations = list(_rows(context))
    stream.write(associations_workbook(associations))
    progress(len(associations))
    return len(associations)


def _count(context) -> int:
    rows = _rows(context)
    return len(rows) if isinstance(rows, list) else rows.count()


registry.register(registry.Export(
    name="associations.associations", record_type="associations.merchantassociation", count=_count, write=_write,
    filename=lambda context: f"associations-{context.government.code}-{timezone.localdate():%Y%m%d}.xlsx",
))

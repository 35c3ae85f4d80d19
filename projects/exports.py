"""The officials' project list as an Excel workbook: one row per project, planned and executed won
per funding source (numbers stay numbers; typed text that looks like a formula stays text)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import append_safe_row
from exports import registry

from . import selectors
from .models import FundingLine

DATE_FORMAT = "yyyy-mm-dd"
WON_FORMAT = "#,##0"


def headers() -> list[str]:
    columns = [_("No."), _("Title"), _("Type"), _("Status"), _("Alley districts"), _("Planned start"),
               _("Planned end"), _("Actual start"), _("Actual end"), _("Progress (%)"), _("Responsible official")]
    for _source, label in FundingLine.Source.choices:
        columns += [_("%(source)s, planned (won)") % {"source": label},
                    _("%(source)s, executed (won)") % {"source": label}]
    return [*columns, _("Planned in total (won)"), _("Executed in total (won)"), _("Outcomes")]


def projects_workbook(projects) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Special projects")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index in range(1, len(headers()) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"
    first_won = 12
    for project in projects:
        funding = selectors.funding_by_source(project)
        money = []
        for source in FundingLine.Source.values:
            money += list(funding.get(source, (0, 0)))
        append_safe_row(sheet, [
            project.pk, project.title, str(project.get_type_display()), str(project.get_status_display()),
            ", ".join(d.name for d in project.districts.all()), project.planned_start, project.planned_end,
            project.actual_start, project.actual_end, selectors.project_progress(project),
            project.responsible.display_name if project.responsible else "", *money,
            sum(money[0::2]), sum(money[1::2]), project.outcomes,
        ])
        for cell in sheet[sheet.max_row]:
            if 6 <= cell.column <= 9 and cell.value:
                cell.number_format = DATE_FORMAT
            elif first_won <= cell.column < first_won + 2 * len(FundingLine.Source.values) + 2:
                cell.number_format = WON_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _filtered(context):
    from .forms import ProjectFilterForm

    form = ProjectFilterForm(context.params, local_government=context.government)
    form.is_valid()
    if "q" in form.errors:
        return None
    return selectors.filtered(context.government, **form.filters())


def _write(context, stream, progress) -> int:
    queryset = _filtered(context)
    projects = list(selectors.list_rows(queryset)) if queryset is not None else []
    stream.write(projects_workbook(projects))
    progress(len(projects))
    return len(projects)


registry.register(registry.Export(
    name="projects.projects", record_type="projects.specialproject",
    count=lambda context: (queryset.count() if (queryset := _filtered(context)) is not None else 0),
    write=_write,
    filename=lambda context: f"special-projects-{context.government.code}-{timezone.localdate():%Y%m%d}.xlsx",
))

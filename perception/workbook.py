"""The results as an Excel workbook (officials): the figures of a quarter per government, district and
dong of residence, the trend, and the free texts.

Every text cell passes `core.exports.xlsx_safe_row` (a resident's "=HYPERLINK(...)" stays text) and the
free texts are masked first (`core.masking`: phone numbers, e-mail and resident numbers become *);
groups under `stats.MIN_N` answers show their n and no figure, and their free texts are left out.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core import masking
from core.exports import xlsx_safe_row

from . import periods, selectors, stats


def _figures(summary: stats.Summary) -> list:
    if summary.suppressed:
        return [summary.n, None, None, None, None, None, None,
                _("Not shown: fewer than %(n)d answers") % {"n": stats.MIN_N}]
    return [summary.n, _round(summary.mean), _round(summary.low), _round(summary.high),
            _round(summary.share_satisfied), _round(summary.usability_mean), _round(summary.share_recommend), ""]


def _round(value, digits: int = 4):
    return None if value is None else round(value, digits)


def _headers() -> list[str]:
    return [_("Answers (n)"), _("Mean satisfaction (1-5)"), _("Lower limit (95%)"), _("Upper limit (95%)"),
            _("Share satisfied (4-5)"), _("Mean Onnuri usability (1-5)"), _("Share who would recommend (4-5)"),
            _("Note")]


def results_workbook(local_government, *, quarter, district_id=None, dong_id=None, age_band="") -> bytes:
    found = selectors.results(local_government, quarter=quarter, district_id=district_id, dong_id=dong_id,
                              age_band=age_band)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Results"))
    sheet.append(xlsx_safe_row(sheet, [_("Quarter"), _("Scope"), _("Name"), *_headers()]))
    label = periods.quarter_label(quarter)
    sheet.append(xlsx_safe_row(sheet, [label, _("Local government"), local_government.name,
                                       *_figures(found.total)]))
    for row in found.districts:
        sheet.append(xlsx_safe_row(sheet, [label, _("Alley district"), row.name, *_figures(row.summary)]))
    for row in found.dongs:
        sheet.append(xlsx_safe_row(sheet, [label, _("Dong of residence"), row.name or _("Not given"),
                                           *_figures(row.summary)]))

    trend = workbook.create_sheet(_("Trend"))
    trend.append(xlsx_safe_row(trend, [_("Quarter"), *_headers()]))
    for quarter_, summary in found.trend:
        trend.append(xlsx_safe_row(trend, [periods.quarter_label(quarter_), *_figures(summary)]))

    texts = workbook.create_sheet(_("Free texts"))
    texts.append(xlsx_safe_row(texts, [_("Quarter"), _("Alley district"), _("Answered on"), _("What to improve")]))
    counts = {row.scope_id: row.summary.n for row in found.districts}
    rows = (selectors.responses_of(local_government).filter(period=quarter).exclude(improvement="")
            .select_related("district").order_by("district__name", "-answered_on", "pk"))
    if district_id:
        rows = rows.filter(district_id=district_id)
    if dong_id:
        rows = rows.filter(dong_id=dong_id)
    if age_band:
        rows = rows.filter(age_band=age_band)
    for response in rows.iterator(chunk_size=500):
        if counts.get(response.district_id, 0) < stats.MIN_N:
            continue
        texts.append(xlsx_safe_row(texts, [label, response.district.name, response.answered_on,
                                           masking.mask_personal_data(response.improvement)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

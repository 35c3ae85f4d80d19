"""The officials' results: per government, district and dong of residence per quarter, the district page,
the printable poster with its QR code, and the Excel export. Officials of the government only."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import official_required
from core.exports import XLSX_CONTENT_TYPE, attachment_response

from .. import charts, periods, qr, selectors, stats, workbook
from ..forms import ResultsFilterForm


def _district_url(district_id: int) -> str:
    return reverse("perception:district_results", args=[district_id])


def _trend_context(trend, *, title: str) -> dict:
    return {"trend": trend, "trend_svg": charts.trend_svg(
        trend, title=title, chart_id="pc-trend",
        description=_("Mean satisfaction (1 to 5) per quarter with its 95%% interval; the figures are in the "
                      "table that follows. Quarters with fewer than %(n)d answers are left out.")
        % {"n": stats.MIN_N})}


@official_required
def results(request):
    government = request.user.local_government
    quarters = selectors.available_quarters(government)
    form = ResultsFilterForm(request.GET or None, local_government=government, quarters=quarters)
    filters = form.filters(selectors.default_quarter(government))
    found = selectors.results(government, district_url=_district_url, **filters)
    query = request.GET.copy()
    query["quarter"] = periods.quarter_key(filters["quarter"])
    return render(request, "perception/results.html", {
        "form": form, "filters": filters, "results": found, "min_n": stats.MIN_N, "government": government,
        "quarter": filters["quarter"], "export_query": query.urlencode(),
        # Districts with answers first, most answers first; the silent ones folded away below the table.
        "answered_districts": sorted((row for row in found.districts if row.summary.n),
                                     key=lambda row: (-row.summary.n, row.name)),
        "silent_districts": [row for row in found.districts if not row.summary.n],
        **_trend_context(found.trend, title=_("Satisfaction with the alley's shops by quarter")),
    }, status=400 if form.errors else 200)


@official_required
def district_results(request, district_id: int):
    government = request.user.local_government
    district = selectors.official_district(government, district_id)
    quarter = selectors.ensure_quarter(request.GET.get("quarter"), government)
    found = selectors.results(government, quarter=quarter, district_id=district.pk)
    return render(request, "perception/district_results.html", {
        "district": district, "results": found, "quarter": quarter, "min_n": stats.MIN_N,
        "quarters": selectors.available_quarters(government),
        "comments": selectors.recent_comments(government, district_id=district.pk, quarter=quarter),
        "survey_url": qr.survey_url(request, district),
        "qr_svg": qr.svg(qr.survey_url(request, district), title=_("QR code of the survey")),
        **_trend_context(found.trend, title=_("Satisfaction with %(district)s by quarter") % {
            "district": district.name}),
    })


@official_required
def poster(request, district_id: int):
    district = selectors.official_district(request.user.local_government, district_id)
    url = qr.survey_url(request, district)
    return render(request, "perception/poster.html", {
        "district": district, "survey_url": url, "government": district.local_government,
        "qr_svg": qr.svg(url, title=_("QR code: scan it to open the survey")),
    })


@official_required
def qr_code(request, district_id: int):
    district = selectors.official_district(request.user.local_government, district_id)
    response = HttpResponse(qr.svg_document(qr.survey_url(request, district)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="survey-qr-{district.pk}.svg"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@official_required
def export(request):
    government = request.user.local_government
    quarters = selectors.available_quarters(government)
    form = ResultsFilterForm(request.GET or None, local_government=government, quarters=quarters)
    filters = form.filters(selectors.default_quarter(government))
    filename = f"resident-perception-{government.code}-{periods.quarter_key(filters['quarter'])}.xlsx"
    return attachment_response(workbook.results_workbook(government, **filters), filename=filename,
                               content_type=XLSX_CONTENT_TYPE)

"""The dashboard page, the wall screen, the impact view and the Excel export (officials only)."""

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core.errors import DomainError
from core.exports import XLSX_CONTENT_TYPE, attachment_response
from districts.selectors import dongs_feature_collection, dongs_of

from . import exports, extensions, formats, selectors, services
from .months import month_key


def page_month(request, government):
    """The month asked for, or the latest aggregated; None when nothing is aggregated yet."""
    try:
        return selectors.resolve_month(government, request.GET.get("month"))
    except (Http404, DomainError):
        if request.GET.get("month"):
            raise Http404 from None
        return None


def api_urls() -> dict:
    return {name: reverse(f"dashboard_api:{name}") for name in ("districts", "stores", "kpis", "trends",
                                                                "breakdowns")} | {
        "district": reverse("dashboard_api:district", args=[0]).rstrip("0"),
        "impact": reverse("dashboard:impact"),
        "panels": reverse("dashboard:panels"),
    }


def js_labels() -> dict:
    """Translated words the page's scripts show (the scripts carry no text of their own)."""
    return {
        "no_data": _("No data"), "won": _("{amount} won"), "won_hundred_million": _("{amount} hundred million won"),
        "won_ten_thousand": _("{amount} × 10,000 won"),
        "stores_count": _("{count} stores"), "franchised": _("Onnuri franchise store"),
        "not_franchised": _("Not franchised"), "store_markers": _("Stores"), "details": _("Details"),
        "loading": _("Loading…"),
        "load_failed": _("The figures could not be loaded. Check the connection and try again."),
        "trend": _("Trend"), "stores": _("Stores"), "applications": _("Onnuri applications"),
        "recent_applications": _("Recent applications"), "no_applications": _("No applications yet."),
        "showing_stores": _("{shown} of {total} stores shown."), "store": _("Store"), "industry": _("Industry"),
        "onnuri": _("Onnuri"), "sales_month": _("Sales this month"), "yes": _("Yes"), "no": _("No"),
        "closed": _("Closed"), "status": _("Status"), "count": _("Count"), "submitted": _("Submitted on"),
        "month": _("Month"), "dong": _("Dong"), "value": _("Value"), "district": _("District"),
        "franchise_stores": _("Onnuri franchise stores"), "new_franchises": _("New franchises"),
        "franchise_rate": _("Franchise rate (of all open stores)"),
        "franchise_rate_eligible": _("Franchise rate (of stores that may join)"),
        "eligible_stores": _("Stores that may join Onnuri"),
        "eligible_franchise_stores": _("Franchise stores among the stores that may join"),
        "open_stores": _("Open stores"), "closures": _("Closures"),
        "openings": _("Openings"), "total_sales": _("Total sales"), "onnuri_sales": _("Onnuri sales"),
        "onnuri_share": _("Onnuri share of sales"), "sales_yoy": _("Sales growth year on year"),
        "sales_mom": _("Sales growth month on month"), "reporting_stores": _("Stores that reported sales"),
        "hundred_million_won_unit": _("hundred million won"), "share": _("Share"),
        "figures_for": _("Figures for {month}. Stock figures are read on the month's last day; "
                         "sales are the month's reports."),
        "month_label": _("{year}-{month}"), "updated": _("Updated {time}"), "legend_no_data": _("No data"),
        "selected": _("Selected district"), "district_page": _("Open the district's page"), "as_of": _("As of {month}"),
        "range": _("{low} to under {high}"), "range_upto": _("{low} to {high}"),
        "at_least": _("{low} and above"), "under": _("under {high}"),
        "symbol_size": _("Circle size: the district's open stores. Zoom in to see the districts' outlines."),
        "cluster_small": _("Group of fewer than 10 stores"), "cluster_medium": _("Group of 10 to 99 stores"),
        "cluster_large": _("Group of 100 stores or more"),
    }


def dashboard_context(request, government) -> dict:
    month = page_month(request, government)
    context = {
        "government": government,
        "month": month,
        "months": selectors.available_months(government),
        "indicators": formats.indicator_definitions(),
        "layers": [item for item in formats.indicator_definitions() if item.get("layer")],
        "api_urls": api_urls(),
        "dongs_geojson": dongs_feature_collection(dongs_of(government), simplify_m=10, precision=5),
    }
    if month:
        context["js_config"] = {"month": month_key(month), "urls": context["api_urls"], "labels": js_labels(),
                                "indicators": context["indicators"], "locale": get_language()}
        context["kpis"] = json.loads(selectors.kpis_bytes(government, month))
        panels = extensions.extra_panels(local_government=government, month=month)
        context["panels"] = [panel.render(request) for panel in panels]
        context["panel_stylesheets"] = sorted({css for panel in panels for css in panel.stylesheets})
    else:
        context["empty"] = selectors.empty_dashboard_state(government)
    return context


@official_required
def index(request):
    context = dashboard_context(request, request.user.local_government)
    return render(request, "dashboard/index.html", context)


@official_required
@require_POST
def aggregate(request):
    """The empty dashboard's button: compute the figures of the official's government now."""
    if services.request_first_aggregation(official=request.user):
        messages.success(request, _("The figures are being computed. They appear here in a few minutes; "
                                    "reload the page then."))
    else:
        messages.info(request, _("The figures are already being computed; there is no need to ask again. "
                                 "Reload the page in a few minutes."))
    return redirect("dashboard:index")


@official_required
def panels(request):
    """The apps' panels (e.g. the hotline block) for the month the selector chose, so that every
    block follows the month, not only the ones the page's scripts draw."""
    government = request.user.local_government
    month = page_month(request, government)
    if month is None:
        raise Http404
    rendered = [panel.render(request) for panel in extensions.extra_panels(local_government=government, month=month)]
    return render(request, "dashboard/_panels.html", {"panels": rendered})


@official_required
def wall(request):
    context = dashboard_context(request, request.user.local_government)
    context["refresh_seconds"] = 60
    return render(request, "dashboard/wall.html", context)


@official_required
def impact(request):
    government = request.user.local_government
    month = page_month(request, government)
    study = selectors.impact_summary(government, month) if month else None
    chart_labels = {
        "treated": _("Franchised stores (index)"), "control": _("Not yet franchised (index)"),
        "uplift": _("Uplift (per cent)"), "ci_low": _("Low end of the 95 per cent interval"),
        "ci_high": _("95 per cent interval"),
        "x": _("Month relative to joining"), "index": _("Sales index (before joining = 100)"),
        "uplift_axis": _("Uplift (per cent)"),
    }
    return render(request, "dashboard/impact.html", {"month": month, "study": study, "chart_labels": chart_labels,
                                                      "months": selectors.available_months(government)})


@official_required
def export(request):
    government = request.user.local_government
    month = page_month(request, government)
    if month is None:
        raise Http404
    filename = f"alley-indicators-{government.code}-{month_key(month)}.xlsx"
    return attachment_response(exports.indicators_workbook(government, month), filename=filename,
                               content_type=XLSX_CONTENT_TYPE)

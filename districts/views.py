"""Officials' pages: dongs, and districts (list, map, detail, drawing, transitions, exports).

Views only collect input and call districts.services; querysets are scoped to the
official's government, so another government's district is a 404.
"""

import gzip
import json
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core.errors import DomainError
from core.exports import attachment_response
from core.korean import particles
from exports.views import export_response
from privacy.decorators import export_reason_required

from . import exports, extensions, selectors, services
from .filters import DistrictFilter
from .forms import AmendForm, DesignateForm, DistrictForm, RevokeForm, SubmitForm, boundary_upload_limit
from .models import District

LIST_PAGE_SIZE = 50


@official_required
def dong_list(request):
    dongs = selectors.dongs_of(request.user.local_government)
    total_area = sum(d.area_m2 for d in dongs)
    return render(request, "districts/dong_list.html", {
        "dongs": dongs,
        "total_area_m2": total_area,
        "dongs_geojson": selectors.dongs_feature_collection(dongs),
    })


@official_required
def dong_detail(request, code):
    dong = get_object_or_404(selectors.dongs_of(request.user.local_government), code=code)
    return render(request, "districts/dong_detail.html", {
        "dong": dong,
        "dongs_geojson": selectors.dongs_feature_collection([dong], simplify_m=0.5, precision=7),
    })


# --- Districts: reading -------------------------------------------------------------------------

def _filtered(request) -> DistrictFilter:
    return DistrictFilter(request.GET, queryset=selectors.districts_of(request.user.local_government),
                          request=request)


def _scoped(request, pk) -> District:
    return get_object_or_404(selectors.districts_of(request.user.local_government).select_related(
        "local_government"), pk=pk)


def _shapes_url(government) -> str:
    """The versioned URL of the government's map shapes (pages start fetching it from their <head>)."""
    version = selectors.district_shapes_version(government)
    return f"{reverse('districts:district_shapes', args=[government.code])}?v={version}"


@official_required
def district_list(request):
    filterset = _filtered(request)
    matching = list(filterset.qs.order_by("code").values_list("id", "status")) if filterset.is_valid() else []
    counts = dict.fromkeys(District.Status.values, 0)
    for _pk, status in matching:
        counts[status] += 1
    # Only the shown page is read in full, and without its boundary: the map's shapes come from
    # district_shapes, filtered in the browser by the ids below.
    rows = filterset.qs.defer("boundary", "exception_reason", "revocation_text")
    paginator = Paginator(selectors.district_rows(rows, as_list=False), LIST_PAGE_SIZE)
    paginator.count = len(matching)  # known already: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    districts = list(page.object_list)
    consents = selectors.district_consents(districts)
    for district in districts:
        district.consent = consents[district.pk]
    return render(request, "districts/district_list.html", {
        "filter": filterset, "page_obj": page, "districts": districts, "total": len(matching),
        "status_counts": [(District.Status(s).label, s, n) for s, n in counts.items()],
        "shown_ids": [pk for pk, _status in matching],
        "shapes_url": _shapes_url(request.user.local_government),
        "query": request.GET.urlencode(),
    })


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def district_shapes(request, code):
    """The government's district and dong shapes for its maps: gzipped JSON built once per data
    version, with an ETag (a revisit whose shapes did not change gets 304)."""
    user = request.user
    if not (user.is_authenticated and user.is_official):
        raise PermissionDenied  # a fetch() gets 403, not the login page
    government = user.local_government
    if government is None or government.code != code:
        return HttpResponse(status=404)
    version = selectors.district_shapes_version(government)
    etag = f'"{version}"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        body = selectors.district_shapes_body(government, version)
        response = HttpResponse(content_type="application/json")
        if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response.content = body
            response["Content-Encoding"] = "gzip"  # TextGZipMiddleware leaves an encoded body alone
        else:
            response.content = gzip.decompress(body)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    return response


@official_required
def district_detail(request, pk):
    district = _scoped(request, pk)
    stores = selectors.district_stores(district)
    markers = list(stores.values_list("id", "name", "lon", "lat").order_by("name", "id"))
    try:
        result = services.district_criteria(district)
    except DomainError:
        result = None
    industries = selectors.industry_breakdown(stores)
    events = list(selectors.district_events(district))
    labels = dict(District.Status.choices)
    for event in events:
        event.from_label, event.to_label = labels.get(event.from_status, ""), labels.get(event.to_status, "")
        event.consent = selectors.event_consent(event)
    return render(request, "districts/district_detail.html", {
        "district": district,
        "dongs": list(district.dongs.order_by("name")),
        "criteria": result,
        "consent": selectors.district_consent(district),
        "industries": industries,
        "has_middle": any(major.children for major in industries),
        "stores": stores.select_related("industry").order_by("name", "id")[:500],
        "store_total": len(markers),
        "events": events,
        "district_geojson": selectors.districts_feature_collection([district], simplify_m=None, precision=7),
        "store_markers": [{"id": i, "name": n, "lon": lon, "lat": lat} for i, n, lon, lat in markers
                          if lon is not None and lat is not None],
        "submit_form": SubmitForm(initial={"version": district.version}),
        "sections": [{"title": section.title, "html": section.render(request), "stylesheets": section.stylesheets}
                     for section in extensions.sections(district=district, request=request)],
    })


@official_required
def district_notice(request, pk):
    """The printable designation (or revocation) notice, 고시문."""
    district = _scoped(request, pk)
    if district.status not in (District.Status.DESIGNATED, District.Status.REVOKED):
        messages.warning(request, _("A notice can be printed once the district is designated."))
        return redirect("districts:district_detail", pk=district.pk)
    return render(request, "districts/district_notice.html", {
        "district": district, "dongs": list(district.dongs.order_by("name")),
        "district_geojson": selectors.districts_feature_collection([district], simplify_m=None, precision=7),
        "today": timezone.localdate(),
    })


@official_required
@export_reason_required("districts.district",
                        label=gettext_lazy("districts with their organisations' representatives"))
def district_export_xlsx(request):
    return export_response(request, "districts.districts")


@official_required
def district_export_geojson(request):
    filterset = _filtered(request)
    districts = selectors.district_rows(filterset.qs) if filterset.is_valid() else []
    name = f"districts-{request.user.local_government.code}-{timezone.localdate():%Y%m%d}.geojson"
    return attachment_response(exports.districts_geojson(districts), filename=name, content_type="application/geo+json")


@official_required
def district_boundary_geojson(request, pk, event_id=None):
    """One district's boundary as GeoJSON: the current one, or the one recorded by an event."""
    district = _scoped(request, pk)
    feature = selectors.district_feature(district)
    suffix = ""
    if event_id is not None:
        event = get_object_or_404(district.events, pk=event_id)
        feature["geometry"] = event.boundary
        feature["properties"].update(version=event.version, event=event.kind, recorded_at=event.created_at.isoformat())
        suffix = f"-v{event.version}"
    # The code is typed by officials: Django quotes and encodes it in the header.
    return attachment_response(json.dumps(feature, ensure_ascii=False).encode("utf-8"),
                               filename=f"{district.code}{suffix}.geojson", content_type="application/geo+json")


# --- Districts: writing --------------------------------------------------------------------------

def _form_context(request, form, *, district=None, mode="create"):
    government = request.user.local_government
    consent = selectors.district_consent(district) if district is not None else None
    return {
        "form": form, "district": district, "mode": mode,
        "recorded_consent": consent if consent is not None and consent.recorded else None,
        "shapes_url": _shapes_url(government),  # the other districts and the dongs, drawn for context
        "government": government, "max_upload_bytes": boundary_upload_limit(),
    }


@official_required
def district_create(request):
    form = DistrictForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            district = services.district_create_draft(official=request.user, **form.service_kwargs())
        except DomainError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("The draft %(name)s is saved.") % {"name": district.name})
            return redirect("districts:district_detail", pk=district.pk)
    return render(request, "districts/district_form.html", _form_context(request, form))


@official_required
def district_update(request, pk):
    district = _scoped(request, pk)
    if not district.is_editable:
        messages.warning(request, _("A designated or revoked district is not edited as a draft."))
        return redirect("districts:district_detail", pk=district.pk)
    form = DistrictForm(request.POST or None, request.FILES or None,
                        initial=DistrictForm.initial_for(district))
    if request.method == "POST" and form.is_valid():
        try:
            district = services.district_update_draft(
                official=request.user, district_id=district.pk, expected_version=form.cleaned_data["version"],
                **form.service_kwargs())
        except DomainError as exc:
            district.refresh_from_db()
            form.apply_error(exc, current_version=district.version)
        else:
            messages.success(request, _("The changes to %(name)s are saved.") % {"name": district.name})
            return redirect("districts:district_detail", pk=district.pk)
    return render(request, "districts/district_form.html", _form_context(request, form, district=district,
                                                                         mode="update"))


@official_required
def district_amend(request, pk):
    district = _scoped(request, pk)
    if district.status != District.Status.DESIGNATED:
        messages.warning(request, _("Only a designated district's boundary can be amended."))
        return redirect("districts:district_detail", pk=district.pk)
    form = AmendForm(request.POST or None, request.FILES or None,
                     initial={"boundary": json.dumps(district.boundary), "version": district.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.district_amend_boundary(
                official=request.user, district_id=district.pk, boundary=form.cleaned_data["boundary"],
                reason=form.cleaned_data["reason"], exception_reason=form.cleaned_data["exception_reason"],
                expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            district.refresh_from_db()
            form.apply_error(exc, current_version=district.version)
        else:
            messages.success(request, _("The boundary of %(name)s is amended; its stores are re-assigned.")
                             % {"name": district.name})
            return redirect("districts:district_detail", pk=district.pk)
    return render(request, "districts/district_form.html", _form_context(request, form, district=district,
                                                                         mode="amend"))


@official_required
@require_POST
def district_submit(request, pk):
    district = _scoped(request, pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.district_submit(official=request.user, district_id=district.pk,
                                 expected_version=form.cleaned_data.get("version"))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is submitted for designation.") % {"name": district.name})
    return redirect("districts:district_detail", pk=district.pk)


def _transition_page(request, district, form, *, template, perform, success, done_status, done_message):
    if district.status == done_status and request.method == "GET":
        messages.info(request, done_message)
        return redirect("districts:district_detail", pk=district.pk)
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except DomainError as exc:
            district.refresh_from_db()
            form.apply_error(exc, current_version=district.version)
        else:
            messages.success(request, success)
            return redirect("districts:district_detail", pk=district.pk)
    try:
        result = services.district_criteria(district)
    except DomainError:
        result = None
    return render(request, template, {"district": district, "form": form, "criteria": result})


@official_required
def district_designate(request, pk):
    district = _scoped(request, pk)
    form = DesignateForm(request.POST or None, initial={"version": district.version})
    return _transition_page(
        request, district, form, template="districts/district_designate.html",
        done_status=District.Status.DESIGNATED,
        done_message=_("%(name)s%(name_neun)s is already designated.")
        % particles({"name": district.name}, name="은/는"),
        perform=lambda data: services.district_designate(
            official=request.user, district_id=district.pk, designated_on=data["designated_on"],
            notice_number=data["notice_number"], exception_reason=data["exception_reason"],
            expected_version=data["version"]),
        success=_("%(name)s%(name_reul)s is designated; the stores inside now belong to it.")
        % particles({"name": district.name}, name="을/를"))


@official_required
def district_revoke(request, pk):
    district = _scoped(request, pk)
    form = RevokeForm(request.POST or None, initial={"version": district.version})
    return _transition_page(
        request, district, form, template="districts/district_revoke.html",
        done_status=District.Status.REVOKED,
        done_message=_("%(name)s%(name_neun)s is already revoked.") % particles({"name": district.name}, name="은/는"),
        perform=lambda data: services.district_revoke(
            official=request.user, district_id=district.pk, ground=data["ground"], text=data["text"],
            revoked_on=data["revoked_on"], expected_version=data["version"]),
        success=_("The designation of %(name)s is revoked; its stores no longer belong to it.")
        % {"name": district.name})

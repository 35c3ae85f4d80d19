"""Public pages: file a ticket (anonymous or logged in), follow it by tracking code, a merchant's own tickets."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.permissions import merchant_required
from core import antispam, public_bodies, ratelimits, search
from core.errors import DomainError
from districts.selectors import default_local_government

from .. import selectors, services
from ..forms import ReportForm, TrackForm, make_form_token
from ..models import TicketPhoto

# Accepted filings only (a typing mistake costs nothing): per device, a signed long-lived cookie,
# and, looser, per IP, since many residents share one carrier NAT address.
REPORT_LIMITS = (
    {"group": "hotline.report.device", "key": lambda group, request: _device_id(request), "rate": "5/10m"},
    {"group": "hotline.report.ip", "key": "ip", "rate": "30/10m"},
)
TRACK_RATE = "20/10m"  # code look-ups per client IP (every attempt counts): makes guessing codes hopeless
DEVICE_COOKIE = "hotline_device"
DEVICE_SALT = "hotline.device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
DEVICE = antispam.DeviceCookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)


def _device_id(request) -> str:
    """This browser's id from its signed cookie, or a new one (sent back by `_remember_device`)."""
    return DEVICE.id(request)


def _remember_device(request, response):
    return DEVICE.remember(request, response)


def _government_or_404():
    government = default_local_government()
    if government is None:
        raise Http404(_("No local government is set up yet."))
    return government


STARTED_PLACEHOLDER = "__hotline-report-started__"


def _blank_report(request, government, extra: dict):
    """The empty report form: anonymous visitors share one rendering (`extra` carries its placeholders)."""
    initial = {}
    if request.user.is_authenticated:
        user = request.user
        initial = {"reporter_name": user.display_name, "reporter_email": user.email,
                   "reporter_phone": getattr(user, "phone", "")}
    elif extra:
        initial = {"started": STARTED_PLACEHOLDER}
    form = ReportForm(initial=initial, local_government=government)
    return render(request, "hotline/report.html", {**_report_context(request, form, government), **extra})


def _report_context(request, form, government):
    return {
        "form": form,
        "government": government,
        "dongs_script": mark_safe(selectors.report_dongs_script(government)),  # noqa: S308 (json_script output)
        "photos_dropped": request.method == "POST" and bool(request.FILES.getlist("photos")),
        "contact_retention_days": settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS,
    }


@never_cache
def report(request):
    """File a ticket. Rate-limited per client; a honeypot and a time check keep bots out."""
    government = _government_or_404()
    if request.method != "POST":
        return _remember_device(request, public_bodies.cached_page(
            request, local_government_id=government.pk, name="hotline-report",
            render=lambda extra: _blank_report(request, government, extra),
            variant=selectors.report_dongs_mark(government),
            # Each visitor's form carries its own signed start time (the spam time check).
            fills={STARTED_PLACEHOLDER: make_form_token}))

    form = ReportForm(request.POST, request.FILES, local_government=government)
    if any(ratelimits.is_used_up(request, **limit) for limit in REPORT_LIMITS):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _("Too many reports were sent from this connection. Please wait ten minutes and try "
                               "again, or call the district office."))
        return _remember_device(request, render(request, "hotline/report.html",
                                                _report_context(request, form, government), status=429))
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_file(
                local_government=government, category=data["category"], description=data["description"],
                lon=data.get("lon"), lat=data.get("lat"), store=form.store_obj, address=data.get("address") or "",
                reporter_name=data.get("reporter_name") or "", reporter_phone=data.get("reporter_phone") or "",
                reporter_email=data.get("reporter_email") or "", reporter=request.user, photo_files=data["photos"],
            )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else ("address" if exc.field == "location" else None)
            form.add_error(field, exc.message)
        else:
            for limit in REPORT_LIMITS:
                ratelimits.count_success(request, **limit)
            messages.success(request, _("Your report was received. Keep your tracking code to follow it."))
            return _remember_device(request, redirect(
                reverse("hotline:track_detail", args=[ticket.tracking_token]) + "?new=1"))
    # Keep what was typed; a fresh start token only if the old one was unusable.
    if any(error.code == "expired" for error in form.non_field_errors().as_data()):
        form.data = form.data.copy()
        form.data["started"] = make_form_token()
    return _remember_device(request, render(request, "hotline/report.html",
                                            _report_context(request, form, government), status=400))


@require_GET
def store_search(request):
    """Stores by name for the report form (public registry facts only)."""
    government = _government_or_404()
    query = request.GET.get("q", "")
    if search.too_long(query):
        return JsonResponse({"results": [], "detail": search.too_long_message(query)}, status=400)
    stores = selectors.stores_matching(government, query)
    return JsonResponse({"results": [
        {"id": s.pk, "name": str(s), "address": s.road_address or s.lot_address, "lon": s.lon, "lat": s.lat}
        for s in stores
    ]})


@never_cache
def track(request):
    """Enter a tracking code. A wrong code says only that nothing was found."""
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if ratelimits.is_limited(request, group="hotline.track", key="ip", rate=TRACK_RATE):
            form.is_valid()
            form.add_error(None, _("Too many look-ups from this connection. Please wait ten minutes."))
            status = 429
        elif form.is_valid():
            ticket = selectors.ticket_by_code(services.normalise_tracking_code(form.cleaned_data["code"]))
            if ticket is not None:
                return redirect("hotline:track_detail", token=ticket.tracking_token)
            form.add_error("code", _("No report has this tracking code. Check the code and try again."))
            status = 404
        else:
            status = 400
    return render(request, "hotline/track.html", {"form": form}, status=status)


@never_cache
def track_detail(request, token):
    """The public status of one ticket: status, due date, public replies. Never contact data or notes."""
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    view = selectors.public_view(ticket)
    return render(request, "hotline/track_detail.html", {
        "view": view, "ticket": ticket, "followed": view.followed, "is_new": request.GET.get("new") == "1",
        "photos": list(ticket.photos.only("pk")),
    })


def _photo_response(photo: TicketPhoto):
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def photo_for_holder(request, token, photo_id):
    """A photo, for the holder of the ticket's tracking link."""
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    return _photo_response(get_object_or_404(TicketPhoto, pk=photo_id, ticket=ticket))


@merchant_required
def my_tickets(request):
    tickets = selectors.tickets_of_reporter(request.user)
    return render(request, "hotline/my_tickets.html", {"tickets": tickets})

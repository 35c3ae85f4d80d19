"""Open311 GeoReport v2 (JSON, and XML for the GET methods and errors): field names as the specification.

- GET  /open311/v2/services.json          the categories as services
- GET  /open311/v2/requests.json          filters service_request_id, service_code, start_date, end_date,
                                          status; default: the last 90 days, at most 1000 requests
- POST /open311/v2/requests.json          needs the api_key of a client application (else 403)
- GET  /open311/v2/requests/<id>.json     one request (as a one-element array)

Errors are an array of {"code", "description"} with HTTP 400/403/404. Contact
data of reporters never leaves through this API; photos stay private too.
The jurisdiction is the client's government on POST, and `jurisdiction_id`
(a 5-digit 시군구 code) or the default government on GET.
"""

from __future__ import annotations

import datetime
import time
from xml.etree import ElementTree

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import bounds, public_bodies
from core.errors import DomainError
from core.masking import mask_personal_data
from core.middleware import NULL_CHARACTER_MESSAGE, checks_null_characters, has_null_character
from districts.models import LocalGovernment
from districts.selectors import default_local_government

from . import selectors, services
from .models import Category, Ticket

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
LIST_FILTERS = ("service_request_id", "service_code", "start_date", "end_date", "status")
WINDOW_STEP = datetime.timedelta(minutes=5)
SERVICE_GROUP = "골목경제 119"


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, str(description)


def _render(data, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_to_xml(data, root, item), status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _to_xml(rows: list[dict], root: str, item: str) -> bytes:
    tree = ElementTree.Element(root)
    for row in rows:
        node = ElementTree.SubElement(tree, item)
        for key, value in row.items():
            child = ElementTree.SubElement(node, key)
            child.text = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
    return ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)


def _error(exc: Open311Error, fmt: str) -> HttpResponse:
    return _render([{"code": exc.status, "description": exc.description}], fmt, root="errors", item="error",
                   status=exc.status)


def _iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _jurisdiction(request) -> LocalGovernment:
    code = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    government = LocalGovernment.objects.filter(code=code).first() if code else default_local_government()
    if government is None:
        raise Open311Error(404, _("Unknown jurisdiction_id."))
    return government


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": category.display_description,
        "metadata": False,
        "type": "realtime",
        "keywords": category.keywords,
        "group": SERVICE_GROUP,
    }


def _status_notes(ticket: Ticket) -> str:
    if ticket.status == Ticket.Status.REJECTED:
        return ticket.reject_reason
    if ticket.status == Ticket.Status.MERGED:
        return _("Merged into request %(id)s.") % {"id": ticket.merged_into_id}
    return ticket.get_status_display()


def _request(ticket: Ticket) -> dict:
    tz = timezone.get_current_timezone()
    due_end = datetime.datetime.combine(ticket.due_date, datetime.time(18, 0), tzinfo=tz)
    return {
        "service_request_id": str(ticket.pk),
        "status": "open" if ticket.is_open else "closed",
        "status_notes": _status_notes(ticket),
        "service_name": ticket.category.display_name,
        "service_code": ticket.category.code,
        "description": mask_personal_data(ticket.description),  # public: contact data typed in is masked
        "agency_responsible": ticket.local_government.name,
        "service_notice": "",
        "requested_datetime": _iso(ticket.created_at),
        "updated_datetime": _iso(ticket.updated_at),
        "expected_datetime": due_end.isoformat(timespec="seconds"),
        "address": ticket.address,
        "address_id": "",
        "zipcode": "",
        "lat": ticket.lat,
        "long": ticket.lon,
        "media_url": "",
    }


def _base_requests():
    return Ticket.objects.select_related("category", "local_government")


def _public(request, government, name: str, build, fmt: str, *, variant: str, store: bool = True,
            not_before=None) -> HttpResponse:
    """A list as a versioned public body (core.public_bodies): built once per data version, gzip kept, 304s."""
    content_type = "text/xml; charset=utf-8" if fmt == "xml" else "application/json"
    body = public_bodies.get_body(local_government_id=government.pk, name=name, content_type=content_type,
                                  build=build, variant=f"{fmt}|{get_language()}|{variant}", store=store,
                                  not_before=not_before)
    return public_bodies.respond(request, body)


@require_http_methods(["GET"])
def services_list(request, fmt: str):
    # The categories are the same for every jurisdiction and change only in the admin: a few rows,
    # read each time, but answered with validators (304) and gzip like the other public bodies.
    services_ = [_service(c) for c in selectors.active_categories()]
    body = public_bodies.make_body(_render(services_, fmt, root="services", item="service").content,
                                   "text/xml; charset=utf-8" if fmt == "xml" else "application/json",
                                   version=0, last_modified=timezone.now().replace(microsecond=0))
    return public_bodies.respond(request, body)


def _parse_when(value: str, name: str) -> datetime.datetime:
    value = value.strip().replace(" ", "+")  # an unencoded '+09:00' arrives as ' 09:00'
    try:  # well-formed but impossible (2026-02-30, 25:00) raises ValueError
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(400, _("%(name)s must be a W3C date-time such as 2026-11-27T09:00:00+09:00.")
                           % {"name": name})
    if not bounds.is_sane_date(parsed):  # also keeps the 90-day default and time zones clear of year 1 and 9999
        raise Open311Error(400, _("%(name)s must lie between %(earliest)s and %(latest)s.")
                           % {"name": name, "earliest": bounds.EARLIEST_DATE.isoformat(),
                              "latest": bounds.latest_date().isoformat()})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _request_id(text: str) -> int | None:
    """A service_request_id as a number, or None: ASCII digits only ('²' passes str.isdigit())."""
    text = text.strip()
    if text.isascii() and text.isdecimal() and int(text) <= bounds.MAX_INTEGER:
        return int(text)
    return None



def _list_requests(request, fmt: str) -> HttpResponse:
    government = _jurisdiction(request)
    qs = _base_requests().filter(local_government=government)
    ids = [_request_id(part) for part in request.GET.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        if None in ids:
            raise Open311Error(400, _("service_request_id must be a comma-separated list of numbers."))
        qs = qs.filter(pk__in=ids)  # the spec: other filters are ignored when ids are given
    else:
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        end = _parse_when(request.GET["end_date"], "end_date") if request.GET.get("end_date") else timezone.now()
        start = (_parse_when(request.GET["start_date"], "start_date") if request.GET.get("start_date")
                 else end - datetime.timedelta(days=DEFAULT_DAYS))
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if statuses == {"open"}:
            qs = qs.filter(status__in=Ticket.OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=Ticket.OPEN_STATUSES)
    def build() -> bytes:
        rows = [_request(t) for t in qs.order_by("-created_at", "-pk")[:MAX_REQUESTS]]
        return _render(rows, fmt, root="service_requests", item="request").content

    params = "&".join(f"{key}={request.GET.get(key, '')}" for key in LIST_FILTERS)
    # Kept: the default window and its code/status filters; explicit ids and dates are too many to keep.
    store = not ids and not request.GET.get("start_date") and not request.GET.get("end_date")
    # The default window rolls with the clock: a kept body is rebuilt every WINDOW_STEP at the latest.
    step = int(WINDOW_STEP.total_seconds())
    not_before = datetime.datetime.fromtimestamp(int(time.time()) // step * step, tz=datetime.UTC) if store else None
    return _public(request, government, "open311-requests", build, fmt, variant=params, store=store,
                   not_before=not_before)


def _create_request(request, fmt: str) -> HttpResponse:
    if fmt != "json":
        raise Open311Error(400, _("POST is available as requests.json."))
    data = request.POST
    client = selectors.open311_client_for_key(data.get("api_key"))
    if client is None:
        raise Open311Error(403, _("api_key was not provided or is not valid."))
    code = (data.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = selectors.active_categories().filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    lat, lon = data.get("lat", "").strip(), data.get("long", "").strip()
    address = (data.get("address_string") or "").strip()
    if not (lat and lon) and not address:
        raise Open311Error(400, _("lat and long, or address_string, must be provided."))
    try:
        lat_value, lon_value = (float(lat), float(lon)) if lat and lon else (None, None)
    except ValueError as exc:
        raise Open311Error(400, _("lat and long must be decimal degrees (WGS84).")) from exc
    description = (data.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description was not provided."))
    name = " ".join(p for p in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if p)
    try:
        ticket = services.ticket_file(
            local_government=client.local_government, category=category, description=description[:4000],
            lon=lon_value, lat=lat_value, address=address, reporter_name=name[:50],
            reporter_phone=(data.get("phone") or "").strip()[:30],
            reporter_email=(data.get("email") or "").strip()[:254],
            source=Ticket.Source.OPEN311, open311_client=client,
        )
    except DomainError as exc:
        raise Open311Error(400, exc.message) from exc
    client.last_used_at = timezone.now()
    client.save(update_fields=["last_used_at"])
    notice = _("Received. Expected to be handled by %(date)s.") % {"date": ticket.due_date.isoformat()}
    # media_url is ignored: photos come only through the web form, where their content is checked.
    return _render([{"service_request_id": str(ticket.pk), "service_notice": notice, "account_id": ""}], fmt,
                   root="service_requests", item="request")


@checks_null_characters
@csrf_exempt  # a machine API authenticated by api_key, not a browser session
@require_http_methods(["GET", "POST"])
def requests_list(request, fmt: str):
    try:
        if has_null_character(request):
            raise Open311Error(400, NULL_CHARACTER_MESSAGE)
        return _create_request(request, fmt) if request.method == "POST" else _list_requests(request, fmt)
    except Open311Error as exc:
        return _error(exc, fmt)


@checks_null_characters
@require_http_methods(["GET"])
def request_detail(request, request_id: str, fmt: str):
    try:
        if has_null_character(request):
            raise Open311Error(400, NULL_CHARACTER_MESSAGE)
        government = _jurisdiction(request)
        number = _request_id(request_id)
        if number is None:
            raise Open311Error(400, _("service_request_id must be a number."))
        ticket = _base_requests().filter(local_government=government, pk=number).first()
        if ticket is None:
            raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": request_id})
        return _render([_request(ticket)], fmt, root="service_requests", item="request")
    except Open311Error as exc:
        return _error(exc, fmt)

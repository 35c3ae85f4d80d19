"""Reads of the hotline shared by views, the API, Open311, tasks and the dashboard.

`hotline_figures(local_government, month, scope=..., scope_id=...)` computes
every figure the dashboard shows for a month and a scope (the government, a
dong or an alley district) in a fixed number of queries, whatever the number
of tickets:

- open: tickets still open at the end of the month (now, for the current month);
- received: tickets filed in the month (merged duplicates included: each is a report);
- processed: tickets resolved or rejected in the month; resolved and rejected apart;
- resolution_rate (처리율): processed / (processed + open at the end of the month),
  the share of the month's workload that was dealt with (0..1, None without work);
- overdue_open: tickets open at the end of the month and past their due date;
- median_days_to_resolve: median of (resolved - received) over the month's resolved tickets, in days;
- top_categories, top_keywords (single nouns), top_phrases (adjacent noun pairs);
- recent_resolved: the latest resolved tickets (public facts only, no contact data);
- points: [id, lon, lat, status, category code] of the month's tickets, for a map.
"""

from __future__ import annotations

import contextlib
import datetime
import statistics
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core import bounds
from core.masking import mask_personal_data
from districts import geo
from districts.models import District
from districts.selectors import dong_locator

from .models import Category, Open311Client, Ticket, TicketComment, TicketKeyword

SCOPES = ("government", "dong", "district")
AGE_FILTERS = {"3": 3, "7": 7, "30": 30}


# --- months -----------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a month as aware datetimes in the current time zone (Asia/Seoul)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month_start(month), datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(next_month(month), datetime.time.min, tzinfo=tz)
    return start, end


def parse_month(value: str | None, *, default: datetime.date | None = None) -> datetime.date:
    """'2026-11' -> date(2026, 11, 1); invalid or missing -> the default (this month)."""
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return default or month_start(timezone.localdate())


# --- location ---------------------------------------------------------------------------------


def district_locator(local_government) -> geo.PointLocator:
    """A point locator over the government's designated alley districts, keyed by district id."""
    districts = District.objects.filter(local_government=local_government, status=District.Status.DESIGNATED)
    return geo.PointLocator({d.pk: d.boundary for d in districts.only("pk", "boundary").order_by("pk")})


def locate(local_government, lon: float, lat: float) -> tuple[int | None, int | None]:
    """(dong id, designated district id) of a point, None where it is in none."""
    dong_id = dong_locator(local_government).locate_one(lon, lat)
    district_id = district_locator(local_government).locate_one(lon, lat) if dong_id else None
    return dong_id, district_id


def stores_matching(local_government, query: str, *, limit: int = 10):
    """Open stores whose name contains the query, for the report form's store picker."""
    from merchants.models import Store

    query = (query or "").strip()
    if len(query) < 2:
        return Store.objects.none()
    return (Store.objects.filter(local_government=local_government, status=Store.Status.OPEN, name__icontains=query,
                                 lon__isnull=False, lat__isnull=False)
            .only("pk", "name", "branch", "road_address", "lot_address", "lon", "lat").order_by("name", "pk")[:limit])


# --- tickets ----------------------------------------------------------------------------------


def tickets_of(local_government) -> QuerySet[Ticket]:
    return Ticket.objects.filter(local_government=local_government)


def queue(local_government, *, status: str = "", category: str = "", dong: str = "", district: str = "",
          age: str = "", overdue: bool = False, q: str = "", today: datetime.date | None = None) -> QuerySet[Ticket]:
    """The official's queue with its filters; open tickets first, oldest first."""
    qs = tickets_of(local_government).select_related("category", "dong", "district", "assignee")
    if q:
        qs = qs.filter(search_filter(q))
    if status == "open":
        qs = qs.filter(status__in=Ticket.OPEN_STATUSES)
    elif status in Ticket.Status.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if dong:
        qs = qs.filter(dong_id=dong)
    if district:
        qs = qs.filter(district_id=district)
    if age in AGE_FILTERS:
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=AGE_FILTERS[age])
        qs = qs.filter(created_at__date__lte=cutoff)
    if overdue:
        qs = qs.filter(is_overdue=True, status__in=Ticket.OPEN_STATUSES)
    return qs.order_by("closed_at", "created_at", "id") if status == "open" else qs.order_by("-created_at", "-id")


def search_filter(query: str) -> Q:
    """What an official types into the queue's search box: a tracking code (any case, with or without the
    hyphen), a ticket number ('#123' or '123'), or words of the description or the place."""
    from .services import CODE_LENGTH, normalise_tracking_code

    query = " ".join(query.split())
    condition = Q(description__icontains=query) | Q(address__icontains=query)
    code = normalise_tracking_code(query)
    if len(code) == CODE_LENGTH:
        condition |= Q(tracking_code=code)
    number = query.removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) <= 18:
        condition |= Q(pk=int(number))
    return condition


def ticket_for_official(local_government, ticket_id: int) -> Ticket:
    return (tickets_of(local_government)
            .select_related("category", "dong", "district", "assignee", "store", "merged_into", "reporter")
            .get(pk=ticket_id))


def ticket_by_token(token: str) -> Ticket | None:
    if not token or len(token) > 64:
        return None
    return Ticket.objects.select_related("category", "dong", "merged_into").filter(tracking_token=token).first()


def ticket_by_code(code: str) -> Ticket | None:
    if not code:
        return None
    return Ticket.objects.only("tracking_token").filter(tracking_code=code).first()


@dataclass
class PublicView:
    """What the holder of a tracking code may see: status, public replies and events. No contact data."""

    ticket: Ticket
    followed: Ticket  # the ticket whose status they follow (the primary, for a merged duplicate)
    replies: list[TicketComment]
    events: list


def public_view(ticket: Ticket) -> PublicView:
    followed = ticket.merged_into if ticket.status == Ticket.Status.MERGED and ticket.merged_into_id else ticket
    replies = list(TicketComment.objects.filter(ticket__in={ticket.pk, followed.pk},
                                                kind=TicketComment.Kind.PUBLIC).order_by("created_at", "id"))
    events = list(followed.events.only("kind", "from_status", "to_status", "created_at").order_by("created_at", "id"))
    return PublicView(ticket=ticket, followed=followed, replies=replies, events=events)


def tickets_of_reporter(user) -> QuerySet[Ticket]:
    return (Ticket.objects.filter(reporter=user).select_related("category", "dong", "merged_into")
            .order_by("-created_at", "-id"))


def officials_of(local_government):
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(role="official", local_government=local_government, is_active=True)
            .order_by("last_name", "first_name", "username"))


def open311_client_for_key(key: str | None) -> Open311Client | None:
    if not key:
        return None
    from .services import hash_api_key

    return (Open311Client.objects.select_related("local_government")
            .filter(key_hash=hash_api_key(key), is_active=True).first())


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("sort_order", "code")


# --- dashboard figures ------------------------------------------------------------------------


@dataclass
class HotlineFigures:
    month: datetime.date
    scope: str
    scope_id: int | None
    open: int = 0
    received: int = 0
    processed: int = 0
    resolved: int = 0
    rejected: int = 0
    overdue_open: int = 0
    resolution_rate: float | None = None
    median_days_to_resolve: float | None = None
    top_categories: list[dict] = field(default_factory=list)
    top_keywords: list[dict] = field(default_factory=list)
    top_phrases: list[dict] = field(default_factory=list)
    recent_resolved: list[dict] = field(default_factory=list)
    points: list[list] = field(default_factory=list)

    def as_json(self) -> dict:
        data = asdict(self)
        data["month"] = self.month.strftime("%Y-%m")
        return data


def resolve_scope(local_government, scope: str | None, raw_id: str | None) -> tuple[str, int | None, str]:
    """(scope, scope id, label) from request parameters; an id outside the government means the whole."""
    from districts.selectors import dongs_of

    raw_id = bounds.parse_int(raw_id)
    if scope == "dong" and raw_id is not None:
        dong = dongs_of(local_government).filter(pk=raw_id).first()
        if dong:
            return "dong", dong.pk, dong.name
    if scope == "district" and raw_id is not None:
        district = District.objects.filter(local_government=local_government, pk=raw_id).first()
        if district:
            return "district", district.pk, district.name
    return "government", None, local_government.name


def scoped_tickets(local_government, scope: str = "government", scope_id: int | None = None) -> QuerySet[Ticket]:
    qs = tickets_of(local_government)
    if scope == "dong":
        qs = qs.filter(dong_id=scope_id)
    elif scope == "district":
        qs = qs.filter(district_id=scope_id)
    return qs


def hotline_figures(local_government, month: datetime.date, *, scope: str = "government",
                    scope_id: int | None = None, top: int = 5, recent: int = 5,
                    now: datetime.datetime | None = None) -> HotlineFigures:
    """Every hotline figure of one month and scope (see the module docstring); 8 queries."""
    month = month_start(month)
    start, end = month_bounds(month)
    now = now or timezone.now()
    cutoff = min(end, now)  # "open at the end of the month" means "open now" for the current month
    qs = scoped_tickets(local_government, scope, scope_id)
    closed_in_month = Q(closed_at__gte=start, closed_at__lt=end)
    open_at_cutoff = Q(created_at__lt=cutoff) & (Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
    counts = qs.aggregate(
        received=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        resolved=Count("pk", filter=closed_in_month & Q(status=Ticket.Status.RESOLVED)),
        rejected=Count("pk", filter=closed_in_month & Q(status=Ticket.Status.REJECTED)),
        open=Count("pk", filter=open_at_cutoff),
        overdue_open=Count("pk", filter=open_at_cutoff & Q(due_date__lt=timezone.localdate(cutoff))),
    )
    figures = HotlineFigures(month=month, scope=scope, scope_id=scope_id, **counts)
    figures.processed = figures.resolved + figures.rejected
    workload = figures.processed + figures.open
    figures.resolution_rate = round(figures.processed / workload, 4) if workload else None

    durations = [
        (closed - created).total_seconds() / 86400
        for created, closed in qs.filter(closed_in_month, status=Ticket.Status.RESOLVED)
        .values_list("created_at", "closed_at")
    ]
    figures.median_days_to_resolve = round(statistics.median(durations), 1) if durations else None

    categories = {c.pk: c for c in Category.objects.all()}
    by_category = (qs.filter(created_at__gte=start, created_at__lt=end).values("category_id")
                   .annotate(n=Count("pk")).order_by("-n", "category_id")[:top])
    figures.top_categories = [
        {"code": categories[row["category_id"]].code, "name": categories[row["category_id"]].display_name,
         "count": row["n"]}
        for row in by_category
    ]

    keyword_rows = TicketKeyword.objects.filter(
        local_government=local_government, month=month, scope=scope,
        scope_id=local_government.pk if scope == "government" else scope_id,
    ).order_by("-count", "keyword").values_list("keyword", "is_phrase", "count")
    for keyword, is_phrase, n in keyword_rows:
        target = figures.top_phrases if is_phrase else figures.top_keywords
        if len(target) < top:
            target.append({"keyword": keyword, "count": n})

    latest = (qs.filter(closed_in_month, status=Ticket.Status.RESOLVED).select_related("category", "dong")
              .order_by("-closed_at", "-id")[:recent])
    figures.recent_resolved = [
        {"id": t.pk, "category": t.category.display_name, "dong": t.dong.name if t.dong else "",
         "summary": _summary(t.description), "received_at": timezone.localtime(t.created_at).isoformat(),
         "resolved_at": timezone.localtime(t.closed_at).isoformat()}
        for t in latest
    ]

    figures.points = [
        [pk, round(lon, 6), round(lat, 6), status, code]
        for pk, lon, lat, status, code in qs.filter(created_at__gte=start, created_at__lt=end, lon__isnull=False)
        .order_by("pk").values_list("pk", "lon", "lat", "status", "category__code")
    ]
    return figures


def tickets_in_month(local_government, month: datetime.date, *, scope: str = "government",
                     scope_id: int | None = None) -> QuerySet[Ticket]:
    start, end = month_bounds(month)
    return (scoped_tickets(local_government, scope, scope_id).filter(created_at__gte=start, created_at__lt=end)
            .select_related("category", "dong").order_by("-created_at", "-id"))


def _summary(text: str, length: int = 60) -> str:
    """A public one-line summary: contact data a reporter typed in is masked first."""
    text = " ".join(mask_personal_data(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def months_with_tickets(local_government) -> list[datetime.date]:
    """Months (first days) from the first ticket to this month, newest first, for month pickers."""
    first = tickets_of(local_government).order_by("created_at").values_list("created_at", flat=True).first()
    current = month_start(timezone.localdate())
    if first is None:
        return [current]
    month, months = month_start(timezone.localdate(first)), []
    while month <= current:
        months.append(month)
        month = next_month(month)
    return months[::-1]


# --- the report form's dong layer ---------------------------------------------------------------

def report_dongs_mark(local_government) -> str:
    """Changes whenever a dong of the government is added, removed or edited (count and last update)."""
    from django.db.models import Max

    from districts.models import AdministrativeDong

    mark = AdministrativeDong.objects.filter(local_government=local_government).aggregate(
        n=Count("pk"), at=Max("updated_at"))
    return f"{mark['n']}:{mark['at'].timestamp() if mark['at'] else 0}"


def report_dongs_script(local_government) -> str:
    """The dong outlines of the report form's map as a ready `<script type="application/json">` element.

    Simplifying eighteen boundaries was most of the form's cost; the element is kept in the cache
    until a dong of the government changes (count and last update in the key), built again when the
    cache is down."""
    from django.core.cache import cache
    from django.utils.html import json_script

    from districts.selectors import dongs_feature_collection, dongs_of

    key = f"hotline:report-dongs:{local_government.pk}:{report_dongs_mark(local_government)}"
    try:
        script = cache.get(key)
    except Exception:  # a cache that is down: build it
        script = None
    if script is None:
        script = str(json_script(dongs_feature_collection(dongs_of(local_government), simplify_m=10, precision=5),
                                 "dongs-data"))
        with contextlib.suppress(Exception):
            cache.set(key, script, 24 * 3600)
    return script

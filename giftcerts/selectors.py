"""Reads shared by the views, the API and the tasks. Each returns a queryset (or a list)
with what its pages need loaded up front, so list pages run a fixed number of queries."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from districts import geo

from . import documents, eligibility, rules
from .markets import market_key
from .models import (
    ApplicationDocument,
    ApplicationEvent,
    DocumentRequirement,
    Franchise,
    FranchiseApplication,
    InfoSession,
    OutreachVisit,
    RecognisedMarket,
    RestrictedBusinessType,
)

Status = FranchiseApplication.Status


def no_boundaries(*relations: str) -> list[str]:
    """Fields to defer: the big GeoJSON boundaries of related dongs and districts, which lists never show."""
    return [f"{relation}__boundary" for relation in relations]


# --- merchants -----------------------------------------------------------------------------

def merchant_stores(user):
    from merchants.models import Store

    return (Store.objects.filter(owner__user=user)
            .select_related("district", "industry", "dong", "local_government")
            .defer(*no_boundaries("district", "dong")).order_by("name", "id"))


def merchant_applications(user):
    return (FranchiseApplication.objects.filter(applicant=user)
            .select_related("store", "store__dong").defer(*no_boundaries("store__dong"))
            .order_by("-created_at", "-id"))


def merchant_store_rows(user, applications, today: datetime.date | None = None) -> list[dict]:
    """One row per store of the merchant: its open application, its active franchise, and
    whether a renewal may be applied for today (from RENEWAL_NOTICE_DAYS before the end)."""
    today = today or timezone.localdate()
    stores = list(merchant_stores(user))
    open_by_store = {a.store_id: a for a in applications if a.is_open}
    active = {f.store_id: f for f in Franchise.objects.filter(store__in=stores, status=Franchise.Status.ACTIVE)}
    return [{"store": store, "open_application": open_by_store.get(store.pk), "franchise": active.get(store.pk),
             "renewal_open": store.pk in active and active[store.pk].renewal_opens_on <= today}
            for store in stores]


def application_detail_queryset():
    return FranchiseApplication.objects.select_related(
        "store__district", "store__industry", "store__dong", "store__local_government", "applicant", "decided_by",
    ).defer(*no_boundaries("store__district", "store__dong")).prefetch_related(
        Prefetch("documents", queryset=ApplicationDocument.objects.order_by("kind", "uploaded_at", "id")),
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor").order_by("created_at", "id")),
    )


def visible_applications(user):
    """Applications a user may see: merchants their own, officials their government's."""
    qs = application_detail_queryset()
    if user.is_authenticated and user.is_official:
        return qs.filter(store__local_government_id=user.local_government_id)
    if user.is_authenticated and user.is_merchant:
        return qs.filter(applicant=user)
    return qs.none()


def visible_documents(user):
    """Documents a user may open: the applicant's own, or any of an official's government."""
    qs = ApplicationDocument.objects.select_related("application__store")
    if user.is_authenticated and user.is_official:
        return qs.filter(application__store__local_government_id=user.local_government_id)
    if user.is_authenticated and user.is_merchant:
        return qs.filter(application__applicant=user)
    return qs.none()


def latest_event(application, to_status: str):
    """The newest event into `to_status` (events are prefetched in order)."""
    found = [e for e in application.events.all() if e.to_status == to_status]
    return found[-1] if found else None


def franchise_of_application(application) -> Franchise | None:
    """The franchise an approval issued, shown to the merchant whatever note the official wrote."""
    if application.status != Status.APPROVED:
        return None
    return Franchise.objects.filter(application_id=application.pk).first()


# --- officials: review queue ---------------------------------------------------------------

AGE_FILTERS = {
    "0-3": (0, 3),
    "4-7": (4, 7),
    "8+": (8, None),
}


def review_queue(official, *, status: str = "", dong_id=None, district_id=None, age: str = "",
                 today: datetime.date | None = None):
    """The government's applications awaiting a decision (or in `status`), oldest submission first."""
    today = today or timezone.localdate()
    qs = (FranchiseApplication.objects.filter(store__local_government_id=official.local_government_id)
          .exclude(status=Status.DRAFT)
          .select_related("store__dong", "store__district", "store__industry", "applicant")
          .defer(*no_boundaries("store__dong", "store__district"))
          .prefetch_related(Prefetch("documents", queryset=ApplicationDocument.objects.only("id", "kind",
                                                                                             "application_id"))))
    qs = qs.filter(status=status) if status else qs.filter(status__in=FranchiseApplication.PENDING_REVIEW_STATUSES)
    if dong_id:
        qs = qs.filter(store__dong_id=dong_id)
    if district_id:
        qs = qs.filter(store__district_id=district_id)
    if age in AGE_FILTERS:
        low, high = AGE_FILTERS[age]
        tz = timezone.get_current_timezone()
        newest = datetime.datetime.combine(today - datetime.timedelta(days=low - 1), datetime.time(), tz)
        qs = qs.filter(submitted_at__lt=newest)
        if high is not None:
            oldest = datetime.datetime.combine(today - datetime.timedelta(days=high), datetime.time(), tz)
            qs = qs.filter(submitted_at__gte=oldest)
    return qs.order_by(
        # oldest first; applications never submitted (none here) last
        "submitted_at", "id")


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    days_left: int  # negative: overdue by that many days
    paused: bool  # waiting for the merchant's supplement

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def deadline_of(application, today: datetime.date | None = None) -> Deadline | None:
    """The 7-day processing target in calendar days (Korean business days are not counted here),
    extended by the days spent waiting for the merchant's supplements. None once decided or withdrawn."""
    if application.submitted_at is None or not application.awaits_decision:
        return None
    today = today or timezone.localdate()
    paused_days = application.paused_days
    paused = application.status == Status.SUPPLEMENT_REQUESTED and application.supplement_requested_at is not None
    if paused:
        paused_days += (today - timezone.localdate(application.supplement_requested_at)).days
    due_on = (timezone.localdate(application.submitted_at)
              + datetime.timedelta(days=rules.REVIEW_TARGET_DAYS + paused_days))
    return Deadline(due_on, (due_on - today).days, paused)


def review_queue_rows(applications, local_government, today: datetime.date | None = None) -> list[dict]:
    """The review queue's rows: deadline, the eligibility snapshot, document completeness, and
    whether bulk approval may take the application (submitted, eligible, documents complete)."""
    today = today or timezone.localdate()
    specs = documents.requirements_for(local_government.pk, DocumentRequirement.objects.filter(
        local_government=local_government))
    rows = []
    for application in applications:
        missing = documents.missing_required(specs, [d.kind for d in application.documents.all()])
        eligible = bool(application.eligibility) and all(r.get("passed") is True for r in application.eligibility)
        rows.append({
            "application": application,
            "deadline": deadline_of(application, today),
            "eligible": eligible,
            "documents_complete": not missing,
            "bulk_ready": application.is_under_review and eligible and not missing,
        })
    return rows


def official_franchises(official, *, status: str = "", dong_id=None, expiring_within_days: int | None = None,
                        q: str = "", today: datetime.date | None = None):
    today = today or timezone.localdate()
    qs = (Franchise.objects.filter(store__local_government_id=official.local_government_id)
          .select_related("store__dong", "store__district", "store__industry")
          .defer(*no_boundaries("store__dong", "store__district")))
    if status:
        qs = qs.filter(status=status)
    if dong_id:
        qs = qs.filter(store__dong_id=dong_id)
    if expiring_within_days is not None:
        qs = qs.filter(status=Franchise.Status.ACTIVE,
                       valid_until__lte=today + datetime.timedelta(days=expiring_within_days))
    if q:
        qs = qs.filter(Q(store__name__icontains=q) | Q(number__icontains=q))
    return qs.order_by("valid_until", "id") if expiring_within_days is not None else qs.order_by("-valid_from", "-id")


# --- public finder -------------------------------------------------------------------------

def kinds_include(kind: str) -> Q:
    """Franchises whose kinds list holds `kind` (JSON text match: works on SQLite and PostgreSQL)."""
    return Q(kinds__icontains=f'"{kind}"')


# Only these columns leave the database for the public finder: no business number, owner or revenue.
PUBLIC_COLUMNS = ("kinds", "store_id", "store__name", "store__branch", "store__road_address", "store__lot_address",
                  "store__phone", "store__opening_hours", "store__lon", "store__lat", "store__market_name",
                  "store__industry__name", "industry_major", "store__dong__name")


def finder_franchises(local_government, *, q: str = "", major: str = "", dong_id=None, kind: str = "",
                      near: tuple[float, float] | None = None, bbox: tuple[float, float, float, float] | None = None):
    """Active franchises of open stores for the public map and list, as rows of PUBLIC_COLUMNS
    (plain values: ten thousand stores are read without building model objects)."""
    qs = (Franchise.objects.filter(status=Franchise.Status.ACTIVE, store__local_government=local_government,
                                   store__status="open")
          .annotate(industry_major=Coalesce("store__industry__parent__parent__name", "store__industry__parent__name",
                                            "store__industry__name"))
          .values(*PUBLIC_COLUMNS))
    if q:
        qs = qs.filter(Q(store__name__icontains=q) | Q(store__branch__icontains=q))
    if major:
        qs = qs.filter(store__industry__code__startswith=major)
    if dong_id:
        qs = qs.filter(store__dong_id=dong_id)
    if kind:
        qs = qs.filter(kinds_include(kind))
    if bbox is not None:  # the map's viewport: west, south, east, north
        qs = qs.filter(store__lon__gte=bbox[0], store__lat__gte=bbox[1], store__lon__lte=bbox[2],
                       store__lat__lte=bbox[3])
    if near is not None:
        lon, lat = near
        # Equirectangular distance: sorts like the true distance at city scale, runs in SQL.
        k = math.cos(math.radians(lat)) ** 2
        dlon, dlat = F("store__lon") - lon, F("store__lat") - lat
        return qs.filter(store__lon__isnull=False).order_by((dlon * dlon) * k + dlat * dlat, "id")
    return qs.order_by("store__name", "id")


def public_store_properties(row: dict, near: tuple[float, float] | None = None) -> dict:
    """The public face of a franchise store (a `finder_franchises` row)."""
    props = {
        "id": row["store_id"],
        "name": f"{row['store__name']} {row['store__branch']}".strip(),
        "industry": row["store__industry__name"] or "",
        "industry_major": row["industry_major"] or "",
        "dong": row["store__dong__name"] or "",
        "market": row["store__market_name"],
        "address": row["store__road_address"] or row["store__lot_address"],
        "phone": row["store__phone"],
        "opening_hours": row["store__opening_hours"],
        "kinds": list(row["kinds"]),
    }
    if near is not None and row["store__lon"] is not None:
        props["distance_m"] = round(geo.distance_m(near[0], near[1], row["store__lon"], row["store__lat"]))
    return props


# The finder API's compact form: one array per store in this column order (like the dashboard's
# stores.json), a third of the GeoJSON bytes. `kinds` is a list of codes; distance_m only with a point.
FINDER_FIELDS = ("id", "lon", "lat", "name", "industry", "industry_major", "dong", "market", "address", "phone",
                 "opening_hours", "kinds")


def onnuri_compact(rows, near=None, *, count: int, page: int, pages: int, page_size: int) -> dict:
    fields = [*FINDER_FIELDS, "distance_m"] if near is not None else list(FINDER_FIELDS)
    out = []
    for row in rows:
        if row["store__lon"] is None or row["store__lat"] is None:
            continue
        p = public_store_properties(row, near)
        values = [p["id"], round(row["store__lon"], 6), round(row["store__lat"], 6), p["name"], p["industry"],
                  p["industry_major"], p["dong"], p["market"], p["address"], p["phone"], p["opening_hours"],
                  p["kinds"]]
        if near is not None:
            values.append(p.get("distance_m"))
        out.append(values)
    return {"fields": fields, "rows": out, "count": count, "page": page, "pages": pages, "page_size": page_size}


def onnuri_feature_collection(rows, near=None) -> dict:
    features = [{
        "type": "Feature",
        "id": row["store_id"],
        "geometry": {"type": "Point", "coordinates": [round(row["store__lon"], 6), round(row["store__lat"], 6)]},
        "properties": public_store_properties(row, near),
    } for row in rows if row["store__lon"] is not None and row["store__lat"] is not None]
    return {"type": "FeatureCollection", "features": features}


# --- information sessions ------------------------------------------------------------------

SESSION_CANCELLED, SESSION_FINISHED, SESSION_FULL, SESSION_OPEN = "cancelled", "finished", "full", "open"


def sessions_for(local_government, *, include_past: bool = False, now=None):
    """Sessions with `registered` (seats taken) and `registration_state`: cancelled, finished
    (it has started), full, or open for registration."""
    now = now or timezone.now()
    qs = (InfoSession.objects.filter(local_government=local_government).select_related("dong")
          .defer(*no_boundaries("dong"))
          .annotate(registered=Count("registrations"))
          .annotate(registration_state=Case(
              When(status=InfoSession.Status.CANCELLED, then=Value(SESSION_CANCELLED)),
              When(starts_at__lte=now, then=Value(SESSION_FINISHED)),
              When(registered__gte=F("capacity"), then=Value(SESSION_FULL)),
              default=Value(SESSION_OPEN))))
    if not include_past:
        qs = qs.filter(starts_at__gte=now - datetime.timedelta(hours=12))
    return qs.order_by("starts_at", "id")


# --- outreach ------------------------------------------------------------------------------

@dataclass
class OutreachRow:
    store: object
    franchise: Franchise | None
    place: str  # the designated district's name, else the recognised market's
    last_visit: OutreachVisit | None = None


def market_names_matching(local_government) -> list[str]:
    """Market names as the government's stores write them, that match a recognised market."""
    from merchants.models import Store

    keys = set()
    for match_keys in RecognisedMarket.objects.filter(local_government=local_government, active=True) \
            .values_list("match_keys", flat=True):
        keys.update(match_keys)
    names = (Store.objects.filter(local_government=local_government).exclude(market_name="")
             .order_by().values_list("market_name", flat=True).distinct())  # no ordering: DISTINCT on the name
    return [name for name in names if market_key(name, local_government.name) in keys]


# Two of the eligibility rules as filters on Store, for counting many stores in SQL (the dashboard's
# eligible-store figures, the outreach list). They must agree with eligibility._location and
# eligibility._business_type: tests/giftcerts/test_eligible_filters.py checks that they do.

def onnuri_location_q(local_government) -> Q:
    """Stores where Onnuri applies: in a designated alley district, or in a recognised market of the
    government (the store's market name matched after normalisation, as eligibility matches it)."""
    return Q(district__status="designated") | Q(market_name__in=market_names_matching(local_government))


def permitted_business_type_q() -> Q:
    """Stores whose business type may join: an industry is recorded and its SEMAS code starts with
    none of the active restricted codes or prefixes (RestrictedBusinessType)."""
    permitted = Q(industry__isnull=False)
    for code in RestrictedBusinessType.objects.filter(active=True).exclude(code="").values_list("code", flat=True):
        permitted &= ~Q(industry__code__startswith=code)
    return permitted


def outreach_candidates(local_government, *, district_id=None, dong_id=None,
                        today: datetime.date | None = None) -> list[OutreachRow]:
    """Stores that could join but have not: eligible by the same rules as an application, without a
    franchise or with one ending within 90 days, and with no application under review.

    A missing business number does not exclude a store (SEMAS data carries none; the merchant gives
    it when applying), nor does the revenue, which only the merchant can declare.
    """
    from merchants.models import Store

    today = today or timezone.localdate()
    window = datetime.timedelta(days=rules.OUTREACH_EXPIRY_WINDOW_DAYS)
    applied = FranchiseApplication.objects.filter(store=OuterRef("pk"),
                                                  status__in=FranchiseApplication.PENDING_REVIEW_STATUSES)
    lasting = Franchise.objects.filter(store=OuterRef("pk"), status=Franchise.Status.ACTIVE,
                                       valid_until__gt=today + window)
    closed_on_visit = OutreachVisit.objects.filter(store=OuterRef("pk"), outcome=OutreachVisit.Outcome.CLOSED)
    stores = (Store.objects.filter(local_government=local_government, status="open")
              .filter(onnuri_location_q(local_government))
              .exclude(Exists(applied)).exclude(Exists(lasting)).exclude(Exists(closed_on_visit))
              .select_related("district", "industry", "dong").defer(*no_boundaries("district", "dong"))
              .order_by("dong__name", "name", "id"))
    if district_id:
        stores = stores.filter(district_id=district_id)
    if dong_id:
        stores = stores.filter(dong_id=dong_id)
    stores = list(stores)
    ctx = eligibility.EligibilityContext.for_stores(
        stores, today=today, renewal_window_days=rules.OUTREACH_EXPIRY_WINDOW_DAYS,
        local_government=local_government)
    rows = []
    for store in stores:
        results = eligibility.evaluate(store, ctx)
        blocking = [r for r in eligibility.failed(results)
                    if not (r.code == eligibility.BUSINESS_NUMBER and not store.business_number)]
        if not blocking:
            place = store.district.name if store.district_id and store.district.status == "designated" \
                else store.market_name
            rows.append(OutreachRow(store, ctx.active_franchises.get(store.pk), place))
    return rows


def attach_last_visits(rows: list[OutreachRow]) -> list[OutreachRow]:
    """Fill in each row's latest visit with one query."""
    by_store = {}
    for visit in (OutreachVisit.objects.filter(store_id__in=[r.store.pk for r in rows])
                  .select_related("visited_by").order_by("store_id", "visited_on", "id")):
        by_store[visit.store_id] = visit  # ascending: the last one wins
    for row in rows:
        row.last_visit = by_store.get(row.store.pk)
    return rows

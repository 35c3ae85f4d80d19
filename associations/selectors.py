"""Reads of merchant associations shared by views, the dashboard blocks and the district section.

Indicators (as of a day):
- present: the association existed (founded, or recorded) and was not dissolved that day;
- active: present and its status that day was active (status history from the status events);
- members: memberships running that day (joined_on <= day and no left_on or left_on > day) of stores
  open that day;
- open stores: stores open that day (opened by then, not closed) in the association's districts;
- membership rate = members / open stores (None without open stores);
- meetings in the 12 months up to the day; officer terms ending within 90 days after it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from merchants.models import Store

from .models import AssociationEvent, ChangeRequest, Meeting, Membership, MerchantAssociation, Officer

Status = MerchantAssociation.Status
EXPIRING_DAYS = 90


def open_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Stores open on `day` (the dashboard's definition)."""
    return ((Q(**{f"{prefix}opened_on__isnull": True}) | Q(**{f"{prefix}opened_on__lte": day}))
            & (Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})))


def member_on_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}joined_on__lte": day}) & (Q(**{f"{prefix}left_on__isnull": True})
                                                   | Q(**{f"{prefix}left_on__gt": day}))


def current_officer_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}term_start__lte": day}) & (Q(**{f"{prefix}term_end__isnull": True})
                                                    | Q(**{f"{prefix}term_end__gte": day}))


# --- lists and records ---------------------------------------------------------------------------------

def associations_of(local_government) -> QuerySet[MerchantAssociation]:
    return MerchantAssociation.objects.filter(local_government=local_government)


def association_list(local_government, *, q: str = "", status: str = "", dong=None, district=None):
    today = timezone.localdate()
    queryset = associations_of(local_government)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(districts__name__icontains=q)
                                   | Q(registration_number__contains=q.replace("-", "")))
    if status:
        queryset = queryset.filter(status=status)
    if dong:
        queryset = queryset.filter(districts__dongs=dong)
    if district:
        queryset = queryset.filter(districts=district)
    return (queryset.distinct()
            .annotate(member_count=Count("memberships", filter=member_on_q(today, "memberships__"), distinct=True))
            .prefetch_related(Prefetch("districts", queryset=_districts_with_dongs()),
                              Prefetch("officers", queryset=Officer.objects.filter(current_officer_q(today))
                                       .order_by("term_start"), to_attr="current_officers"))
            .order_by("name", "pk"))


def _districts_with_dongs():
    from districts.models import District

    return District.objects.prefetch_related("dongs").order_by("name")


def association_for_official(local_government, pk) -> MerchantAssociation:
    """The association of this government, or DoesNotExist (a 404 for another government's)."""
    return associations_of(local_government).prefetch_related("districts").get(pk=pk)


def associations_of_officer(user, day: datetime.date | None = None) -> QuerySet[MerchantAssociation]:
    """Associations in which this merchant account holds an office today (not dissolved)."""
    if user is None or not getattr(user, "is_merchant", False):
        return MerchantAssociation.objects.none()
    day = day or timezone.localdate()
    ids = Officer.objects.filter(current_officer_q(day), user=user).values("association_id")
    return MerchantAssociation.objects.filter(pk__in=ids).exclude(status=Status.DISSOLVED)


def is_current_officer(user) -> bool:
    return associations_of_officer(user).exists()


def members(association, day: datetime.date | None = None) -> QuerySet[Membership]:
    day = day or timezone.localdate()
    return (association.memberships.filter(member_on_q(day)).select_related("store", "store__district")
            .order_by("store__name", "pk"))


def candidate_stores(association, day: datetime.date | None = None) -> QuerySet[Store]:
    """Open stores of the association's districts that belong to no association now."""
    day = day or timezone.localdate()
    busy = Membership.objects.filter(left_on__isnull=True).values("store_id")
    return (Store.objects.filter(district__in=association.districts.all(), status=Store.Status.OPEN)
            .exclude(pk__in=busy).order_by("name", "pk"))


def officers(association) -> QuerySet[Officer]:
    return association.officers.select_related("user").order_by("-term_start", "role", "pk")


def meetings(association) -> QuerySet[Meeting]:
    return association.meetings.order_by("-held_on", "-pk")


def events(association) -> QuerySet[AssociationEvent]:
    return association.events.select_related("actor").order_by("-created_at", "-pk")


def proposals_pending(local_government) -> QuerySet[ChangeRequest]:
    return (ChangeRequest.objects.filter(association__local_government=local_government,
                                         state=ChangeRequest.State.PENDING)
            .select_related("association", "store", "proposed_by").order_by("created_at", "pk"))


def proposals_of(association) -> QuerySet[ChangeRequest]:
    return association.change_requests.select_related("store", "proposed_by", "decided_by")


def meeting_for(user, pk) -> Meeting:
    """A meeting whose minutes `user` may read: officials of its government, the association's current
    officers. DoesNotExist for anyone else."""
    meeting = Meeting.objects.select_related("association").get(pk=pk)
    _ensure_reader(user, meeting.association)
    return meeting


def proposal_minutes_for(user, pk) -> ChangeRequest:
    proposal = ChangeRequest.objects.select_related("association").get(pk=pk)
    _ensure_reader(user, proposal.association)
    return proposal


def _ensure_reader(user, association) -> None:
    if getattr(user, "is_official", False) and user.local_government_id == association.local_government_id:
        return
    if associations_of_officer(user).filter(pk=association.pk).exists():
        return
    raise MerchantAssociation.DoesNotExist


# --- indicators ------------------------------------------------------------------------------------------

def status_on(association, day: datetime.date, events_by_association: dict | None = None) -> str | None:
    """The status on `day` from the recorded changes; None before the association existed."""
    history = (events_by_association or {}).get(association.pk)
    if history is None:
        history = list(association.events.filter(kind__in=[AssociationEvent.Kind.CREATED, AssociationEvent.Kind.STATUS])
                       .values("kind", "to_status", "effective_on", "created_at"))
    status = None
    for event in sorted(history, key=lambda e: (e["effective_on"] or e["created_at"].date(), e["created_at"])):
        when = event["effective_on"] or timezone.localtime(event["created_at"]).date()
        if when <= day:
            status = event["to_status"]
    return status


@dataclass
class AssociationFigures:
    association: MerchantAssociation
    status: str | None
    members: int = 0
    open_stores: int = 0
    meetings_12m: int = 0
    last_meeting: datetime.date | None = None
    terms_expiring: int = 0
    district_members: dict = field(default_factory=dict)  # district id -> members in that district
    district_open: dict = field(default_factory=dict)  # district id -> open stores

    @property
    def present(self) -> bool:
        return self.status in (Status.ACTIVE, Status.DORMANT)

    @property
    def active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def membership_rate(self) -> float | None:
        return self.members / self.open_stores if self.open_stores else None


def year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def figures_of(local_government_id: int, day: datetime.date, *, association_ids=None) -> list[AssociationFigures]:
    """Every association of the government with its figures on `day`, in a fixed number of queries."""
    associations = MerchantAssociation.objects.filter(local_government_id=local_government_id)
    if association_ids is not None:
        associations = associations.filter(pk__in=association_ids)
    associations = list(associations.prefetch_related("districts").order_by("pk"))
    if not associations:
        return []
    ids = [a.pk for a in associations]
    history: dict[int, list] = {}
    for event in (AssociationEvent.objects.filter(association_id__in=ids, kind__in=[
            AssociationEvent.Kind.CREATED, AssociationEvent.Kind.STATUS])
            .values("association_id", "kind", "to_status", "effective_on", "created_at")):
        history.setdefault(event["association_id"], []).append(event)
    district_ids = {d.pk for a in associations for d in a.districts.all()}
    open_by_district = dict(Store.objects.filter(open_on_q(day), district_id__in=district_ids)
                            .values_list("district_id").annotate(n=Count("pk")).order_by())
    member_rows = (Membership.objects.filter(member_on_q(day), open_on_q(day, "store__"), association_id__in=ids)
                   .values_list("association_id", "store__district_id").annotate(n=Count("pk")).order_by())
    members_by: dict[int, dict] = {}
    for association_id, district_id, count in member_rows:
        members_by.setdefault(association_id, {})
        members_by[association_id][district_id] = members_by[association_id].get(district_id, 0) + count
    start = year_before(day)
    meeting_rows = {row["association_id"]: row for row in (
        Meeting.objects.filter(association_id__in=ids, held_on__lte=day)
        .values("association_id").annotate(recent=Count("pk", filter=Q(held_on__gt=start)),
                                           last=models_max("held_on")).order_by())}
    horizon = day + datetime.timedelta(days=EXPIRING_DAYS)
    expiring = dict(Officer.objects.filter(association_id__in=ids, term_start__lte=day, term_end__gte=day,
                                           term_end__lte=horizon)
                    .values_list("association_id").annotate(n=Count("pk")).order_by())
    result = []
    for association in associations:
        status = status_on(association, day, history)
        own = [d.pk for d in association.districts.all()]
        figures = AssociationFigures(association, status)
        if figures.present:
            figures.district_members = members_by.get(association.pk, {})
            figures.district_open = {pk: open_by_district.get(pk, 0) for pk in own}
            figures.members = sum(figures.district_members.values())
            figures.open_stores = sum(figures.district_open.values())
            figures.meetings_12m = meeting_rows.get(association.pk, {}).get("recent", 0)
            figures.last_meeting = meeting_rows.get(association.pk, {}).get("last")
            figures.terms_expiring = expiring.get(association.pk, 0)
        result.append(figures)
    return result


def models_max(name):
    from django.db.models import Max

    return Max(name)


def association_figures(association, day: datetime.date | None = None) -> AssociationFigures:
    day = day or timezone.localdate()
    return figures_of(association.local_government_id, day, association_ids=[association.pk])[0]

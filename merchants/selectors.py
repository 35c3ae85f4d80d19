"""Reads shared by the views, the API, the export and the tasks."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import IndustryCategory, Store, StoreClaim, StoreEvent, StoreImport

LIST_RELATED = ("industry__parent__parent", "dong", "district")  # lists show owner_id only ("claimed")


def stores_visible_to(user) -> QuerySet[Store]:
    """Officials: their government's stores. Merchants: the stores they own. Anyone else: none."""
    if user is None or not user.is_authenticated:
        return Store.objects.none()
    if user.is_official:
        return Store.objects.filter(local_government_id=user.local_government_id)
    if user.is_merchant:
        return Store.objects.filter(owner__user=user)
    return Store.objects.none()


def stores_of(local_government) -> QuerySet[Store]:
    return Store.objects.filter(local_government=local_government)


# A row names its dong and district: their boundaries (and a district's long texts) stay in the database.
LIST_DEFERRED = ("dong__boundary", "district__boundary", "district__exception_reason", "district__revocation_text")


def with_list_relations(queryset: QuerySet[Store]) -> QuerySet[Store]:
    return queryset.select_related(*LIST_RELATED).defer(*LIST_DEFERRED)


LIST_ROW_FIELDS = ("id", "name", "branch", "road_address", "status", "needs_review", "owner", "opened_on",
                   "source", "industry__name", "dong__name", "district__name")


def list_rows(queryset: QuerySet[Store]) -> QuerySet[Store]:
    """The officials' list page: only the columns a row shows, and one join per related name."""
    return queryset.select_related(None).select_related("industry", "dong", "district").only(*LIST_ROW_FIELDS)


def search_stores(queryset: QuerySet[Store], text: str) -> QuerySet[Store]:
    """Name, branch, addresses, external id; digits also match the business number."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q()
    for word in text.split():
        digits = word.replace("-", "")
        word_q = (Q(name__icontains=word) | Q(branch__icontains=word) | Q(road_address__icontains=word)
                  | Q(lot_address__icontains=word) | Q(market_name__icontains=word) | Q(external_id=word))
        if digits.isascii() and digits.isdigit() and len(digits) >= 3:
            word_q |= Q(business_number__startswith=digits)
        condition &= word_q
    return queryset.filter(condition)


def industry_choices() -> list[tuple[str, str]]:
    """(code, label) for every category, in code order, indented by level: 음식 / — 한식 / — — 백반/한정식."""
    return [(code, f"{'— ' * (level - 1)}{name} ({code})")
            for code, name, level in IndustryCategory.objects.order_by("code").values_list("code", "name", "level")]


def filter_by_industry(queryset: QuerySet[Store], code: str) -> QuerySet[Store]:
    """SEMAS codes are hierarchical by prefix (I2 > I201 > I20101): one filter serves all three levels."""
    return queryset.filter(industry__code__startswith=code) if code else queryset


def store_events(store: Store) -> QuerySet[StoreEvent]:
    return store.events.select_related("actor", "store_import").order_by("-created_at", "-id")


def claims_pending_for(local_government) -> QuerySet[StoreClaim]:
    """The queue, annotated with what an official must see before deciding: other open claims on the same
    store by other merchants (`competing_claims`: waiting or confirmed) and stores of other governments
    holding the number given (`number_used_elsewhere`). See `number_conflicts` for this government's."""
    others = StoreClaim.objects.filter(
        store=OuterRef("store"), status__in=[StoreClaim.Status.PENDING, StoreClaim.Status.APPROVED],
    ).exclude(merchant=OuterRef("merchant")).values("store").annotate(n=Count("pk")).values("n")
    elsewhere = (Store.objects.filter(business_number=OuterRef("business_number"))
                 .exclude(local_government=OuterRef("store__local_government"))
                 .values("business_number").annotate(n=Count("pk")).values("n"))
    return (StoreClaim.objects.filter(store__local_government=local_government, status=StoreClaim.Status.PENDING)
            .select_related("store__dong", "store__owner__user", "merchant__user")
            .annotate(competing_claims=Coalesce(Subquery(others), 0),
                      number_used_elsewhere=Coalesce(Subquery(elsewhere), 0))
            .order_by("created_at", "id"))


def number_conflicts(claims, local_government) -> dict[int, list[Store]]:
    """{claim id: other stores of this government whose record holds the number the claim gives} (one query)."""
    numbers = {claim.business_number for claim in claims}
    by_number: dict[str, list[Store]] = {}
    for store in Store.objects.filter(local_government=local_government, business_number__in=numbers).order_by(
            "name", "pk"):
        by_number.setdefault(store.business_number, []).append(store)
    return {claim.pk: [s for s in by_number.get(claim.business_number, []) if s.pk != claim.store_id]
            for claim in claims}


def claims_visible_to(user) -> QuerySet[StoreClaim]:
    """Claims a user may open (and their certificates): merchants their own, officials their government's."""
    qs = StoreClaim.objects.select_related("store")
    if user.is_authenticated and user.is_official:
        return qs.filter(store__local_government_id=user.local_government_id)
    if user.is_authenticated and user.is_merchant:
        return qs.filter(merchant__user=user)
    return qs.none()


def claims_decided_for(local_government, *, limit: int = 20) -> QuerySet[StoreClaim]:
    return (StoreClaim.objects.filter(store__local_government=local_government)
            .exclude(status=StoreClaim.Status.PENDING)
            .select_related("store", "merchant__user", "decided_by").order_by("-decided_at", "-id")[:limit])


def claims_of_merchant(merchant) -> QuerySet[StoreClaim]:
    return merchant.claims.select_related("store__dong").order_by("-created_at", "-id")


def imports_of(local_government) -> QuerySet[StoreImport]:
    return StoreImport.objects.filter(local_government=local_government).select_related("uploaded_by")


def claimable_stores(text: str) -> QuerySet[Store]:
    """What a merchant may find to claim: open stores matching the search (public registry data only)."""
    if len((text or "").strip()) < 2:
        return Store.objects.none()
    return search_stores(Store.objects.filter(status=Store.Status.OPEN), text).select_related(
        "dong", "local_government", "industry").order_by("name", "id")

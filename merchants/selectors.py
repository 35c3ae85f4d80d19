"""Reads shared by the views, the API, the export and the tasks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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


def with_list_relations(queryset: QuerySet[Store]) -> QuerySet[Store]:
    return queryset.select_related(*LIST_RELATED)


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
    return (StoreClaim.objects.filter(store__local_government=local_government, status=StoreClaim.Status.PENDING)
            .select_related("store__dong", "store__owner__user", "merchant__user").order_by("created_at", "id"))


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

"""Reads: which stores a district's consent counts, the figures computed from the records, the lists.

The figure (issue 14): merchants_total = the open stores of the district, i.e. those inside its
boundary for a draft or submitted (or revoked) district and those belonging to it once designated;
merchants_consenting = those of them with a current consent record for the district. A record of a
store that closed or lies outside the boundary stays in the history but is not counted.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F
from django.utils.translation import ngettext
from shapely.geometry import shape

from districts import selectors as district_selectors
from districts.extensions import ConsentFigures
from districts.models import District
from merchants.models import Store

from .models import ConsentRecord

DESIGNATED = District.Status.DESIGNATED
CURRENT = ConsentRecord.Status.CURRENT


def counted_store_ids(district: District, geom=None) -> set[int]:
    """The open stores whose consent counts for `district`: belonging to it once designated (with
    `geom`, an amended boundary: those that would belong to it, as districts.services assigns them),
    else the open stores inside its boundary (or inside `geom`, a boundary being edited)."""
    if district.status == DESIGNATED and geom is None:
        return set(Store.objects.filter(district=district, status=Store.Status.OPEN).values_list("id", flat=True))
    inside = set(district_selectors.open_store_ids_inside(district.local_government_id,
                                                          geom if geom is not None else shape(district.boundary)))
    if district.status != DESIGNATED:
        return inside
    held_elsewhere = set(Store.objects.filter(pk__in=inside, district__status=DESIGNATED)
                         .exclude(district=district).values_list("id", flat=True))
    return inside - held_elsewhere


def source_label(current_records: int) -> str:
    return ngettext("%(count)d consent record", "%(count)d consent records", current_records) % {
        "count": current_records}


def figures(district: District, geom=None) -> ConsentFigures | None:
    """The consent computed from the records, or None while the district has no record at all (its
    typed counts stay the legacy figure until records replace them)."""
    if district.pk is None or not ConsentRecord.objects.filter(district=district).exists():
        return None
    current = set(ConsentRecord.objects.filter(district=district, status=CURRENT).values_list("store_id", flat=True))
    counted = counted_store_ids(district, geom)
    return ConsentFigures(merchants_total=len(counted), merchants_consenting=len(current & counted),
                          source=source_label(len(current)))


def figures_many(districts) -> dict[int, ConsentFigures]:
    """figures() for many districts in a fixed number of queries (plus one store read per draft or
    submitted district that has records: its boundary decides)."""
    by_id = {d.pk: d for d in districts}
    with_records = set(ConsentRecord.objects.filter(district_id__in=list(by_id)).values_list(
        "district_id", flat=True).distinct())
    if not with_records:
        return {}
    current = defaultdict(set)
    for district_id, store_id in ConsentRecord.objects.filter(district_id__in=with_records, status=CURRENT) \
            .values_list("district_id", "store_id"):
        current[district_id].add(store_id)
    designated = [pk for pk in with_records if by_id[pk].status == DESIGNATED]
    totals = dict(Store.objects.filter(district_id__in=designated, status=Store.Status.OPEN)
                  .values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    consenting = dict(ConsentRecord.objects.filter(
        district_id__in=designated, status=CURRENT, store__district_id=F("district_id"),
        store__status=Store.Status.OPEN).values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    result = {}
    for pk in with_records:
        if pk in designated:
            total, agreed = totals.get(pk, 0), consenting.get(pk, 0)
        else:
            counted = counted_store_ids(by_id[pk])
            total, agreed = len(counted), len(current[pk] & counted)
        result[pk] = ConsentFigures(merchants_total=total, merchants_consenting=agreed,
                                    source=source_label(len(current[pk])))
    return result


def records_of(district: District):
    return (ConsentRecord.objects.filter(district=district).select_related("store", "recorded_by", "withdrawn_by")
            .order_by("store__name", "store_id", "-recorded_at", "-id"))


def stores_of(district: District, counted: set[int] | None = None):
    """The district's counted stores, by name (for the pickers and the bulk list)."""
    counted = counted_store_ids(district) if counted is None else counted
    return Store.objects.filter(pk__in=counted).order_by("name", "id")


def districts_of(local_government):
    """The districts an official may record consent for (another government's: 404)."""
    return District.objects.filter(local_government=local_government).select_related("local_government")


def records_visible_to(user):
    """Consent records an official of their government may see; nothing for anyone else."""
    if not (user.is_authenticated and getattr(user, "is_official", False) and user.local_government_id):
        return ConsentRecord.objects.none()
    return ConsentRecord.objects.filter(local_government_id=user.local_government_id)

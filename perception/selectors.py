"""Reads of the perception survey: the districts that take answers, and the results officials see.

Every official read takes the official's local government; a district of another government is
a 404. Figures of a group with fewer than `stats.MIN_N` answers are suppressed (`Summary.suppressed`).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core import keywords as text_keywords
from core import masking
from districts.models import District
from districts.selectors import dongs_of

from . import periods, stats
from .models import PerceptionResponse

logger = logging.getLogger(__name__)

TOP_WORDS = 15
TOP_PHRASES = 10
MIN_KEYWORD_COUNT = 2  # a word one answer used is not a theme
KEYWORDS_CACHE_SECONDS = 24 * 3600
RECENT_COMMENTS = 10


def designated_districts(local_government) -> QuerySet[District]:
    return (District.objects.filter(local_government=local_government, status=District.Status.DESIGNATED)
            .only("pk", "name", "code", "local_government_id").order_by("name"))


def survey_district(district_id: int) -> District:
    """A designated district of any government (the QR code names it); 404 otherwise."""
    return get_object_or_404(District.objects.select_related("local_government"), pk=district_id,
                             status=District.Status.DESIGNATED)


def official_district(local_government, district_id: int) -> District:
    """A district of the official's government (any status: a revoked one keeps its results); 404 otherwise."""
    return get_object_or_404(District.objects.select_related("local_government"), pk=district_id,
                             local_government=local_government)


def responses_of(local_government) -> QuerySet[PerceptionResponse]:
    return PerceptionResponse.objects.filter(local_government=local_government)


def available_quarters(local_government) -> list[datetime.date]:
    """Every quarter from the first answer to the current one, newest first (the current one if none)."""
    span = responses_of(local_government).aggregate(first=Min("period"), last=Max("period"))
    current = periods.current_quarter()
    first = span["first"] or current
    last = max(span["last"] or current, current)
    return list(reversed(periods.quarters_between(first, last)))


def default_quarter(local_government) -> datetime.date:
    """The newest quarter with answers (the current one when there are none)."""
    return responses_of(local_government).aggregate(last=Max("period"))["last"] or periods.current_quarter()


def _filtered(local_government, *, quarter=None, district_id=None, dong_id=None, age_band="",
              until: datetime.date | None = None):
    queryset = responses_of(local_government)
    if quarter is not None:
        queryset = queryset.filter(period=quarter)
    if district_id:
        queryset = queryset.filter(district_id=district_id)
    if dong_id:
        queryset = queryset.filter(dong_id=dong_id)
    if age_band:
        queryset = queryset.filter(age_band=age_band)
    if until is not None:
        queryset = queryset.filter(answered_on__lte=until)
    return queryset


SCORE_FIELDS = ("satisfaction", "onnuri_usability", "recommend")


@dataclass
class ScopeResult:
    scope: str  # "government", "district" or "dong"
    scope_id: int | None
    name: str
    summary: stats.Summary
    url: str = ""


@dataclass
class Results:
    quarter: datetime.date
    total: stats.Summary
    districts: list[ScopeResult] = field(default_factory=list)
    dongs: list[ScopeResult] = field(default_factory=list)
    trend: list[tuple[datetime.date, stats.Summary]] = field(default_factory=list)
    keywords: dict | None = None


def summaries_by(rows, key_index: int) -> dict:
    """{key: Summary} of rows (key, ..., satisfaction, usability, recommend) grouped by rows[key_index]."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key_index]].append(row[-3:])
    return {key: stats.summarise(values) for key, values in grouped.items()}


def results(local_government, *, quarter: datetime.date, district_id=None, dong_id=None, age_band="",
            district_url=None) -> Results:
    """The results page: the quarter's total, per district and per dong of residence, the trend, keywords."""
    filters = {"district_id": district_id, "dong_id": dong_id, "age_band": age_band}
    rows = list(_filtered(local_government, quarter=quarter, **filters)
                .values_list("district_id", "dong_id", *SCORE_FIELDS))
    total = stats.summarise([row[-3:] for row in rows])
    by_district = summaries_by(rows, 0)
    by_dong = summaries_by(rows, 1)
    empty = stats.summarise([])
    districts = District.objects.filter(local_government=local_government).only("pk", "name", "status")
    district_rows = [
        ScopeResult("district", d.pk, d.name, by_district.get(d.pk, empty), district_url(d.pk) if district_url else "")
        for d in districts.order_by("name")
        if (d.status == District.Status.DESIGNATED or d.pk in by_district) and (not district_id or d.pk == district_id)
    ]
    dong_rows = [ScopeResult("dong", d.pk, d.name, by_dong.get(d.pk, empty)) for d in dongs_of(local_government)
                 if not dong_id or d.pk == dong_id]
    if not dong_id and None in by_dong:
        dong_rows.append(ScopeResult("dong", None, "", by_dong[None]))
    return Results(quarter=quarter, total=total, districts=district_rows, dongs=dong_rows,
                   trend=trend(local_government, **filters),
                   keywords=keywords(local_government, quarter=quarter, **filters) if not total.suppressed else None)


def trend(local_government, *, district_id=None, dong_id=None,
          age_band="") -> list[tuple[datetime.date, stats.Summary]]:
    """(quarter, Summary) from the first answered quarter to the current one, oldest first."""
    rows = list(_filtered(local_government, district_id=district_id, dong_id=dong_id, age_band=age_band)
                .values_list("period", *SCORE_FIELDS))
    by_quarter = summaries_by(rows, 0)
    if not by_quarter:
        return []
    quarters = periods.quarters_between(min(by_quarter), max(max(by_quarter), periods.current_quarter()))
    empty = stats.summarise([])
    return [(quarter, by_quarter.get(quarter, empty)) for quarter in quarters]


def keywords(local_government, *, quarter, district_id=None, dong_id=None, age_band="") -> dict:
    """Top nouns and noun pairs of the free texts (core.keywords, Kiwi), each counted once per answer.

    Cached under a signature of the answers (count and newest id), so a new answer recounts them.
    """
    queryset = _filtered(local_government, quarter=quarter, district_id=district_id, dong_id=dong_id,
                         age_band=age_band).exclude(improvement="")
    signature = queryset.aggregate(n=Count("pk"), last=Max("pk"))
    key = "perception:keywords:" + hashlib.sha256(
        repr((local_government.pk, quarter, district_id, dong_id, age_band, signature)).encode()).hexdigest()
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down only costs the recount
        logger.warning("perception: keyword cache unreachable")
        found = None
    if found is not None:
        return found
    words, phrases = text_keywords.count(queryset.values_list("improvement", flat=True))
    found = {
        "texts": signature["n"],
        "words": [{"keyword": w, "count": n} for w, n in _top(words, TOP_WORDS)],
        "phrases": [{"keyword": w, "count": n} for w, n in _top(phrases, TOP_PHRASES)],
    }
    try:
        cache.set(key, found, KEYWORDS_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("perception: keyword cache unreachable")
    return found


def _top(counter, limit):
    return [(word, n) for word, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            if n >= MIN_KEYWORD_COUNT][:limit]


def recent_comments(local_government, *, district_id: int, quarter) -> list[dict]:
    """The quarter's newest free texts of a district, personal data masked; none while the group is suppressed."""
    queryset = _filtered(local_government, quarter=quarter, district_id=district_id)
    if queryset.count() < stats.MIN_N:
        return []
    return [{"answered_on": answered_on, "text": masking.mask_personal_data(text)}
            for answered_on, text in queryset.exclude(improvement="").order_by("-answered_on", "-pk")
            .values_list("answered_on", "improvement")[:RECENT_COMMENTS]]


def ensure_quarter(value, local_government) -> datetime.date:
    """A quarter parameter ('2026Q2'); the default quarter when empty; Http404 when malformed."""
    if not value:
        return default_quarter(local_government)
    quarter = periods.parse_quarter(value)
    if quarter is None:
        raise Http404
    return quarter

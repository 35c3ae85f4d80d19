"""Reads of the access log for the administrators' monthly review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from .models import AccessLog

Action = AccessLog.Action


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def parse_month(value: str | None) -> datetime.date:
    """'2026-11' -> date(2026, 11, 1); missing or invalid -> this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return month_start(timezone.localdate())


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(add_months(month, 1), datetime.time.min, tzinfo=tz)


def log_of_month(month: datetime.date, *, actor_id: int | None = None, action: str = "") -> QuerySet[AccessLog]:
    start, end = month_bounds(month)
    qs = AccessLog.objects.filter(created_at__gte=start, created_at__lt=end)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action in Action.values:
        qs = qs.filter(action=action)
    return qs.order_by("-created_at", "-id")


def actors_of_month(month: datetime.date) -> list[tuple[int, str]]:
    """(user id, user name) of everyone with a row in the month, for the official filter."""
    rows = (log_of_month(month).exclude(actor__isnull=True).values_list("actor_id", "actor_username")
            .order_by("actor_username").distinct())
    return list(dict(rows).items())


@dataclass
class ActorSummary:
    actor_id: int | None
    username: str
    counts: dict[str, int] = field(default_factory=dict)
    usual: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def unusual(count: int, usual: float, action: str) -> bool:
    """Far above the official's usual monthly volume: more than PRIVACY_REVIEW_UNUSUAL_FACTOR times it,
    and above a floor (a handful of exports or a few dozen views is never unusual)."""
    floor = settings.PRIVACY_REVIEW_UNUSUAL_FLOOR.get(action, settings.PRIVACY_REVIEW_UNUSUAL_FLOOR["default"])
    return count > floor and count > settings.PRIVACY_REVIEW_UNUSUAL_FACTOR * usual


def monthly_summary(month: datetime.date, *, action: str = "", actor_id: int | None = None,
                    baseline_months: int = 6) -> list[ActorSummary]:
    """Counts per official and action in the month, their usual monthly counts (mean of the previous
    months), and flags where the month is far above the usual. Two grouped queries."""
    summaries: dict[int | None, ActorSummary] = {}
    for row in (log_of_month(month, actor_id=actor_id, action=action).order_by()
                .values("actor_id", "actor_username", "action").annotate(n=Count("id"))):
        summary = summaries.setdefault(row["actor_id"], ActorSummary(row["actor_id"], row["actor_username"]))
        summary.counts[row["action"]] = summary.counts.get(row["action"], 0) + row["n"]
    if not summaries:
        return []
    start, _end = month_bounds(add_months(month, -baseline_months))
    month_begin, _ = month_bounds(month)
    for row in (AccessLog.objects.filter(created_at__gte=start, created_at__lt=month_begin,
                                         actor_id__in=[k for k in summaries if k is not None])
                .order_by().values("actor_id", "action").annotate(n=Count("id"))):
        summaries[row["actor_id"]].usual[row["action"]] = row["n"] / baseline_months
    for summary in summaries.values():
        for act, count in summary.counts.items():
            if unusual(count, summary.usual.get(act, 0.0), act):
                summary.flags.append(act)
    return sorted(summaries.values(), key=lambda s: (-len(s.flags), -s.total, s.username))

"""Months are `date`s on the first day. Helpers to parse, step and format them."""

from __future__ import annotations

import calendar
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

_MONTH_RE = re.compile(r"^\s*(\d{4})[-./]?(\d{1,2})(?:[-./](\d{1,2}))?\s*$")


def parse_month(value) -> datetime.date:
    """'2026-01', '2026-1', '202601', '2026-01-15' or a date -> date(2026, 1, 1).

    Raises DomainError (Korean message) on anything else, so task arguments,
    query parameters and CSV cells share one rule.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    match = _MONTH_RE.match(str(value or ""))
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1900 <= year <= 2999:
            return datetime.date(year, month, 1)
    raise DomainError(_("Write the month as YYYY-MM (for example 2026-01)."), field="month")


def month_key(month: datetime.date) -> str:
    """date(2026, 1, 1) -> '2026-01' (JSON-friendly task argument and query value)."""
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from `first` to `last` inclusive (empty when first > last)."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def current_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def as_of_date(month: datetime.date) -> datetime.date:
    """The day a month's stock figures are read on: its last day, or today for the running month."""
    return min(month_end(month), timezone.localdate())

"""Survey periods: calendar quarters, stored as the quarter's first day (2026-04-01 is 2026 Q2)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

_KEY = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def quarter_of(day: datetime.date) -> datetime.date:
    """The first day of the quarter that holds `day`."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def current_quarter() -> datetime.date:
    return quarter_of(timezone.localdate())


def quarter_end(quarter: datetime.date) -> datetime.date:
    """The last day of the quarter."""
    return add_quarters(quarter, 1) - datetime.timedelta(days=1)


def add_quarters(quarter: datetime.date, count: int) -> datetime.date:
    index = quarter.year * 4 + (quarter.month - 1) // 3 + count
    return datetime.date(index // 4, 3 * (index % 4) + 1, 1)


def quarters_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every quarter from `first` to `last`, both included, oldest first."""
    result, quarter = [], quarter_of(first)
    while quarter <= last:
        result.append(quarter)
        quarter = add_quarters(quarter, 1)
    return result


def quarter_key(quarter: datetime.date) -> str:
    """2026-04-01 -> '2026Q2' (URLs, exports)."""
    return f"{quarter.year}Q{(quarter.month - 1) // 3 + 1}"


def parse_quarter(value: str) -> datetime.date | None:
    """'2026Q2' or '2026-q2' -> 2026-04-01; None for anything else (or a year outside 2000..2100)."""
    match = _KEY.match((value or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    return datetime.date(int(match.group(1)), 3 * (int(match.group(2)) - 1) + 1, 1)


def quarter_label(quarter: datetime.date) -> str:
    """'2026년 2분기' in Korean, '2026 Q2' in English."""
    return _("%(year)d Q%(quarter)d") % {"year": quarter.year, "quarter": (quarter.month - 1) // 3 + 1}

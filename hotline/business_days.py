"""Business days as Korean civil-complaint handling counts them.

Counting starts the day after filing; Saturdays, Sundays and Korean public
holidays (the `holidays` package: 설날, 추석, substitute holidays...) are not
counted (민원 처리에 관한 법률 시행령 제19조 style).
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("KR", years=year).keys())


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays(day.year)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th business day after `start` (start itself is never counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count, current = 0, start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_business_day(current):
            count += 1
    return count

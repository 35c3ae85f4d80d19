"""Sane ranges for what people and machines type: dates and numbers, decided once here.

Every form field and API serializer that takes a date or a number applies these, so
9999-12-31 or 999999999999999999999999 is a field error in Korean, never an
OverflowError (a 500) from Python or the database.

- Dates of the programme (designation, revocation, approval, bans, visits, sessions,
  snapshots, queries): from 2000-01-01 to ten years after today.
- Counts of people or stores: 0 to 1,000,000.
- Won amounts: 0 to 1,000,000,000,000,000 (one quadrillion won: far above any
  store's revenue, far below BigIntegerField's limit).
- Record numbers, versions and other whole numbers stored in an integer column: up to
  2,147,483,647 (PostgreSQL's integer).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10
MAX_COUNT = 1_000_000
MAX_WON = 10**15
MAX_INTEGER = 2**31 - 1


def parse_int(text, *, upper: int = MAX_INTEGER) -> int | None:
    """A whole number typed as ASCII digits, at most `upper`; None otherwise.

    str.isdigit() alone accepts '²' and '١', which int() then refuses (a 500).
    """
    text = str(text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= len(str(upper)) and int(text) <= upper:
        return int(text)
    return None


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """Ten years after today (28 February when today is 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def is_sane_date(value: datetime.date) -> bool:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return EARLIEST_DATE <= value <= latest_date()


def validate_sane_date(value) -> None:
    """Django/DRF validator for a date or date-time field."""
    if value is not None and not is_sane_date(value):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."), code="date_range",
            params={"earliest": date_format(EARLIEST_DATE, "Y-m-d"), "latest": date_format(latest_date(), "Y-m-d")},
        )

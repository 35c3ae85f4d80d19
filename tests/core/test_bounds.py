"""core.bounds: one range for dates and numbers typed anywhere in the product."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core import bounds
from core.forms import CountField, SaneDateField, WonField


def test_the_latest_date_is_ten_years_ahead_and_survives_29_february():
    assert bounds.latest_date(datetime.date(2026, 12, 3)) == datetime.date(2036, 12, 3)
    assert bounds.latest_date(datetime.date(2028, 2, 29)) == datetime.date(2038, 2, 28)


@pytest.mark.parametrize(("value", "ok"), [
    (datetime.date(2000, 1, 1), True), (datetime.date(1999, 12, 31), False),
    (bounds.latest_date(), True), (bounds.latest_date() + datetime.timedelta(days=1), False),
    (datetime.date(9999, 12, 31), False),
])
def test_sane_dates(value, ok):
    assert bounds.is_sane_date(value) is ok
    field = SaneDateField()
    if ok:
        assert field.clean(value.isoformat()) == value
    else:
        with pytest.raises(ValidationError, match="2000-01-01부터"):
            field.clean(value.isoformat())


def test_numbers_above_the_bound_are_korean_errors_with_separators():
    with pytest.raises(ValidationError, match="1,000,000 이하의 숫자"):
        CountField().clean("1000001")
    assert CountField().clean("1000000") == 1_000_000
    with pytest.raises(ValidationError, match="1,000,000,000,000,000 이하"):
        WonField().clean("999,999,999,999,999,999,999,999원")
    assert WonField().clean("350,000,000원") == 350_000_000


def test_a_number_of_thousands_of_digits_is_invalid_not_a_crash():
    with pytest.raises(ValidationError):
        CountField().clean("9" * 5000)

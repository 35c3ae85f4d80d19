"""The month helpers live in core.months (sales and other apps share them); the dashboard's modules
keep importing them from here."""

from core.months import (  # noqa: F401
    add_months,
    as_of_date,
    current_month,
    month_end,
    month_key,
    months_between,
    parse_month,
)

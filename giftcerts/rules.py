"""The programme's fixed numbers, in one place (the revenue cap is a setting:
ONNURI_REVENUE_LIMIT_WON). Change them here, not in the code that uses them."""

FRANCHISE_TERM_YEARS = 3  # a franchise is valid three years from valid_from
RENEWAL_NOTICE_DAYS = 60  # renewal reminder and renewal applications open this many days before expiry
OUTREACH_EXPIRY_WINDOW_DAYS = 90  # outreach also lists stores whose franchise ends within this window
MAX_BAN_YEARS = 5  # a cancellation may block re-registration for at most five years
REVIEW_TARGET_DAYS = 7  # processing target per application (calendar days, supplement time excluded)


def add_years(day, years: int):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)

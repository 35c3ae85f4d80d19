"""Template filters for the dashboard's figures (the same formats as the data endpoints)."""

from django import template

from dashboard import formats

register = template.Library()


@register.filter
def signed_percent(value):
    """0.253 -> '+25.3%'."""
    return formats.percent(value, signed=True)


@register.filter
def index100(value):
    """An index relative to 1 as a number relative to 100: 1.253 -> '125.3'."""
    return "-" if value is None else f"{value * 100:.1f}"

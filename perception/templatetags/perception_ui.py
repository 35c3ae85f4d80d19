from django import template
from django.utils.formats import number_format

from .. import periods

register = template.Library()


@register.filter
def quarter(value):
    """2026-04-01 -> '2026년 2분기' ('2026 Q2' in English)."""
    return periods.quarter_label(value) if value else ""


@register.filter
def quarter_key(value):
    return periods.quarter_key(value) if value else ""


@register.filter
def score(value, digits=2):
    """A mean on the 1-5 scale: 3.8423 -> '3.84'; '-' when there is none."""
    if value is None:
        return "-"
    return number_format(round(value, int(digits)), int(digits))

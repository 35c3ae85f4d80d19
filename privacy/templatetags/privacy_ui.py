from django import template

from privacy.models import AccessLog

register = template.Library()


@register.filter
def get_count(counts: dict, action: str) -> int:
    return counts.get(action, 0)


@register.filter
def get_usual(usual: dict, action: str) -> str:
    return f"{usual.get(action, 0.0):,.1f}"


@register.filter
def action_name(action: str) -> str:
    return str(AccessLog.Action(action).label)

from django import template
from django.conf import settings

from accounts.middleware import has_idle_timeout, seconds_until_idle_logout

register = template.Library()


@register.inclusion_tag("accounts/session_timeout.html", takes_context=True)
def session_timeout_hook(context):
    """The idle-timeout warning for officials and admins; its script reads the settings from data- attributes."""
    request = context.get("request")
    user = getattr(request, "user", None)
    enabled = user is not None and has_idle_timeout(user)
    return {
        "enabled": enabled,
        "remaining_seconds": seconds_until_idle_logout(request) if enabled else 0,
        "idle_seconds": settings.OFFICIAL_SESSION_IDLE_SECONDS,
        "warning_seconds": min(settings.OFFICIAL_SESSION_WARNING_SECONDS, settings.OFFICIAL_SESSION_IDLE_SECONDS),
        "idle_minutes": settings.OFFICIAL_SESSION_IDLE_SECONDS // 60,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }

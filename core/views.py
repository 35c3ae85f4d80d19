from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .health import broker_status


def home(request):
    """One entry point; the page depends on who is looking."""
    user = request.user
    if user.is_authenticated and user.is_official:
        template = "core/home_official.html"
    elif user.is_authenticated and user.is_merchant:
        template = "core/home_merchant.html"
    else:
        template = "core/home_public.html"
    return render(request, template, {})


@never_cache
def healthz(request):
    """Database and broker status as JSON: 200 when healthy, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = {"ok": False, "error": str(exc)}
    checks["broker"] = broker_status()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "time": timezone.now().isoformat(), **checks},
        status=200 if healthy else 503,
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", {"exception": exception}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {}, status=404)

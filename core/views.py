from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from . import health


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
    """Database, broker and worker heartbeat: 200 when all are healthy, 503 with the reason otherwise.

    Anyone gets the status words; staff users, or a caller with `Authorization: Bearer
    <HEALTHZ_TOKEN>`, also get the details (hosts, ages, error texts).
    """
    checks = {"database": health.database_status()}
    checks["broker"] = health.broker_status()
    checks["worker"] = health.worker_status() if checks["database"]["ok"] else {"ok": False, "status": "unknown"}
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "error", "time": timezone.now().isoformat()}
    if _may_see_details(request):
        body.update(checks)
    else:
        body.update({name: check["status"] for name, check in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _may_see_details(request) -> bool:
    try:
        if request.user.is_staff:
            return True
    except Exception:  # noqa: BLE001 - the session store is the database, which may be the thing that is down
        pass
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and constant_time_compare(sent, f"Bearer {token}")


def permission_denied(request, exception=None):
    return render(request, "403.html", {"exception": exception}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {}, status=404)

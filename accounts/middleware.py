"""Per-request account rules: a superuser acting as an official, and officials' idle timeout."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ACTING_GOVERNMENT_KEY = "acting_local_government_id"
LAST_ACTIVITY_KEY = "last_activity"
# Write the timestamp at most this often (and at most a tenth of the timeout), so ordinary page views
# do not rewrite the session each time. The warning's script counts from the stored time, not page load.
ACTIVITY_WRITE_GRANULARITY_SECONDS = 60


class ActingGovernmentMiddleware:
    """A superuser who chose a government in the switcher works as its official for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        government_id = request.session.get(ACTING_GOVERNMENT_KEY)
        if government_id is not None:
            user = request.user
            if user.is_authenticated and user.is_active and user.is_superuser:
                from districts.models import LocalGovernment

                government = LocalGovernment.objects.filter(pk=government_id).first()
                if government is not None:
                    user.act_as_official_of(government)
                else:
                    del request.session[ACTING_GOVERNMENT_KEY]
        return self.get_response(request)


def stamp_activity(request, **kwargs) -> None:
    """Record activity now (at login, on keepalive and by the middleware)."""
    request.session[LAST_ACTIVITY_KEY] = int(time.time())


def seconds_until_idle_logout(request) -> int:
    last = request.session.get(LAST_ACTIVITY_KEY)
    idle = settings.OFFICIAL_SESSION_IDLE_SECONDS
    return idle if last is None else max(0, idle - (int(time.time()) - last))


def has_idle_timeout(user) -> bool:
    """Officials and admins (staff) are logged out after OFFICIAL_SESSION_IDLE_SECONDS of inactivity."""
    return user.is_authenticated and (user.is_official or user.is_staff)


class OfficialSessionTimeoutMiddleware:
    """Log an idle official or admin out on the server, whatever the page's script did or did not do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if has_idle_timeout(user):
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.OFFICIAL_SESSION_IDLE_SECONDS:
                return self._expired(request)
            granularity = min(ACTIVITY_WRITE_GRANULARITY_SECONDS, settings.OFFICIAL_SESSION_IDLE_SECONDS // 10)
            if last is None or now - last >= granularity:
                stamp_activity(request)
        return self.get_response(request)

    def _expired(self, request):
        logout(request)
        message = _("You were logged out because the page was not used for %(minutes)s minutes. Log in again.") % {
            "minutes": settings.OFFICIAL_SESSION_IDLE_SECONDS // 60}
        wants_json = request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
            "application/json")
        if wants_json:
            return JsonResponse({"detail": message, "login_url": reverse(settings.LOGIN_URL)}, status=401)
        messages.warning(request, message)
        if request.path == reverse(settings.LOGIN_URL):  # the warning's script sends an expired page here
            return redirect(request.get_full_path())
        return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")

"""Login lockout rules on top of django-axes.

Axes locks one username from one address after AXES_FAILURE_LIMIT failures. A guess spread over
many addresses would never reach that, so the same username is also locked after
ACCOUNTS_USERNAME_FAILURE_LIMIT failures from anywhere within the cool-off time. That limit is
higher so that a few wrong tries by someone else cannot lock a colleague out.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def username_failures(request, username: str) -> int:
    """Failures for `username` from every address within the cool-off time."""
    return AccessAttempt.objects.filter(
        username=username, attempt_time__gt=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"] or 0


class ComboAndUsernameHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return bool(username) and username_failures(request, username) >= settings.ACCOUNTS_USERNAME_FAILURE_LIMIT

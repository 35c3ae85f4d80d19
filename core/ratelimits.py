"""Rate limits that never fail a write: django-ratelimit's counters, read and bumped fail-open.

The counters live in the cache (Redis in production). When it cannot be reached the
limiter lets the request through with a logged warning: a lost report or a 500 is worse
than a burst that slips through while Redis is down.
"""

import functools
import logging

from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def usage(request, *, group: str, key, rate: str, increment: bool = False) -> dict | None:
    """django-ratelimit's usage dict, or None when limits are off or the cache is unreachable."""
    try:
        return get_usage(request, group=group, key=key, rate=rate, increment=increment)
    except Exception as exc:  # noqa: BLE001 - any cache failure: fail open
        logger.warning("Rate limit %s not checked, its cache is unreachable: %s", group, exc)
        return None


def is_limited(request, *, group: str, key, rate: str) -> bool:
    """Count this request and say whether it went over `rate` (every attempt counts)."""
    counted = usage(request, group=group, key=key, rate=rate, increment=True)
    return bool(counted and counted["should_limit"])


def is_used_up(request, *, group: str, key, rate: str) -> bool:
    """Whether `rate` is already spent by what `count_success` recorded (this request not counted)."""
    counted = usage(request, group=group, key=key, rate=rate)
    return bool(counted and counted["count"] >= counted["limit"])


def count_success(request, *, group: str, key, rate: str) -> None:
    """Record one accepted action against `rate`."""
    usage(request, group=group, key=key, rate=rate, increment=True)


def limit_posts(*, key, rate: str):
    """View decorator: sets `request.limited` on a POST over `rate` (every POST counts), fail-open.

    The fail-open counterpart of `django_ratelimit.decorators.ratelimit(method="POST", block=False)`.
    """
    def decorate(view):
        group = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request.limited = request.method == "POST" and is_limited(request, group=group, key=key, rate=rate)
            return view(request, *args, **kwargs)
        return wrapped
    return decorate

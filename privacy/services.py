"""Writes of the privacy app: the access log, its retention, and the reporters' contact data retention.

`record_access(...)` is the one way to write the personal-data access log. Views
use it through `privacy.decorators` so they stay thin; services and tasks may
call it directly.
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone

from core.request_id import current_request_id

from .models import AccessLog

Action = AccessLog.Action


def is_logged_user(user) -> bool:
    """Officials and administrators are logged; merchants reading their own data and residents are not."""
    return bool(user is not None and user.is_authenticated
                and (getattr(user, "is_official", False) or user.is_staff or user.is_superuser))


def client_ip(request) -> str | None:
    """The address the request came from (REMOTE_ADDR; the proxy in front sets it, see README 'Deployment')."""
    raw = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def record_label_of(record) -> str:
    """A short label of a record: its `privacy_label` when it has one, else its str()."""
    label = getattr(record, "privacy_label", None)
    return str(label if label is not None else record)[:200]


def record_access(*, user, action: str, record=None, record_type: str = "", record_id="", label: str = "",
                  request=None, detail: str = "", reason: str = "", now=None) -> AccessLog | None:
    """Write one access-log row: who, when, from where, which record, what action (and why, for exports).

    `record` (a model instance) gives its type, id and label; otherwise pass them. Users who are
    neither officials nor administrators are not logged (None is returned).
    """
    if action not in Action.values:
        raise ValueError(f"unknown access-log action {action!r}")
    if not is_logged_user(user):
        return None
    if record is not None:
        record_type = record_type or record._meta.label_lower
        record_id = record_id or record.pk
        label = label or record_label_of(record)
    if not record_type:
        raise ValueError("record_type is required")
    return AccessLog.objects.create(
        created_at=now or timezone.now(), actor=user, actor_username=user.get_username()[:150],
        actor_role="admin" if (user.is_superuser or user.is_staff) and not getattr(user, "is_official", False)
        else (user.role or "")[:20],
        local_government_id=getattr(user, "local_government_id", None), ip_address=client_ip(request),
        action=action, record_type=record_type[:50], record_id=str(record_id or "")[:64], record_label=label[:200],
        detail=(detail or "")[:255], reason=(reason or "")[:500],
        path=request.get_full_path()[:300] if request is not None else "", request_id=current_request_id()[:64],
    )


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS)


def access_log_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete access-log rows older than the retention period (at least two years); returns how many."""
    return AccessLog.objects.purge_before(retention_cutoff(now))

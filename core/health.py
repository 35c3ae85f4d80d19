"""What /healthz checks: the database, the broker and the worker's heartbeat.

Each check returns {"ok": bool, "status": a word for anyone, ...details for staff}.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from alleydistricts.celery import app

EAGER = "eager"  # no broker configured (make run): tasks run in-process, there is no worker to check


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "status": "down", "error": str(exc)}


def broker_status() -> dict:
    """Eager mode has no broker to check; otherwise connect to it with a short timeout."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "status": EAGER, "mode": EAGER}
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            where = conn.as_uri()  # password masked
        return {"ok": True, "status": "ok", "mode": "broker", "url": where}
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "status": "down", "mode": "broker", "error": str(exc)}


def worker_status(now: datetime.datetime | None = None) -> dict:
    """Fresh when the beat-scheduled heartbeat task ran on a worker within HEALTHZ_WORKER_STALE_SECONDS."""
    from .models import Heartbeat

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "status": EAGER}
    now = now or timezone.now()
    limit = settings.HEALTHZ_WORKER_STALE_SECONDS
    beat_at = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    if beat_at is None:
        return {"ok": False, "status": "stale", "error": "no worker heartbeat yet (are the worker and beat running?)"}
    age = (now - beat_at).total_seconds()
    details = {"last_beat": beat_at.isoformat(), "age_seconds": round(age), "stale_after_seconds": limit}
    if age > limit:
        return {"ok": False, "status": "stale",
                "error": f"the last worker heartbeat is {round(age)} s old (limit {limit} s)", **details}
    return {"ok": True, "status": "ok", **details}

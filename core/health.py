from django.conf import settings


def broker_status() -> dict:
    """Eager mode has no broker to check; otherwise connect to it with a short timeout."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    from alleydistricts.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker"}
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "mode": "broker", "error": str(exc)}

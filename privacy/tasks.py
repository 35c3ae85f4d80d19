"""Retention of the personal-data access log (beat: nightly). Idempotent: a second run deletes nothing."""

from celery import shared_task

from . import services


@shared_task(name="privacy.purge_access_log")
def purge_access_log() -> int:
    return services.access_log_purge()

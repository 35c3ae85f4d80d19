"""Background exports (queued through the outbox) and the expiry of their files."""

from celery import shared_task

from . import services


@shared_task(name="exports.run_job", ignore_result=True)
def run_export_job(job_id: str) -> None:
    services.export_job_run(job_id)


@shared_task(name="exports.expire_jobs", ignore_result=True)
def expire_export_jobs() -> int:
    """Beat, hourly: files past EXPORT_KEEP_HOURS are deleted."""
    return services.export_jobs_expire()

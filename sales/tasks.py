"""Background work of the sales app: thin wrappers that take ids and call a service."""

from celery import shared_task


@shared_task(name="sales.run_import")
def run_import(sales_import_id: int) -> dict:
    """Run a queued sales import (uploaded in the browser). A finished import is not run again."""
    from .importer import sales_import_run

    job = sales_import_run(sales_import_id=sales_import_id)
    return {"id": job.pk, "status": job.status, "created": job.created_count, "updated": job.updated_count,
            "unchanged": job.unchanged_count, "rejected": job.rejected_count}


@shared_task(name="dashboard.tasks.run_sales_import")
def run_import_queued_before_the_move(sales_import_id: int) -> dict:
    """The task's name while sales imports lived in the dashboard app: an outbox row or a broker message
    written before an upgrade still names it, and runs the same import."""
    return run_import(sales_import_id)


@shared_task(name="sales.recover_imports")
def recover_imports() -> dict:
    """Beat, every minute: run again the sales imports whose worker died (stale heartbeat)."""
    from .importer import sales_imports_recover

    return {"sales_imports": sales_imports_recover()}

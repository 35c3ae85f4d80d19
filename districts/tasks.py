"""Background work of the districts app."""

from celery import shared_task

from . import services
from .models import LocalGovernment


@shared_task(name="districts.reassign_stores")
def reassign_district_stores(local_government_id: int | None = None) -> dict:
    """Stores follow their districts after imports: one government, or every one. Idempotent."""
    governments = LocalGovernment.objects.all() if local_government_id is None else \
        LocalGovernment.objects.filter(pk=local_government_id)
    totals: dict = {}
    for government in governments.order_by("pk"):
        for key, value in services.districts_reassign_stores(local_government=government).items():
            totals[key] = totals.get(key, 0) + value
    return totals

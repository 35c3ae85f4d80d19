"""Background work of core: the outbox's consumer and relay, and the worker heartbeat."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from . import outbox

logger = logging.getLogger(__name__)


@shared_task(name="core.outbox.deliver", ignore_result=True, acks_late=True)
def deliver_outbox_message(message_id: int):
    """Run one outbox message once (a duplicate delivery is skipped)."""
    outbox.deliver(message_id)


@shared_task(name="core.outbox.relay", ignore_result=True)
def relay_outbox() -> int:
    """Beat (every OUTBOX_RELAY_SECONDS) and worker start: hand due follow-ups to Celery."""
    return outbox.relay()


@shared_task(name="core.outbox.prune", ignore_result=True)
def prune_outbox() -> int:
    """Nightly: delete delivered messages older than OUTBOX_KEEP_DAYS."""
    return outbox.prune()


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat, every minute: proves to /healthz that beat schedules and a worker runs."""
    stamp_heartbeat()


def stamp_heartbeat(name: str = "worker") -> None:
    from .models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


@worker_ready.connect(dispatch_uid="core-worker-ready")
def on_worker_ready(sender=None, **kwargs):
    """A (re)started worker stamps its heartbeat and relays what waited while it was away."""
    try:
        heartbeat.delay()
        relay_outbox.delay()
    except Exception as exc:  # noqa: BLE001 - the beat schedule will do it once the broker answers
        logger.warning("Could not queue the outbox relay at worker start: %s", exc)

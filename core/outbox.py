"""The transactional outbox: follow-up work that survives the broker (DESIGN.md).

A service calls `enqueue(task, *args, **kwargs)` INSIDE its transaction: the intent (a
mail, an aggregation, an import run) becomes an `OutboxMessage` row that commits or rolls
back with the change. After the commit the row is handed to Celery at once (best effort: a
broker that is down is a logged warning, never an error in the request); the `relay`
task (beat, every OUTBOX_RELAY_SECONDS, and on worker start) hands over whatever is still
due, republishes what the broker lost and takes back work whose worker died.

Celery runs `deliver(message_id)`, which claims the row with a conditional UPDATE before
running the task, so a message published twice runs once. Without a broker (eager mode, the
`make run` default) the task runs in-process right after the commit, as before.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage
from .request_id import HEADER, bound_request_id, current_request_id, sane_request_id

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status
WAITING = (Status.PENDING, Status.PUBLISHED)


def enqueue(task, *args, dedupe_key: str = "", delay_seconds: float = 0, **kwargs) -> OutboxMessage | None:
    """Record `task(*args, **kwargs)` to run after this transaction commits.

    `task` is a Celery task or its registered name (a name keeps apps from importing each
    other). With a `dedupe_key`, a row with the same key that is still waiting makes this
    call a no-op (returns None): a burst of requests runs once. `delay_seconds` holds the
    work back (the countdown of a coalesced aggregation).
    """
    now = timezone.now()
    values = {
        "task_name": registered_task(task).name if isinstance(task, str) else task.name,  # a typo fails here
        "args": list(args), "kwargs": kwargs, "dedupe_key": dedupe_key,
        "request_id": (sane_request_id(current_request_id()) or "") if current_request_id() != "-" else "",
        "not_before": now + datetime.timedelta(seconds=delay_seconds),
    }
    if dedupe_key:
        if OutboxMessage.objects.filter(dedupe_key=dedupe_key, status__in=WAITING).exists():
            return None
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin must not spoil the caller's transaction
                message = OutboxMessage.objects.create(**values)
        except IntegrityError:
            return None  # another transaction queued the same work first
    else:
        message = OutboxMessage.objects.create(**values)
    transaction.on_commit(lambda: publish_now(message.pk))
    return message


def publish_now(message_id: int) -> bool:
    """Hand one committed message to Celery (after the commit). Never raises."""
    message = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING).first()
    return message is not None and _publish(message)


def _publish(message: OutboxMessage) -> bool:
    from alleydistricts.celery import app

    from .tasks import deliver_outbox_message

    now = timezone.now()
    countdown = max(0.0, (message.not_before - now).total_seconds())
    try:
        deliver_outbox_message.apply_async(args=[message.pk], countdown=countdown or None,
                                           headers={HEADER: message.request_id} if message.request_id else None)
    except Exception as exc:  # noqa: BLE001 - the row stays; the relay tries again
        if app.conf.task_always_eager:  # in-process: the task itself failed (deliver recorded it)
            logger.exception("Follow-up %s failed; it is kept in the outbox.", message)
        else:
            logger.warning("Could not publish %s (the relay will retry): %s", message, exc)
            OutboxMessage.objects.filter(pk=message.pk, status__in=WAITING).update(
                last_error=f"publish: {exc}"[:2000])
        return False
    OutboxMessage.objects.filter(pk=message.pk, status__in=WAITING).update(status=Status.PUBLISHED, published_at=now)
    return True


def relay(*, limit: int = 500) -> int:
    """Publish what is due, republish what the broker lost, take back work of a dead worker.

    Returns how many messages were handed to Celery. A duplicate publish is harmless:
    `deliver` runs a message once.
    """
    now = timezone.now()
    _take_back_expired(now)
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_REPUBLISH_AFTER_SECONDS)
    due = (Q(status=Status.PENDING, not_before__lte=now)
           | Q(status=Status.PUBLISHED, published_at__lt=stale, not_before__lt=stale))
    published = 0
    for message in OutboxMessage.objects.filter(due).order_by("not_before", "pk")[:limit]:
        published += _publish(message)
    return published


def _take_back_expired(now) -> None:
    """A running message whose lease ran out lost its worker: run it again (or give up)."""
    for message in OutboxMessage.objects.filter(status=Status.RUNNING, lease_until__lt=now):
        logger.warning("Follow-up %s was claimed by a worker that did not finish; running it again.", message)
        _retry_or_fail(message, error="the worker stopped before finishing", now=now, at=now)


def registered_task(name: str):
    """The Celery task of that name; in a web process the apps' tasks modules are imported on first need
    (a worker imports them at start, through autodiscovery)."""
    from alleydistricts.celery import app

    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def deliver(message_id: int):
    """Run one message's task once (the consumer side). A message already claimed or done is skipped."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(status__in=WAITING) | Q(status=Status.RUNNING, lease_until__lt=now), pk=message_id,
    ).update(status=Status.RUNNING, attempts=F("attempts") + 1,
             lease_until=now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS))
    if not claimed:
        logger.info("Outbox message %s was already delivered or is being delivered; skipped.", message_id)
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        with bound_request_id(message.request_id or None):
            result = registered_task(message.task_name)(*message.args, **message.kwargs)
    except Exception as exc:
        now = timezone.now()
        delay = min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (message.attempts - 1), settings.OUTBOX_RETRY_MAX_SECONDS)
        _retry_or_fail(message, error=repr(exc), now=now, at=now + datetime.timedelta(seconds=delay))
        raise
    OutboxMessage.objects.filter(pk=message.pk, status=Status.RUNNING).update(
        status=Status.DONE, done_at=timezone.now(), lease_until=None, last_error="")
    return result


def _retry_or_fail(message: OutboxMessage, *, error: str, now, at) -> None:
    running = OutboxMessage.objects.filter(pk=message.pk, status=Status.RUNNING)
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.error("Follow-up %s failed %s times; giving up: %s", message, message.attempts, error)
        running.update(status=Status.FAILED, done_at=now, lease_until=None, last_error=error[:2000])
        return
    try:
        with transaction.atomic():
            running.update(status=Status.PENDING, not_before=at, lease_until=None, last_error=error[:2000])
    except IntegrityError:  # a newer twin with the same dedupe key is already waiting: it does the work
        running.update(status=Status.SUPERSEDED, done_at=now, lease_until=None, last_error=error[:2000])


def prune(*, older_than_days: int | None = None) -> int:
    """Delete delivered (and superseded) messages older than OUTBOX_KEEP_DAYS. Failed ones stay for a look."""
    days = settings.OUTBOX_KEEP_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(status__in=[Status.DONE, Status.SUPERSEDED],
                                              done_at__lt=cutoff).delete()
    return deleted

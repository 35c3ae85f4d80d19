import logging.config
import os

from celery import Celery, signals

from core.request_id import HEADER, bound_request_id, current_request_id

from . import kombu_patch

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")

app = Celery("alleydistricts")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
kombu_patch.apply()  # the worker survives losing Redis while it holds a message (see the module)

# What current_request_id() answers outside any request or task.
NO_REQUEST_ID = "-"


@app.task(bind=True, name="core.ping")
def ping(self):
    """A trivial round trip used by /healthz-style checks and the worker test."""
    return "pong"


@signals.setup_logging.connect
def use_django_logging(loglevel=None, **kwargs):
    """The worker and beat log through settings.LOGGING (same one-line format with the request id)
    instead of Celery's own handlers; `--loglevel` still sets the level."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


@signals.before_task_publish.connect
def attach_request_id(headers=None, **kwargs):
    """A task queued during a request carries its id, unless the publisher set one already
    (the outbox relay sets the id stored with the queued work)."""
    if headers is None or headers.get(HEADER):
        return
    request_id = current_request_id()
    if request_id != NO_REQUEST_ID:
        headers[HEADER] = request_id


_bound_ids: dict[str, object] = {}


@signals.task_prerun.connect
def bind_task_request_id(task_id=None, task=None, **kwargs):
    """Every log line of the task carries the id of the request that queued it; an eager task run
    inside a request keeps that request's id; otherwise the task's own id."""
    request_id = getattr(task.request, HEADER, None) if task is not None else None
    if not request_id and current_request_id() != NO_REQUEST_ID:
        request_id = current_request_id()
    binding = bound_request_id(request_id or task_id)
    binding.__enter__()
    _bound_ids[task_id] = binding


@signals.task_postrun.connect
def unbind_task_request_id(task_id=None, **kwargs):
    binding = _bound_ids.pop(task_id, None)
    if binding is not None:
        binding.__exit__(None, None, None)

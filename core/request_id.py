"""The id of the request (or task) being handled: on every log line, and carried to the tasks it queues.

`RequestIdMiddleware` binds one per request (or takes a sane `X-Request-ID` from the proxy);
queued follow-up work stores `current_request_id()` and hands it to Celery as the
`request_id` message header, and the worker binds it again while the task runs.
"""

import contextvars
import logging
import re
import uuid
from contextlib import contextmanager

HEADER = "request_id"
_NO_REQUEST = "-"
_current = contextvars.ContextVar("request_id", default=_NO_REQUEST)
_SANE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def current_request_id() -> str:
    return _current.get()


def sane_request_id(value: str | None) -> str | None:
    """A caller-supplied id only if it is short and plain (it ends up in log lines)."""
    return value if value and _SANE.match(value) else None


@contextmanager
def bound_request_id(value: str | None = None):
    token = _current.set(sane_request_id(value) or new_request_id())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds `record.request_id` for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True

"""Logging filters for the console handler (see LOGGING in settings)."""

import logging


class ClientErrorTracebackFilter(logging.Filter):
    """An expected 4xx (a 404 for a missing page, a 403 for the wrong role) is one line, not a traceback.

    Django's `log_response` passes the Http404/PermissionDenied exception as exc_info; for a client
    error that traceback says nothing about a fault. 5xx keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.request") and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True

"""View decorators that write the personal-data access log, so views stay thin.

    @official_required
    @access_logged(Action.VIEW, "hotline.ticket", id_kwarg="ticket_id")
    def ticket_detail(request, ticket_id): ...

A view that has the record at hand may name it with `note_record(request, obj)`
(its label goes into the log). Nothing is logged when the view answers an error
(4xx/5xx) or when the user is neither an official nor an administrator.

`export_reason_required` puts a small form in front of an export of personal
data: the export runs only when a reason is given, and the reason is stored with
the log row.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render

from .forms import ExportReasonForm
from .services import Action, is_logged_user, record_access

__all__ = ["Action", "access_logged", "export_reason_required", "note_record"]


def note_record(request, record, *, label: str = "", action: str | None = None) -> None:
    """Tell the access-log decorator which record the view showed or changed (and, when it differs from
    the decorator's, what the view did: a POST that only previews is a view, not a change)."""
    request.privacy_record = (record, label)
    if action is not None:
        request.privacy_action = action


def _log_after(request, response, *, action, record_type, id_kwarg, kwargs, detail="", reason=""):
    if response.status_code >= 400:
        return
    record, label = getattr(request, "privacy_record", (None, ""))
    record_access(user=request.user, action=getattr(request, "privacy_action", action), record=record,
                  record_type=record_type, record_id=kwargs.get(id_kwarg, "") if id_kwarg else "", label=label,
                  request=request, detail=detail, reason=reason)


def access_logged(action: str, record_type: str, *, id_kwarg: str | None = None, search_param: str | None = None,
                  methods: tuple[str, ...] | None = None, search_only: bool = False):
    """Log each successful call of the view.

    search_param: the query-string parameter that holds search words; when it is filled the call is
    logged as a search (with the words), otherwise as `action`; with search_only, calls without search
    words are not logged (a list that shows no personal data itself). methods: only these HTTP methods
    are logged (e.g. ("POST",) for a view whose GET shows nothing personal).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if methods and request.method not in methods:
                return response
            words = (request.GET.get(search_param) or "").strip() if search_param else ""
            if search_only and not words:
                return response
            _log_after(request, response, action=Action.SEARCH if words else action, record_type=record_type,
                       id_kwarg=id_kwarg, kwargs=kwargs, detail=words)
            return response

        return wrapper

    return decorator


def export_reason_required(record_type: str, *, label: str = "", id_kwarg: str | None = None, precheck=None):
    """Ask for the reason of an export of personal data before running it; log it with the reason.

    GET shows the reason form (the export's filters stay in the address); POST with a valid reason
    runs the export view and logs it. Users who are not logged (merchants) export at once.
    precheck(request, **kwargs): run first, so a record the user may not see is a 404 before any form.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_logged_user(request.user):
                return view(request, *args, **kwargs)
            if precheck is not None:
                precheck(request, **kwargs)
            form = ExportReasonForm(request.POST if request.method == "POST" else None)
            if not form.is_valid():
                return render(request, "privacy/export_reason.html", {"form": form, "label": label},
                              status=400 if form.is_bound else 200)
            request.export_reason = form.cleaned_data["reason"]  # a background export keeps it on its job
            response = view(request, *args, **kwargs)  # it reads its filters from the query string, as before
            detail = request.GET.urlencode()
            rows = getattr(request, "export_rows", None)  # set by exports.views.export_response
            if rows is not None:
                detail = f"rows={rows}" + (f"&{detail}" if detail else "")
            _log_after(request, response, action=Action.EXPORT, record_type=record_type, id_kwarg=id_kwarg,
                       kwargs=kwargs, detail=detail, reason=form.cleaned_data["reason"])
            return response

        return wrapper

    return decorator

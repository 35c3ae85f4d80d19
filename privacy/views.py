"""The privacy policy page (public) and the administrators' monthly review of the access log."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from exports.views import export_response

from . import selectors
from .decorators import Action, access_logged, export_reason_required
from .forms import ReviewFilterForm

PAGE_SIZE = 100


def administrator_required(view):
    """Anonymous -> the login page; anyone but staff or a superuser -> 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and (request.user.is_staff or request.user.is_superuser)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def privacy_policy(request):
    return render(request, "privacy/policy.html", {
        "contact_retention_days": settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS,
        "access_log_years": settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS // 365,
    })


def _review_filters(request):
    month = selectors.parse_month(request.GET.get("month"))
    form = ReviewFilterForm(request.GET or None, actors=selectors.actors_of_month(month))
    data = form.cleaned_data if form.is_valid() else {}
    actor_id = int(data["official"]) if data.get("official") else None
    return form, month, actor_id, data.get("action") or ""


@administrator_required
@access_logged(Action.VIEW, "privacy.accesslog")
def access_log_review(request):
    form, month, actor_id, action = _review_filters(request)
    page = Paginator(selectors.log_of_month(month, actor_id=actor_id, action=action)
                     .select_related("local_government"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/review.html", {
        "form": form, "month": month, "summaries": selectors.monthly_summary(month, action=action, actor_id=actor_id),
        "page_obj": page, "rows": page.object_list, "actions": selectors.Action,
        "export_query": request.GET.urlencode(), "factor": settings.PRIVACY_REVIEW_UNUSUAL_FACTOR,
    })


@administrator_required
@export_reason_required("privacy.accesslog", label=gettext_lazy("personal data access log"))
def access_log_export(request):
    return export_response(request, "privacy.access_log")

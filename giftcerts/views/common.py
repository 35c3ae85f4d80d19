from django.contrib import messages
from django.core.paginator import Paginator

from core.errors import DomainError
from core.forms import add_domain_error
from districts.selectors import default_local_government


def public_government(request):
    """Officials see their own government; everyone else the default (public) one."""
    user = request.user
    if user.is_authenticated and user.is_official:
        return user.local_government
    return default_local_government()


def paginate(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def application_overview(application) -> dict:
    """What both the merchant's page and the review screen show: rules, documents and history.

    An open application is checked live; a decided one shows the check recorded at its last
    transition (what the decision was based on)."""
    from .. import documents, eligibility

    specs = documents.requirements_for(application.store.local_government_id)
    docs = list(application.documents.all())
    if application.is_open:
        results = eligibility.check_eligibility(application.store,
                                                declared_revenue_won=application.declared_revenue_won)
    else:
        results = [eligibility.RuleResult(**r) for r in application.eligibility]
    return {
        "application": application,
        "store": application.store,
        "results": results,
        "all_passed": eligibility.all_passed(results),
        "specs": specs,
        "documents_by_kind": {spec.code: [d for d in docs if d.kind == spec.code] for spec in specs},
        "missing": documents.missing_required(specs, [d.kind for d in docs]),
        "events": list(application.events.all()),
    }


def run_form(request, form, action, success: str, *, announce_errors: bool = False) -> bool:
    """Validate `form` and call `action(cleaned_data)` (a service). A DomainError lands on the form,
    which keeps what the user typed; True when the service ran, with `success` shown."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        if announce_errors:
            messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def run_action(request, action, success: str) -> None:
    """Call a service with no form; its refusal becomes an error message."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)

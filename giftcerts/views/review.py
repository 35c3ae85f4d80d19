"""The official's review queue, the review screen with its three decisions, and bulk approval."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core import bounds
from privacy.decorators import Action, access_logged

from .. import selectors, services
from ..forms import ApproveForm, RejectForm, ReviewFilterForm, SupplementForm
from ..models import FranchiseApplication
from .common import application_overview, paginate, run_form

Status = FranchiseApplication.Status
QUEUE_PAGE_SIZE = 50


@official_required
@access_logged(Action.VIEW, "giftcerts.franchiseapplication")
def review_queue(request):
    government = request.user.local_government
    form = ReviewFilterForm(request.GET or None, local_government=government)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = selectors.review_queue(request.user, status=filters.get("status") or "",
                                   dong_id=filters.get("dong"), district_id=filters.get("district"),
                                   age=filters.get("age") or "")
    page = paginate(request, queue, QUEUE_PAGE_SIZE)
    today = timezone.localdate()
    rows = selectors.review_queue_rows(page.object_list, government, today)
    return render(request, "giftcerts/review_queue.html", {
        "form": form, "page_obj": page, "rows": rows, "today": today,
    })


def _official_application(request, pk):
    return get_object_or_404(selectors.visible_applications(request.user), pk=pk)


def _review_context(application, **forms):
    context = application_overview(application)
    context.update({
        "deadline": selectors.deadline_of(application),
        "franchise": getattr(application, "franchise", None) if application.status == Status.APPROVED else None,
        "approve_form": ApproveForm(),
        "supplement_form": SupplementForm(),
        "reject_form": RejectForm(),
    })
    context.update({k: v for k, v in forms.items() if v is not None})
    return context


@official_required
@access_logged(Action.VIEW, "giftcerts.franchiseapplication", id_kwarg="pk")
def review_detail(request, pk):
    application = _official_application(request, pk)
    return render(request, "giftcerts/review_detail.html", _review_context(application))


def _decide(request, pk, form_class, form_name, action, success):
    application = _official_application(request, pk)
    form = form_class(request.POST)
    if run_form(request, form, lambda data: action(application, data), success, announce_errors=True):
        return redirect("giftcerts:review_detail", application.pk)
    application = _official_application(request, pk)  # fresh state after a refused decision
    return render(request, "giftcerts/review_detail.html", _review_context(application, **{form_name: form}))


@official_required
@require_POST
@access_logged(Action.CHANGE, "giftcerts.franchiseapplication", id_kwarg="pk")
def review_approve(request, pk):
    return _decide(request, pk, ApproveForm, "approve_form",
                   lambda app, data: services.application_approve(application_id=app.pk, official=request.user,
                                                                  note=data["note"]),
                   _("Approved: the franchise was issued and the merchant informed."))


@official_required
@require_POST
@access_logged(Action.CHANGE, "giftcerts.franchiseapplication", id_kwarg="pk")
def review_supplement(request, pk):
    return _decide(request, pk, SupplementForm, "supplement_form",
                   lambda app, data: services.application_request_supplement(
                       application_id=app.pk, official=request.user, message=data["message"]),
                   _("The supplement request was sent to the merchant."))


@official_required
@require_POST
@access_logged(Action.CHANGE, "giftcerts.franchiseapplication", id_kwarg="pk")
def review_reject(request, pk):
    return _decide(request, pk, RejectForm, "reject_form",
                   lambda app, data: services.application_reject(application_id=app.pk, official=request.user,
                                                                 reason=data["reason"]),
                   _("The application was rejected and the merchant informed."))


@official_required
@require_POST
@access_logged(Action.CHANGE, "giftcerts.franchiseapplication")
def bulk_approve(request):
    ids = [n for v in request.POST.getlist("application") if (n := bounds.parse_int(v)) is not None]
    if not ids:
        messages.error(request, _("Select the applications to approve."))
        return redirect("giftcerts:review_queue")
    result = services.applications_bulk_approve(application_ids=ids, official=request.user)
    if result.approved:
        messages.success(request, ngettext("%(count)d application approved.", "%(count)d applications approved.",
                                           len(result.approved)) % {"count": len(result.approved)})
    for application_id, reason in result.refused.items():
        messages.error(request, _("Application %(id)s was not approved: %(reason)s")
                       % {"id": application_id, "reason": reason})
    back = request.POST.get("next", "")
    queue_url = reverse("giftcerts:review_queue")
    return redirect(back if back.startswith(queue_url + "?") else queue_url)

"""The merchant's side: pick a store, see the pre-check, fill in, upload, submit, follow, answer."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.permissions import merchant_required
from core.errors import DomainError
from privacy.decorators import Action, access_logged

from .. import documents, eligibility, selectors, services
from ..forms import ApplicationForm, DocumentForm, ResubmitForm, WithdrawForm
from ..models import FranchiseApplication
from .common import application_overview, run_action, run_form

Status = FranchiseApplication.Status


def application_steps(application) -> list[dict]:
    """The KRDS step indicator: written -> under review -> supplement -> decision."""
    decision_label = {
        Status.APPROVED: _("Approved"), Status.REJECTED: _("Rejected"), Status.WITHDRAWN: _("Withdrawn"),
    }.get(application.status, _("Decision"))
    steps = [_("Application form"), _("Under review"), _("Supplement (if requested)"), decision_label]
    current = {Status.DRAFT: 0, Status.SUBMITTED: 1, Status.SUPPLEMENT_REQUESTED: 2}.get(application.status, 3)
    return [{"number": i + 1, "label": label, "done": i < current, "active": i == current}
            for i, label in enumerate(steps)]


@merchant_required
def my_applications(request):
    applications = list(selectors.merchant_applications(request.user))
    rows = selectors.merchant_store_rows(request.user, applications)
    return render(request, "giftcerts/my_applications.html", {"rows": rows, "applications": applications})


def _merchant_store(request, store_id):
    return get_object_or_404(selectors.merchant_stores(request.user), pk=store_id)


@merchant_required
def apply(request, store_id):
    """The eligibility pre-check for one store, before anything is typed; POST opens the draft."""
    store = _merchant_store(request, store_id)
    current = store.franchise_applications.filter(status__in=FranchiseApplication.OPEN_STATUSES).first()
    if current is not None:
        return redirect("giftcerts:application_detail", current.pk)
    if request.method == "POST":
        try:
            application = services.application_start(store_id=store.pk, merchant=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your draft is open. Fill it in and upload the documents."))
            return redirect("giftcerts:application_detail", application.pk)
    results = eligibility.check_eligibility(store)  # after a failed start: the same rules, read again
    return render(request, "giftcerts/apply.html", {
        "store": store, "results": results, "blocked": bool(eligibility.failed(results)),
        "limit": request_limit(),
    })


def request_limit() -> int:
    return settings.ONNURI_REVENUE_LIMIT_WON


def _application(request, pk):
    return get_object_or_404(selectors.application_detail_queryset().filter(applicant=request.user), pk=pk)


def _detail_context(application, **forms):
    context = application_overview(application)
    context.update({
        "steps": application_steps(application),
        "supplement_request": selectors.latest_event(application, Status.SUPPLEMENT_REQUESTED),
        "franchise": selectors.franchise_of_application(application),
        "limit": request_limit(),
    })
    if application.is_editable:
        revenue = application.declared_revenue_won
        context["form"] = ApplicationForm(initial={
            "kinds": application.kinds, "declared_revenue_won": f"{revenue:,}" if revenue is not None else "",
            "version": application.version})
        context["document_form"] = DocumentForm(specs=context["specs"])
    if application.status == Status.SUPPLEMENT_REQUESTED:
        context["resubmit_form"] = ResubmitForm()
    if application.is_open:
        context["withdraw_form"] = WithdrawForm()
    context.update({k: v for k, v in forms.items() if v is not None})
    return context


@merchant_required
@never_cache
def application_detail(request, pk):
    application = _application(request, pk)
    return render(request, "giftcerts/application_detail.html", _detail_context(application))


def _rerender(request, application, **forms):
    application = _application(request, application.pk)  # fresh state after a refused change
    return render(request, "giftcerts/application_detail.html", _detail_context(application, **forms))


@merchant_required
@require_POST
def application_save(request, pk):
    application = _application(request, pk)
    form = ApplicationForm(request.POST)
    if run_form(request, form, lambda data: services.application_update_draft(
            application_id=application.pk, merchant=request.user, kinds=data["kinds"],
            declared_revenue_won=data["declared_revenue_won"], version=data["version"]),
            _("Saved. You can come back and finish later.")):
        return redirect("giftcerts:application_detail", application.pk)
    return _rerender(request, application, form=form)


@merchant_required
@require_POST
def document_upload(request, pk):
    application = _application(request, pk)
    form = DocumentForm(request.POST, request.FILES,
                        specs=documents.requirements_for(application.store.local_government_id))
    if run_form(request, form, lambda data: services.document_add(
            application_id=application.pk, merchant=request.user, kind=data["kind"], uploaded_file=data["file"]),
            _("The document was uploaded.")):
        return redirect("giftcerts:application_detail", application.pk)
    return _rerender(request, application, document_form=form)


@merchant_required
@require_POST
def document_delete(request, pk, doc_id):
    application = _application(request, pk)
    document = get_object_or_404(application.documents.all(), pk=doc_id)
    run_action(request, lambda: services.document_remove(document_id=document.pk, merchant=request.user),
               _("The document was removed."))
    return redirect("giftcerts:application_detail", application.pk)


@merchant_required
@require_POST
def application_submit(request, pk):
    application = _application(request, pk)
    run_action(request, lambda: services.application_submit(application_id=application.pk, merchant=request.user),
               _("Your application was submitted. The district office aims to decide within 7 days; you will get "
                 "an e-mail at each step."))
    return redirect("giftcerts:application_detail", application.pk)


@merchant_required
@require_POST
def application_resubmit(request, pk):
    application = _application(request, pk)
    form = ResubmitForm(request.POST)
    if run_form(request, form, lambda data: services.application_resubmit(
            application_id=application.pk, merchant=request.user, answer=data["answer"]),
            _("Your answer was sent and the application is back under review.")):
        return redirect("giftcerts:application_detail", application.pk)
    return _rerender(request, application, resubmit_form=form)


@merchant_required
@require_POST
def application_withdraw(request, pk):
    application = _application(request, pk)
    form = WithdrawForm(request.POST)
    run_form(request, form, lambda data: services.application_withdraw(
        application_id=application.pk, merchant=request.user, reason=data["reason"]),
        _("The application was withdrawn."), announce_errors=True)
    return redirect("giftcerts:application_detail", application.pk)


@never_cache
@access_logged(Action.DOWNLOAD, "giftcerts.applicationdocument", id_kwarg="pk")
def document_file(request, pk):
    """Serve a document to its applicant or an official of the store's government; 404 for anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    document = get_object_or_404(selectors.visible_documents(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=document.content_type, as_attachment=False,
                            filename=document.original_name)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response

"""Officials' pages (list, detail, create/edit, members, officers, meetings, status, proposals) and the
officers' pages (their association, proposals). Thin: a selector, a form, a service."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import merchant_required, official_required
from core.errors import DomainError
from core.forms import add_domain_error
from exports.views import export_response
from privacy.decorators import Action, access_logged, export_reason_required, note_record

from . import selectors, services
from .forms import (
    ApproveForm,
    AssociationForm,
    FilterForm,
    MeetingForm,
    MemberAddForm,
    MemberRemoveForm,
    OfficerEndForm,
    OfficerForm,
    ProposeMeetingForm,
    ProposeMemberAddForm,
    ProposeMemberRemoveForm,
    RejectForm,
    StatusForm,
)
from .models import ChangeRequest, MerchantAssociation

PAGE_SIZE = 30
RECORD = "associations.merchantassociation"


def _scoped(request, pk) -> MerchantAssociation:
    try:
        return selectors.association_for_official(request.user.local_government, pk)
    except MerchantAssociation.DoesNotExist as exc:
        raise Http404 from exc


def _filtered(request):
    government = request.user.local_government
    form = FilterForm(request.GET or None, local_government=government)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    elif form.is_bound:
        return form, MerchantAssociation.objects.none()
    return form, selectors.association_list(government, **filters)


@official_required
@access_logged(Action.SEARCH, RECORD, search_param="q", search_only=True)
def association_list(request):
    form, associations = _filtered(request)
    page = Paginator(associations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "associations/list.html", {
        "filter_form": form, "page_obj": page, "associations": page.object_list, "query": query.urlencode(),
        "pending": selectors.proposals_pending(request.user.local_government).count()})


@official_required
@export_reason_required(RECORD, label=gettext_lazy("merchant associations with their officers and contacts"))
def association_export(request):
    return export_response(request, "associations.associations")


def _accounts_for(association):
    from django.contrib.auth import get_user_model

    from merchants.models import Store

    owner_ids = (Store.objects.filter(district__in=association.districts.all(), owner__isnull=False)
                 .values("owner__user_id"))
    return get_user_model().objects.filter(pk__in=owner_ids, role="merchant", is_active=True).order_by(
        "last_name", "first_name", "username")


def _detail_forms(association, bound=None):
    today = timezone.localdate()
    forms = {
        "member": MemberAddForm(stores=selectors.candidate_stores(association), initial={"joined_on": today},
                                prefix="member"),
        "officer": OfficerForm(accounts=_accounts_for(association), initial={"term_start": today}, prefix="officer"),
        "meeting": MeetingForm(initial={"held_on": today}, prefix="meeting"),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


MEMBERS_PAGE_SIZE = 50


def _detail_context(association, forms, page=None, **extra):
    today = timezone.localdate()
    members = Paginator(selectors.members(association, today), MEMBERS_PAGE_SIZE).get_page(page)
    return {
        "association": association, "forms": forms, "today": today,
        "figures": selectors.association_figures(association, today),
        "page_obj": members, "members": members.object_list,
        "officers": list(selectors.officers(association)),
        "meetings": list(selectors.meetings(association)[:50]),
        "events": list(selectors.events(association)[:50]),
        "proposals": list(selectors.proposals_of(association).filter(state=ChangeRequest.State.PENDING)),
        "remove_form": MemberRemoveForm(initial={"left_on": today}),
        "end_form": OfficerEndForm(initial={"term_end": today}),
        "Status": MerchantAssociation.Status, **extra,
    }


@official_required
@access_logged(Action.VIEW, RECORD, id_kwarg="pk")
def association_detail(request, pk):
    association = _scoped(request, pk)
    note_record(request, association)
    return render(request, "associations/detail.html",
                  _detail_context(association, _detail_forms(association), page=request.GET.get("page")))


def _form_page(request, form, association=None, status=200):
    return render(request, "associations/form.html", {"form": form, "association": association}, status=status)


def _association_args(data):
    return {"name": data["name"], "registration_number": data["registration_number"],
            "founded_on": data["founded_on"], "contact_name": data["contact_name"], "phone": data["phone"],
            "note": data["note"]}


@official_required
def association_create(request):
    government = request.user.local_government
    form = AssociationForm(request.POST or None, local_government=government)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_create(
                official=request.user, district_ids=[d.pk for d in form.cleaned_data["districts"]],
                **_association_args(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The association was registered."))
            return redirect("associations:detail", pk=association.pk)
    return _form_page(request, form, status=400 if form.is_bound else 200)


@official_required
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def association_edit(request, pk):
    association = _scoped(request, pk)
    initial = {"name": association.name, "districts": list(association.districts.all()),
               "registration_number": association.registration_number and
               f"{association.registration_number[:3]}-{association.registration_number[3:5]}-"
               f"{association.registration_number[5:]}",
               "founded_on": association.founded_on, "contact_name": association.contact_name,
               "phone": association.phone, "note": association.note, "version": association.version}
    form = AssociationForm(request.POST or None, initial=initial, local_government=association.local_government)
    form.fields["phone"].stored_value = association.phone
    if request.method == "POST" and form.is_valid():
        try:
            services.association_update(
                association_id=association.pk, official=request.user, expected_version=form.cleaned_data["version"],
                district_ids=[d.pk for d in form.cleaned_data["districts"]], **_association_args(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("associations:detail", pk=association.pk)
    return _form_page(request, form, association, status=400 if form.is_bound else 200)


@official_required
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def association_status(request, pk):
    association = _scoped(request, pk)
    form = StatusForm(request.POST or None, initial={"version": association.version,
                                                     "effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.association_change_status(association_id=association.pk, official=request.user,
                                               to_status=data["to_status"], reason=data["reason"],
                                               effective_on=data["effective_on"], expected_version=data["version"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("associations:detail", pk=association.pk)
    return render(request, "associations/status_form.html", {"form": form, "association": association},
                  status=400 if form.is_bound else 200)


def _run(request, association, key, form, call):
    """Run a service for the detail page's forms; on error show the page again with the input kept."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("associations:detail", pk=association.pk)
    association = _scoped(request, association.pk)
    return render(request, "associations/detail.html",
                  _detail_context(association, _detail_forms(association, bound=(key, form)), bound_key=key,
                                  bound_form=form),
                  status=400)


def _row_action(request, association, rows, row_id, form, call, *, done, invalid):
    """A one-date action on a row of the detail page (a membership, an officer's term): the row must be the
    association's, and the outcome is a message on the detail page."""
    if not rows.filter(pk=row_id).exists():
        raise Http404
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
    else:
        messages.error(request, invalid)
    return redirect("associations:detail", pk=association.pk)


@official_required
@require_POST
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def member_add(request, pk):
    association = _scoped(request, pk)
    form = MemberAddForm(request.POST, stores=selectors.candidate_stores(association), prefix="member")
    return _run(request, association, "member", form, lambda d: services.member_add(
        association_id=association.pk, store_id=d["store"].pk, joined_on=d["joined_on"], actor=request.user))


@official_required
@require_POST
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def member_remove(request, pk, membership_id):
    association = _scoped(request, pk)
    return _row_action(request, association, association.memberships, membership_id, MemberRemoveForm(request.POST),
                       lambda d: services.member_remove(membership_id=membership_id, left_on=d["left_on"],
                                                        actor=request.user, reason=d["reason"]),
                       done=_("The store left the association."), invalid=_("Enter the date the store left."))


@official_required
@require_POST
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def officer_add(request, pk):
    association = _scoped(request, pk)
    form = OfficerForm(request.POST, accounts=_accounts_for(association), prefix="officer")
    return _run(request, association, "officer", form, lambda d: services.officer_add(
        association_id=association.pk, official=request.user, role=d["role"], person_name=d["person_name"],
        term_start=d["term_start"], term_end=d["term_end"], user=d["user"]))


@official_required
@require_POST
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def officer_end(request, pk, officer_id):
    association = _scoped(request, pk)
    return _row_action(request, association, association.officers, officer_id, OfficerEndForm(request.POST),
                       lambda d: services.officer_end_term(officer_id=officer_id, official=request.user,
                                                           term_end=d["term_end"]),
                       done=_("The term was ended."), invalid=_("Enter the date the term ends."))


@official_required
@require_POST
@access_logged(Action.CHANGE, RECORD, id_kwarg="pk")
def meeting_add(request, pk):
    association = _scoped(request, pk)
    form = MeetingForm(request.POST, request.FILES, prefix="meeting")
    return _run(request, association, "meeting", form, lambda d: services.meeting_record(
        association_id=association.pk, actor=request.user, held_on=d["held_on"], attendance=d["attendance"],
        agenda=d["agenda"], minutes_file=d["minutes"]))


def _file_response(field, name, content_type):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = field.name.rsplit(".", 1)[-1]
    filename = name if name.lower().endswith(f".{ext}") else f"minutes.{ext}"
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type or mimetypes.guess_type(field.name)[0]
                            or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access_logged(Action.DOWNLOAD, "associations.meeting", id_kwarg="meeting_id")
def meeting_minutes(request, meeting_id):
    """Minutes: officials of the association's government and its current officers; 404 for anyone else."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    try:
        meeting = selectors.meeting_for(request.user, meeting_id)
    except Exception as exc:  # DoesNotExist of the meeting or of the reader's right
        raise Http404 from exc
    return _file_response(meeting.minutes, meeting.minutes_name, meeting.minutes_content_type)


@access_logged(Action.DOWNLOAD, "associations.changerequest", id_kwarg="proposal_id")
def proposal_minutes(request, proposal_id):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    try:
        proposal = selectors.proposal_minutes_for(request.user, proposal_id)
    except Exception as exc:
        raise Http404 from exc
    return _file_response(proposal.minutes, proposal.minutes_name, proposal.minutes_content_type)


# --- officials: proposals ------------------------------------------------------------------------------

@official_required
def proposal_queue(request):
    government = request.user.local_government
    page = Paginator(selectors.proposals_pending(government), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "associations/proposal_queue.html", {"page_obj": page, "proposals": page.object_list})


def _proposal_scoped(request, proposal_id) -> ChangeRequest:
    proposal = (ChangeRequest.objects.select_related("association", "store", "proposed_by", "membership")
                .filter(pk=proposal_id, association__local_government=request.user.local_government).first())
    if proposal is None:
        raise Http404
    return proposal


@official_required
@access_logged(Action.VIEW, "associations.changerequest", id_kwarg="proposal_id")
def proposal_detail(request, proposal_id, approve_form=None, reject_form=None, status=200):
    proposal = _proposal_scoped(request, proposal_id)
    return render(request, "associations/proposal_detail.html", {
        "proposal": proposal, "approve_form": approve_form or ApproveForm(prefix="approve"),
        "reject_form": reject_form or RejectForm(prefix="reject")}, status=status)


@official_required
@require_POST
@access_logged(Action.CHANGE, "associations.changerequest", id_kwarg="proposal_id")
def proposal_decide(request, proposal_id, decision):
    proposal = _proposal_scoped(request, proposal_id)
    if decision == "approve":
        form, other = ApproveForm(request.POST, prefix="approve"), {}
    elif decision == "reject":
        form, other = RejectForm(request.POST, prefix="reject"), {}
    else:
        raise Http404
    if form.is_valid():
        try:
            if decision == "approve":
                services.proposal_approve(proposal_id=proposal.pk, official=request.user,
                                          note=form.cleaned_data["note"])
                messages.success(request, _("The proposal was approved and applied."))
            else:
                services.proposal_reject(proposal_id=proposal.pk, official=request.user,
                                         reason=form.cleaned_data["reason"])
                messages.success(request, _("The proposal was rejected."))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("associations:proposal_queue")
    other[f"{decision}_form"] = form
    return render(request, "associations/proposal_detail.html", {
        "proposal": _proposal_scoped(request, proposal_id), "approve_form": ApproveForm(prefix="approve"),
        "reject_form": RejectForm(prefix="reject"), **other}, status=400)


# --- officers (merchant accounts holding a current office) ----------------------------------------------

@merchant_required
def my_associations(request):
    associations = list(selectors.associations_of_officer(request.user).prefetch_related("districts"))
    if not associations:
        raise PermissionDenied(_("Only officers of a merchant association see this page."))
    if len(associations) == 1:
        return redirect("associations:my_detail", pk=associations[0].pk)
    return render(request, "associations/my_list.html", {"associations": associations})


def _officer_scoped(request, pk) -> MerchantAssociation:
    association = selectors.associations_of_officer(request.user).filter(pk=pk).first()
    if association is None:
        raise Http404
    return association


def _my_forms(association, bound=None):
    today = timezone.localdate()
    forms = {
        "member_add": ProposeMemberAddForm(stores=selectors.candidate_stores(association), prefix="member_add",
                                           initial={"joined_on": today}),
        "member_remove": ProposeMemberRemoveForm(memberships=selectors.members(association), prefix="member_remove",
                                                 initial={"left_on": today}),
        "meeting": ProposeMeetingForm(prefix="meeting", initial={"held_on": today}),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _my_context(request, association, forms):
    today = timezone.localdate()
    return {"association": association, "forms": forms, "figures": selectors.association_figures(association, today),
            "members": list(selectors.members(association, today)),
            "officers": list(association.officers.filter(selectors.current_officer_q(today))),
            "meetings": list(selectors.meetings(association)[:30]),
            "proposals": list(selectors.proposals_of(association).filter(proposed_by=request.user)[:50])}


@merchant_required
def my_detail(request, pk):
    association = _officer_scoped(request, pk)
    return render(request, "associations/my_detail.html", _my_context(request, association, _my_forms(association)))


@merchant_required
@require_POST
def my_propose(request, pk, kind):
    association = _officer_scoped(request, pk)
    if kind == "member_add":
        form = ProposeMemberAddForm(request.POST, stores=selectors.candidate_stores(association), prefix=kind)
    elif kind == "member_remove":
        form = ProposeMemberRemoveForm(request.POST, memberships=selectors.members(association), prefix=kind)
    elif kind == "meeting":
        form = ProposeMeetingForm(request.POST, request.FILES, prefix=kind)
    else:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        args = {"association_id": association.pk, "merchant": request.user, "kind": kind, "note": data.get("note", "")}
        if kind == "member_add":
            args |= {"store_id": data["store"].pk, "effective_on": data["joined_on"]}
        elif kind == "member_remove":
            args |= {"membership_id": data["membership"].pk, "effective_on": data["left_on"]}
        else:
            args |= {"effective_on": data["held_on"], "attendance": data["attendance"], "agenda": data["agenda"],
                     "minutes_file": data["minutes"]}
        try:
            services.proposal_submit(**args)
        except DomainError as exc:
            if exc.field == "effective_on":
                exc.field = {"member_add": "joined_on", "member_remove": "left_on", "meeting": "held_on"}[kind]
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your proposal was sent. The district office reviews it before it applies."))
            return redirect("associations:my_detail", pk=association.pk)
    return render(request, "associations/my_detail.html",
                  _my_context(request, association, _my_forms(association, bound=(kind, form))), status=400)


@merchant_required
@require_POST
def my_withdraw(request, proposal_id):
    proposal = ChangeRequest.objects.filter(pk=proposal_id, proposed_by=request.user).first()
    if proposal is None or not selectors.associations_of_officer(request.user).filter(
            pk=proposal.association_id).exists():
        raise Http404
    try:
        services.proposal_withdraw(proposal_id=proposal.pk, merchant=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your proposal was withdrawn."))
    return redirect("associations:my_detail", pk=proposal.association_id)

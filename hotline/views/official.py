"""Officials' pages: the ticket queue, one ticket with its actions, photos, and the statistics page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core.errors import DomainError
from core.forms import add_domain_error
from districts.models import District
from districts.selectors import dongs_feature_collection, dongs_of
from privacy.decorators import Action, access_logged, note_record

from .. import selectors, services
from ..forms import AssignForm, CommentForm, MergeForm, QueueFilterForm, RejectForm, ResolveForm, StartForm
from ..models import Ticket, TicketPhoto
from .public import _photo_response

PAGE_SIZE = 30


@official_required
@access_logged(Action.SEARCH, "hotline.ticket", search_param="q", search_only=True)
def queue(request):
    government = request.user.local_government
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = "" if params.get("q", "").strip() else "open"  # a search looks at closed tickets too
    form = QueueFilterForm(params, local_government=government)
    form.is_valid()  # the valid filters apply; a refused search shows its error and no tickets
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    tickets = Ticket.objects.none() if "q" in form.errors else selectors.queue(government, **filters)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hotline/queue.html", {"filter_form": form, "page_obj": page, "tickets": page.object_list,
                                                  "today": timezone.localdate()})


ACTIONS = {
    "assign": (AssignForm, "ticket_assign"),
    "start": (StartForm, "ticket_start"),
    "resolve": (ResolveForm, "ticket_resolve"),
    "reject": (RejectForm, "ticket_reject"),
    "merge": (MergeForm, "ticket_merge"),
    "comment": (CommentForm, "ticket_comment"),
}


def _action_forms(ticket, bound=None):
    """One form per action; the one the user sent stays bound (with their input and errors)."""
    government = ticket.local_government
    initial = {"version": ticket.version}
    forms = {
        "assign": AssignForm(initial={**initial, "assignee": ticket.assignee_id}, local_government=government,
                             prefix="assign"),
        "start": StartForm(initial=initial, prefix="start"),
        "resolve": ResolveForm(initial=initial, prefix="resolve"),
        "reject": RejectForm(initial=initial, prefix="reject"),
        "merge": MergeForm(initial=initial, prefix="merge"),
        "comment": CommentForm(prefix="comment"),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _detail_context(ticket, forms, bound_form=None):
    return {
        "bound_form": bound_form,
        "ticket": ticket,
        "forms": forms,
        "photos": list(ticket.photos.all()),
        "comments": list(ticket.comments.select_related("author")),
        "events": list(ticket.events.select_related("actor")),
        "duplicates": list(ticket.duplicates.select_related("category").order_by("pk")),
        "Status": Ticket.Status,
        "today": timezone.localdate(),
    }


def _ticket_or_404(request, ticket_id):
    try:
        return selectors.ticket_for_official(request.user.local_government, ticket_id)
    except Ticket.DoesNotExist as exc:
        raise Http404 from exc


@official_required
@access_logged(Action.VIEW, "hotline.ticket", id_kwarg="ticket_id")
def ticket_detail(request, ticket_id):
    ticket = _ticket_or_404(request, ticket_id)
    note_record(request, ticket)
    return render(request, "hotline/ticket_detail.html", _detail_context(ticket, _action_forms(ticket)))


@official_required
@require_POST
@access_logged(Action.CHANGE, "hotline.ticket", id_kwarg="ticket_id")
def ticket_action(request, ticket_id, action):
    """Run one transition (or a comment) through its service; on error re-render with the input kept."""
    if action not in ACTIONS:
        raise Http404
    ticket = _ticket_or_404(request, ticket_id)
    form_class, service_name = ACTIONS[action]
    kwargs = {"local_government": ticket.local_government} if form_class is AssignForm else {}
    form = form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid() and action == "merge" and not form.cleaned_data["confirm"]:
        try:
            duplicate, primary = services.ticket_merge_preview(ticket_id=ticket.pk, into_id=form.cleaned_data["into"],
                                                               official=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            note_record(request, duplicate, action=Action.VIEW)  # a preview changes nothing
            return render(request, "hotline/merge_confirm.html", {
                "duplicate": duplicate, "primary": primary, "version": form.cleaned_data["version"]})
    elif form.is_valid():
        data = form.cleaned_data
        args = {"ticket_id": ticket.pk, "official": request.user}
        if "version" in data:
            args["expected_version"] = data["version"]
        args |= {
            "assign": lambda: {"assignee": data.get("assignee")},
            "resolve": lambda: {"reply": data.get("reply")},
            "reject": lambda: {"reason": data.get("reason")},
            "merge": lambda: {"into_id": data.get("into")},
            "comment": lambda: {"body": data.get("body"), "kind": data.get("kind")},
        }.get(action, dict)()
        try:
            getattr(services, service_name)(**args)
        except PermissionDenied:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("hotline:ticket_detail", ticket_id=ticket.pk)
    ticket = _ticket_or_404(request, ticket_id)  # current state, next to the user's rejected input
    return render(request, "hotline/ticket_detail.html",
                  _detail_context(ticket, _action_forms(ticket, bound=(action, form)), form), status=400)


@official_required
@access_logged(Action.DOWNLOAD, "hotline.ticketphoto", id_kwarg="photo_id")
def photo_for_official(request, ticket_id, photo_id):
    ticket = _ticket_or_404(request, ticket_id)
    return _photo_response(get_object_or_404(TicketPhoto, pk=photo_id, ticket=ticket))


@official_required
def stats(request):
    """Hotline statistics of a month and scope, with the tickets on a map and as a table."""
    government = request.user.local_government
    month = selectors.parse_month(request.GET.get("month"))
    scope, _sep, raw_id = request.GET.get("area", "").partition(":")  # "dong:12", "district:5" or ""
    scope, scope_id, scope_label = selectors.resolve_scope(government, scope or request.GET.get("scope"),
                                                           raw_id or request.GET.get("id"))
    figures = selectors.hotline_figures(government, month, scope=scope, scope_id=scope_id)
    dongs = list(dongs_of(government))
    tickets = selectors.tickets_in_month(government, month, scope=scope, scope_id=scope_id)[:200]
    return render(request, "hotline/stats.html", {
        "figures": figures, "month": month, "months": selectors.months_with_tickets(government),
        "scope": scope, "scope_id": scope_id, "scope_label": scope_label, "dongs": dongs,
        "districts": District.objects.filter(local_government=government, status=District.Status.DESIGNATED)
        .only("pk", "name").order_by("name"),
        "dongs_geojson": dongs_feature_collection(dongs, simplify_m=10, precision=5), "tickets": tickets,
    })

"""Information sessions (설명회): public list and registration; officials create, edit, take
attendance and export the registrations."""

import time

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import official_required
from core import bounds, public_bodies, ratelimits
from core.errors import DomainError
from core.forms import add_domain_error
from exports.views import export_response
from privacy.decorators import Action, access_logged, export_reason_required

from .. import selectors, session_services
from ..forms import InfoSessionForm, RegistrationForm
from ..models import InfoSession
from .common import public_government, run_form

REGISTRATION_RATE = "30/h"  # per client address: enough for a family, not for a script


# The public list says "finished" once a session starts: a kept page is at most this old.
SESSION_LIST_STEP_SECONDS = 60


def session_list(request):
    government = public_government(request)
    is_official = request.user.is_authenticated and request.user.is_official

    def render_list(extra):
        sessions = selectors.sessions_for(government, include_past=is_official) if government else []
        return render(request, "giftcerts/session_list.html",
                      {"sessions": sessions, "is_official": is_official, **extra})

    if government is None:
        return render_list({})
    return public_bodies.cached_page(request, local_government_id=government.pk, name="session-list",
                                     render=render_list, variant=str(int(time.time()) // SESSION_LIST_STEP_SECONDS))


def _visible_session(request, pk):
    government = public_government(request)
    return get_object_or_404(selectors.sessions_for(government, include_past=True), pk=pk)


def _registration_initial(user) -> dict:
    if not (user.is_authenticated and user.is_merchant):
        return {}
    phone = user.phone or getattr(getattr(user, "merchant", None), "phone", "")
    return {"name": user.display_name, "phone": phone, "email": user.email}


def session_detail(request, pk):
    session = _visible_session(request, pk)
    user = request.user
    is_official = user.is_authenticated and user.is_official
    form = RegistrationForm(request.POST or None, initial=_registration_initial(user))
    if request.method == "POST" and not is_official:
        limited = ratelimits.is_limited(request, group="giftcerts.session_register", key="ip",
                                        rate=REGISTRATION_RATE)
        if limited:
            form.is_valid()
            form.add_error(None, _("Too many registrations from this connection. Try again in an hour, or call "
                                   "the district office."))
        elif form.is_valid():
            try:
                session_services.session_register(
                    session_id=session.pk, name=form.cleaned_data["name"], phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"], user=user if user.is_authenticated else None)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("You are registered for %(title)s. We will remind you the day before.")
                                 % {"title": session.title})
                return redirect("giftcerts:session_detail", session.pk)
    return render(request, "giftcerts/session_detail.html", {"session": session, "form": form,
                                                            "is_official": is_official})


def _session_values(data) -> dict:
    return {key: value for key, value in data.items() if key != "version"}


def _session_form_page(request, form, session=None):
    return render(request, "giftcerts/session_form.html", {"form": form, "session": session})


@official_required
def session_create(request):
    government = request.user.local_government
    form = InfoSessionForm(request.POST or None, local_government=government)
    created = []
    if request.method == "POST" and run_form(request, form, lambda data: created.append(
            session_services.session_create(official=request.user, **_session_values(data))),
            _("The session was created.")):
        return redirect("giftcerts:session_detail", created[0].pk)
    return _session_form_page(request, form)


@official_required
def session_edit(request, pk):
    session = get_object_or_404(InfoSession.objects.filter(local_government=request.user.local_government), pk=pk)
    form = InfoSessionForm(request.POST or None, instance=session if request.method != "POST" else None,
                           initial={"version": session.version}, local_government=request.user.local_government)
    if request.method == "POST" and run_form(request, form, lambda data: session_services.session_update(
            session_id=session.pk, official=request.user, version=data["version"], **_session_values(data)),
            _("The session was saved.")):
        return redirect("giftcerts:session_detail", session.pk)
    return _session_form_page(request, form, session)


def _official_session(request, pk):
    return get_object_or_404(selectors.sessions_for(request.user.local_government, include_past=True), pk=pk)


@official_required
@access_logged(Action.VIEW, "giftcerts.sessionregistration", id_kwarg="pk", methods=("GET",))
@access_logged(Action.CHANGE, "giftcerts.sessionregistration", id_kwarg="pk", methods=("POST",))
def session_attendance(request, pk):
    session = _official_session(request, pk)
    if request.method == "POST":
        ids = [n for v in request.POST.getlist("attended") if (n := bounds.parse_int(v)) is not None]
        count = session_services.session_mark_attendance(session_id=session.pk, official=request.user,
                                                         attended_ids=ids)
        messages.success(request, _("Attendance saved: %(count)s attended.") % {"count": count})
        return redirect("giftcerts:session_attendance", session.pk)
    return render(request, "giftcerts/session_attendance.html", {
        "session": session, "registrations": session.registrations.select_related("user").order_by("created_at"),
    })


@official_required
@export_reason_required("giftcerts.sessionregistration", id_kwarg="pk",
                        label=gettext_lazy("registrants' names, phones and e-mails"),
                        precheck=lambda request, pk: _official_session(request, pk))
def session_export(request, pk):
    _official_session(request, pk)
    return export_response(request, "giftcerts.session_registrations", kwargs={"pk": pk})


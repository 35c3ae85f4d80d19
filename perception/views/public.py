"""The public survey (no account): choose a district, answer, thanks. Reached by the posters' QR codes,
the Onnuri finder and the hotline report page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import antispam, ratelimits
from core.errors import DomainError
from districts.selectors import default_local_government

from .. import periods, selectors, services
from ..forms import FORM_CLOCK, DistrictChoiceForm, SurveyForm

# Long-lived and separate from the hotline's cookie: survey answers and reports are never linked.
# 400 days is the longest lifetime browsers keep (Chrome caps Max-Age there).
DEVICE = antispam.DeviceCookie("perception_device", salt="perception.device", max_age=400 * 24 * 3600)
# Accepted answers only (a typing mistake costs nothing): per device and, looser, per IP (carrier NAT,
# a market's Wi-Fi at a campaign stand).
ANSWER_LIMITS = (
    {"group": "perception.answer.device", "key": lambda group, request: DEVICE.id(request), "rate": "10/h"},
    {"group": "perception.answer.ip", "key": "ip", "rate": "30/10m"},
)


def _public_government(request):
    user = request.user
    if user.is_authenticated and user.is_official:
        return user.local_government
    government = default_local_government()
    if government is None:
        raise Http404(_("No local government is set up yet."))
    return government


@never_cache
def index(request):
    """Choose the alley district to answer about (the finder and the hotline link here)."""
    government = _public_government(request)
    districts = list(selectors.designated_districts(government))
    form = DistrictChoiceForm(request.GET or None, districts=districts)
    if request.GET and form.is_valid():
        return redirect("perception:survey", district_id=int(form.cleaned_data["district"]))
    return render(request, "perception/index.html", {"form": form, "government": government,
                                                     "districts": districts}, status=400 if form.errors else 200)


def _context(form, district, **extra):
    return {"form": form, "district": district, "government": district.local_government,
            "period": periods.current_quarter(), **extra}


@never_cache
def survey(request, district_id: int):
    """The questionnaire of one district. One answer per device and quarter; a second one is refused politely."""
    district = selectors.survey_district(district_id)
    if request.method != "POST":
        if DEVICE.is_known(request) and services.has_answered(district=district, device_id=DEVICE.id(request)):
            return DEVICE.remember(request, _already(request, district, status=200))
        return DEVICE.remember(request, render(request, "perception/survey.html",
                                               _context(SurveyForm(district=district), district)))

    form = SurveyForm(request.POST, district=district)
    if any(ratelimits.is_used_up(request, **limit) for limit in ANSWER_LIMITS):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _("Too many answers were sent from this connection. Please wait a while and try "
                               "again."))
        return DEVICE.remember(request, render(request, "perception/survey.html", _context(form, district),
                                               status=429))
    if form.is_valid():
        try:
            services.response_submit(district=district, device_id=DEVICE.id(request), **form.service_arguments())
        except services.AlreadyAnswered:
            return DEVICE.remember(request, _already(request, district, status=409))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            for limit in ANSWER_LIMITS:
                ratelimits.count_success(request, **limit)
            return DEVICE.remember(request, redirect("perception:thanks", district_id=district.pk))
    # Keep what was typed; a fresh start token only if the old one was unusable.
    if any(error.code == "expired" for error in form.non_field_errors().as_data()):
        form.data = form.data.copy()
        form.data["started"] = FORM_CLOCK.token()
    return DEVICE.remember(request, render(request, "perception/survey.html", _context(form, district), status=400))


def _already(request, district, *, status: int):
    period = periods.current_quarter()
    return render(request, "perception/already.html", {
        "district": district, "period": period, "next_period": periods.add_quarters(period, 1),
    }, status=status)


@never_cache
def thanks(request, district_id: int):
    district = selectors.survey_district(district_id)
    return render(request, "perception/thanks.html", {"district": district})

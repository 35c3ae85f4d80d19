"""The survey form (public, no account) and the officials' results filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import antispam
from districts.models import District
from districts.selectors import dongs_of

from . import periods
from .models import IMPROVEMENT_MAX_LENGTH, RECOMMEND_SCALE, SCALE, USABILITY_SCALE, AgeBand

FORM_CLOCK = antispam.FormClock("perception.survey.started", min_seconds=3, max_age=24 * 3600)
NOT_USED = "none"  # "I have not used Onnuri here": no usability answer


def _radio(choices):
    return forms.RadioSelect(choices=choices)


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the shops of this alley?"), choices=SCALE, coerce=int,
        widget=forms.RadioSelect, error_messages={"required": _("Choose how satisfied you are with the shops.")},
    )
    onnuri_usability = forms.ChoiceField(
        label=_("How easy is it to pay with Onnuri gift certificates here?"),
        choices=[*((str(value), label) for value, label in USABILITY_SCALE),
                 (NOT_USED, _("I have not used them here"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how easy paying with Onnuri is, or that you have not used it.")},
    )
    recommend = forms.TypedChoiceField(
        label=_("Would you recommend this alley's shops to a neighbour?"), choices=RECOMMEND_SCALE, coerce=int,
        widget=forms.RadioSelect, error_messages={"required": _("Choose whether you would recommend the shops.")},
    )
    improvement = forms.CharField(
        label=_("What should be improved? (optional)"), required=False, max_length=IMPROVEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "krds-input"}),
        error_messages={"max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")},
    )
    age_band = forms.ChoiceField(
        label=_("Your age (optional)"), required=False,
        choices=[("", _("Prefer not to say")), *AgeBand.choices],
        widget=forms.Select(attrs={"class": "krds-form-select"}),
        error_messages={"invalid_choice": _("Choose one of the age bands.")},
    )
    dong = forms.ChoiceField(
        label=_("The dong you live in (optional)"), required=False,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
        error_messages={"invalid_choice": _("Choose one of the dongs in the list.")},
    )
    # Spam protection (core.antispam): a field people never see and a signed start time.
    website = antispam.honeypot_field()
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        self.fields["improvement"].help_text = _(
            "At most %(limit)d characters. Do not write names, phone numbers or other personal details."
        ) % {"limit": IMPROVEMENT_MAX_LENGTH}
        self.fields["improvement"].widget.attrs["maxlength"] = IMPROVEMENT_MAX_LENGTH
        self.dongs = {str(d.pk): d for d in dongs_of(district.local_government)}
        self.fields["dong"].choices = [("", _("Prefer not to say")), *((k, d.name) for k, d in self.dongs.items())]
        self.fields["dong"].help_text = _("Only the dongs of %(government)s are listed; if you live elsewhere, "
                                          "leave this empty.") % {"government": district.local_government.name}
        if not self.is_bound:
            self.initial.setdefault("started", FORM_CLOCK.token())

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Your answers could not be accepted. Please try again."), code="spam")
        problem = FORM_CLOCK.problem(self.data.get("started", ""))
        if problem == antispam.EXPIRED:
            raise forms.ValidationError(_("The form has expired. Check your answers and send them again."),
                                        code="expired")
        if problem == antispam.TOO_FAST:
            raise forms.ValidationError(_("The answers were sent too quickly. Check them and send them again."),
                                        code="too_fast")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        usability = data["onnuri_usability"]
        return {
            "satisfaction": data["satisfaction"], "recommend": data["recommend"],
            "onnuri_usability": None if usability == NOT_USED else int(usability),
            "improvement": data.get("improvement") or "", "age_band": data.get("age_band") or "",
            "dong": self.dongs.get(data.get("dong") or ""),
        }


class DistrictChoiceForm(forms.Form):
    """The survey's entry page: choose the alley district to answer about."""

    district = forms.ChoiceField(label=_("Alley district"), widget=forms.Select(attrs={"class": "krds-form-select"}),
                                 error_messages={"required": _("Choose an alley district."),
                                                 "invalid_choice": _("Choose an alley district from the list.")})

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Choose…")), *((str(d.pk), d.name) for d in districts)]


class ResultsFilterForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"), required=False,
                                widget=forms.Select(attrs={"class": "krds-form-select"}))
    district = forms.ChoiceField(label=_("Alley district"), required=False,
                                 widget=forms.Select(attrs={"class": "krds-form-select"}))
    dong = forms.ChoiceField(label=_("Dong of residence"), required=False,
                             widget=forms.Select(attrs={"class": "krds-form-select"}))
    age_band = forms.ChoiceField(label=_("Age band"), required=False, choices=[("", _("All")), *AgeBand.choices],
                                 widget=forms.Select(attrs={"class": "krds-form-select"}))

    def __init__(self, *args, local_government, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(periods.quarter_key(q), periods.quarter_label(q)) for q in quarters]
        self.fields["district"].choices = [("", _("All"))] + [
            (str(d.pk), d.name) for d in District.objects.filter(
                local_government=local_government, status=District.Status.DESIGNATED).only("pk", "name")
            .order_by("name")]
        self.fields["dong"].choices = [("", _("All"))] + [(str(d.pk), d.name) for d in dongs_of(local_government)]

    def filters(self, default_quarter) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "quarter": periods.parse_quarter(data.get("quarter") or "") or default_quarter,
            "district_id": int(data["district"]) if data.get("district") else None,
            "dong_id": int(data["dong"]) if data.get("dong") else None,
            "age_band": data.get("age_band") or "",
        }

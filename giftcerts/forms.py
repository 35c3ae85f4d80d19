"""Forms of the Onnuri pages. They only parse and check the input's shape; the rules live in
the services, whose DomainError lands on the named field (see `add_domain_error`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import bounds
from core.forms import AtMost, PhoneField, SaneDateField, WonField, version_field
from core.search import SearchField
from districts.selectors import districts_of, dongs_of

from .models import CertificateKind, FranchiseApplication, InfoSession, OutreachVisit

TEXT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}
TEXTAREA = {"class": "krds-input", "rows": 4}


class ApplicationForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Certificate kinds"), choices=CertificateKind.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("Choose every kind of Onnuri certificate the store will accept."))
    declared_revenue_won = WonField(
        label=_("Declared annual revenue (won)"), required=False, min_value=0,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Last year's revenue as in the tax return, in whole won, e.g. 350,000,000."),
        error_messages={"invalid": _("Enter the revenue in digits, e.g. 350,000,000."),
                        "min_value": _("The revenue cannot be negative.")})
    version = version_field()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), widget=forms.Select(attrs=SELECT))
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        error_messages={"required": _("Choose the file to upload.")})

    def __init__(self, *args, specs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (spec.code, f"{spec.name} ({_('required') if spec.required else _('optional')})") for spec in specs]


class ResubmitForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs=TEXTAREA), max_length=2000,
                             help_text=_("Say what you added or corrected."),
                             error_messages={"required": _("Write your answer to the district office's request.")})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500,
                             widget=forms.TextInput(attrs=TEXT))


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note to the merchant (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class SupplementForm(forms.Form):
    message = forms.CharField(label=_("What must be added or corrected"), max_length=2000,
                              widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
                              error_messages={"required": _("Say what the merchant must add or correct.")})


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=2000,
                             widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
                             error_messages={"required": _("Give the reason for the rejection; the merchant will "
                                                           "read it.")})


def _dong_choices(local_government):
    return [("", _("All dongs")), *dongs_of(local_government).values_list("pk", "name")]


def _district_choices(local_government):
    return [("", _("All districts")), *districts_of(local_government).order_by("code").values_list("pk", "name")]


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, widget=forms.Select(attrs=SELECT))
    dong = forms.TypedChoiceField(label=_("Dong"), required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs=SELECT))
    district = forms.TypedChoiceField(label=_("Alley district"), required=False, coerce=int, empty_value=None,
                                      widget=forms.Select(attrs=SELECT))
    age = forms.ChoiceField(label=_("Days since submission"), required=False, widget=forms.Select(attrs=SELECT),
                            choices=[("", _("Any")), ("0-3", _("0 to 3 days")), ("4-7", _("4 to 7 days")),
                                     ("8+", _("8 days or more (over the target)"))])

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        S = FranchiseApplication.Status
        self.fields["status"].choices = [("", _("Awaiting a decision"))] + [
            (s.value, s.label) for s in S if s != S.DRAFT]
        self.fields["dong"].choices = _dong_choices(local_government)
        self.fields["district"].choices = _district_choices(local_government)


class FranchiseFilterForm(forms.Form):
    q = SearchField(label=_("Store or number"), widget=forms.TextInput(attrs=TEXT))
    status = forms.ChoiceField(label=_("Status"), required=False, widget=forms.Select(attrs=SELECT))
    dong = forms.TypedChoiceField(label=_("Dong"), required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs=SELECT))
    expiring = forms.TypedChoiceField(label=_("Ending within"), required=False, coerce=int, empty_value=None,
                                      widget=forms.Select(attrs=SELECT),
                                      choices=[("", _("Any time")), (60, _("60 days")), (90, _("90 days")),
                                               (180, _("180 days"))])

    def __init__(self, *args, local_government, **kwargs):
        from .models import Franchise

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *Franchise.Status.choices]
        self.fields["dong"].choices = _dong_choices(local_government)


class FranchiseCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancellation"), max_length=2000,
                             widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
                             error_messages={"required": _("Give the reason for the cancellation.")})
    ban_until = SaneDateField(label=_("Re-registration banned until"),
                                widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
                                help_text=_("At most five years from today."),
                                error_messages={"required": _("Give the date until which re-registration is "
                                                              "banned."),
                                                "invalid": _("Enter a date such as 2027-12-31.")})


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class InfoSessionForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = InfoSession
        fields = ["title", "description", "venue", "dong", "starts_at", "ends_at", "capacity", "status"]
        widgets = {
            "title": forms.TextInput(attrs=TEXT),
            "description": forms.Textarea(attrs=TEXTAREA),
            "venue": forms.TextInput(attrs=TEXT),
            "dong": forms.Select(attrs=SELECT),
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "capacity": forms.NumberInput(attrs={**TEXT, "min": 1}),
            "status": forms.Select(attrs=SELECT),
        }
        error_messages = {
            "title": {"required": _("Enter the session's title.")},
            "venue": {"required": _("Enter where the session takes place.")},
            "starts_at": {"required": _("Enter when the session starts."),
                          "invalid": _("Enter a date and time such as 2026-12-01 14:00.")},
            "capacity": {"required": _("Enter how many seats there are.")},
        }

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].queryset = dongs_of(local_government).defer("boundary")  # a list needs no outlines
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(bounds.validate_sane_date)
        self.fields["capacity"].validators.append(AtMost(bounds.MAX_COUNT))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class RegistrationForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("onnuri", "Name"), max_length=50, widget=forms.TextInput(attrs={**TEXT,
                                                                                        "autocomplete": "name"}),
                           error_messages={"required": _("Enter your name.")})
    phone = PhoneField(mobile=True, label=_("Mobile phone"), widget=forms.TextInput(attrs=TEXT),
                       help_text=_("e.g. 010-1234-5678. We send the reminder by text message."),
                       error_messages={"required": _("Enter a mobile phone number such as 010-1234-5678.")})
    email = forms.EmailField(label=_("E-mail (optional)"), required=False,
                             widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
                             error_messages={"invalid": _("Enter an e-mail address such as name@example.kr.")})
    consent = forms.BooleanField(
        label=_("I agree that the district office keeps my name and phone number to run this session and "
                "deletes them afterwards."),
        error_messages={"required": _("Registration needs your consent to keep your name and phone number.")})


class OutreachFilterForm(forms.Form):
    district = forms.TypedChoiceField(label=_("Alley district"), required=False, coerce=int, empty_value=None,
                                      widget=forms.Select(attrs=SELECT))
    dong = forms.TypedChoiceField(label=_("Dong"), required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].choices = _dong_choices(local_government)
        self.fields["district"].choices = _district_choices(local_government)


class OutreachVisitForm(forms.Form):
    visited_on = SaneDateField(label=_("Visit date"),
                                 widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
                                 error_messages={"required": _("Enter the visit date."),
                                                 "invalid": _("Enter a date such as 2026-11-27.")})
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OutreachVisit.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Choose the outcome of the visit.")})
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
                             help_text=_("Required when the merchant refused: why?"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class FinderForm(forms.Form):
    q = SearchField(label=_("Store name"),
                        widget=forms.TextInput(attrs={**TEXT, "type": "search", "placeholder": _("e.g. 식당")}))
    major = forms.ChoiceField(label=_("Industry"), required=False, widget=forms.Select(attrs=SELECT))
    dong = forms.TypedChoiceField(label=_("Dong"), required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label=_("Certificate kind"), required=False, widget=forms.Select(attrs=SELECT),
                             choices=[("", _("All kinds")), *CertificateKind.choices])
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=33, max_value=39)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=124, max_value=132)

    def __init__(self, *args, local_government, majors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].choices = [("", _("All industries")), *[(m.code, m.name) for m in majors]]
        self.fields["dong"].choices = _dong_choices(local_government)

    def near(self):
        data = getattr(self, "cleaned_data", {})
        if data.get("lat") is not None and data.get("lon") is not None:
            return (data["lon"], data["lat"])
        return None


class DocumentRequirementForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, widget=forms.TextInput(attrs=TEXT),
                           help_text=_("Latin letters, digits and underscores, e.g. id_card."),
                           error_messages={"required": _("Enter a short code for the document."),
                                           "invalid": _("Use Latin letters, digits, hyphens and underscores only.")})
    name = forms.CharField(label=_("Document"), max_length=100, widget=forms.TextInput(attrs=TEXT),
                           error_messages={"required": _("Enter the document's name.")})
    description = forms.CharField(label=pgettext_lazy("onnuri", "Description"), max_length=255, required=False,
                                  widget=forms.TextInput(attrs=TEXT))
    required = forms.BooleanField(label=_("Required"), required=False)
    active = forms.BooleanField(label=_("Asked for"), required=False, initial=True)

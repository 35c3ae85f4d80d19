"""HTML forms. They check input shape; the business rules are in merchants.services."""

from __future__ import annotations

import csv

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PhoneField, SaneDateField, version_field
from districts.models import AdministrativeDong

from . import bizno, photos
from .importers import detect_format
from .importers.formats import normalise_header
from .importers.reading import detect_encoding
from .models import IndustryCategory, Store, StoreImport


def style(form: forms.Form) -> None:
    """KRDS classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.HiddenInput, forms.FileInput)):
            continue
        css = "krds-form-select" if isinstance(widget, forms.Select) else "krds-input"
        widget.attrs.setdefault("class", css)


class BusinessNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("label", _("Business registration number"))
        kwargs.setdefault("help_text", _("10 digits, with or without dashes (e.g. 120-81-47521)"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return bizno.validate(value) if value else ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MerchantSignUpForm(UserCreationForm):
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("We send the district office's decisions here."))
    phone = PhoneField(label=_("Phone"), required=False,
                       help_text=_("A number the district office can call, e.g. 010-1234-5678"))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "last_name", "first_name", "email", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].help_text = _("Letters, digits and @ . + - _ only; 150 characters at most.")
        self.fields["password1"].label = _("Password")
        self.fields["password1"].help_text = _(
            "At least 8 characters; not only digits, not a common password and not like your name or email.")
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = _("Enter the same password again.")
        for name in ("username", "email"):
            self.fields[name].widget.attrs["autocomplete"] = name
        style(self)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this email already exists. Log in, or use another email."))
        return email


class ClaimForm(forms.Form):
    """The number plus evidence: the registration certificate, or (when the check is on) the opening date
    and representative name for the National Tax Service."""

    business_number = BusinessNumberField()
    evidence = forms.FileField(
        label=_("Business registration certificate (사업자등록증)"), required=False,
        help_text=_("A scan or photo (PDF, JPEG or PNG, 10 MB at most). Only you and the district office can "
                    "open it."))
    opening_date = forms.DateField(label=_("Opening date (개업일자)"), required=False, widget=DateInput())
    representative_name = forms.CharField(label=_("Representative (대표자 성명)"), max_length=100, required=False)

    def __init__(self, *args, nts_enabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        if nts_enabled:
            self.fields["opening_date"].validators.append(_not_future)
            self.fields["evidence"].help_text = _(
                "Attach the certificate, or enter the opening date and representative name below for the "
                "National Tax Service check instead.")
        else:
            del self.fields["opening_date"], self.fields["representative_name"]
        style(self)


class MerchantStoreForm(forms.Form):
    """What a merchant keeps current on their own store."""

    version = version_field(required=True)
    phone = PhoneField(label=_("Phone"), required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False,
                                    help_text=_("e.g. 매일 09:00-20:00, 일요일 휴무"))
    photo = forms.FileField(label=_("Store photo"), required=False,
                            help_text=_("JPEG, PNG or WebP, 10 MB at most. Location data in the photo is removed."))
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].stored_value = self.initial.get("phone")
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        style(self)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photos.clean_photo(upload) if upload else None


class IndustryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'— ' * (obj.level - 1)}{obj.name} ({obj.code})"


class OfficialStoreForm(forms.ModelForm):
    """An official's edit of a store record; `version` guards against lost updates."""

    version = version_field(required=True)
    business_number = BusinessNumberField(required=False)
    phone = PhoneField(label=_("Phone"), required=False)
    industry = IndustryChoiceField(label=_("Industry"), queryset=IndustryCategory.objects.order_by("code"),
                                   required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=124, max_value=132)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=33, max_value=39)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500,
                             help_text=_("Kept in the store's history."))

    class Meta:
        model = Store
        fields = ["name", "branch", "industry", "market_name", "business_number", "road_address", "lot_address",
                  "floor", "phone", "opening_hours", "lon", "lat", "dong", "needs_review", "review_note"]
        labels = {"name": _("Store name"), "branch": _("Branch"), "market_name": _("Market"),
                  "road_address": _("Road address"), "lot_address": _("Lot address"), "floor": _("Floor"),
                  "phone": _("Phone"),
                  "opening_hours": _("Opening hours"), "dong": _("Dong"), "needs_review": _("Needs review"),
                  "review_note": _("Review note")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government_id = self.instance.local_government_id
        self.fields["dong"].queryset = AdministrativeDong.objects.filter(
            local_government_id=government_id).order_by("name")
        self.fields["dong"].help_text = _("Set from the coordinates when the point lies in a dong; choose one by "
                                          "hand only for a point outside every dong.")
        self.fields["phone"].stored_value = self.instance.phone
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["business_number"] = bizno.format_number(self.instance.business_number)
        style(self)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lon") is None) != (cleaned.get("lat") is None):
            raise ValidationError(_("Enter both the longitude and the latitude, or neither."))
        return cleaned

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))


class StoreCloseForm(forms.Form):
    version = version_field(required=True)
    closed_on = SaneDateField(label=_("Closing date"), widget=DateInput(), validators=[_not_future])
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("e.g. 폐업 신고 확인 (2026-11-20), 현장 확인"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()
        style(self)


class StoreReopenForm(forms.Form):
    version = version_field(required=True)
    reopened_on = SaneDateField(label=_("Reopening date"), widget=DateInput(), validators=[_not_future])
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reopened_on"].initial = timezone.localdate()
        style(self)


class ClaimDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the merchant"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required when you reject a claim."))
    transfer = forms.BooleanField(label=_("Transfer ownership from the current merchant"), required=False)
    transfer_reason = forms.CharField(
        label=_("Reason for the transfer"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a transfer. Both merchants are told; the store's history keeps it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def import_max_bytes() -> int:
    return int(getattr(settings, "STORE_IMPORT_MAX_BYTES", 500 * 1024 * 1024))


class StoreImportForm(forms.Form):
    file = forms.FileField(label=_("Store file (CSV)"),
                           help_text=_("SEMAS 상가(상권)정보 (UTF-8 or CP949) or the Gwangju traditional market "
                                       "store list."))
    file_format = forms.ChoiceField(label=_("Format"), choices=StoreImport.Format.choices,
                                    initial=StoreImport.Format.AUTO)
    snapshot_date = SaneDateField(
        label=_("Snapshot date (SEMAS only)"), required=False, widget=DateInput(), validators=[_not_future],
        help_text=_("Give the reference date of a complete SEMAS file: stores it no longer lists are closed on "
                    "that date. Leave empty to add and update only."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        style(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > import_max_bytes():
            raise ValidationError(_("The file is larger than %(limit)d MB. Split it, or import it with the "
                                    "import_stores command.") % {"limit": import_max_bytes() // (1024 * 1024)})
        upload.seek(0)
        head = upload.read(64 * 1024)
        upload.seek(0)
        encoding = detect_encoding(head)
        first_line = head.split(b"\n", 1)[0]
        try:
            text = first_line.decode(encoding.codec).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not a text (CSV) file in UTF-8 or CP949.")) from None
        header = normalise_header(next(csv.reader([text]), []))
        requested = self.data.get(self.add_prefix("file_format")) or "auto"
        try:
            detect_format(header, requested if requested in dict(StoreImport.Format.choices) else "auto")
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("snapshot_date") and cleaned.get("file_format") == StoreImport.Format.MARKET:
            self.add_error("snapshot_date", _("A snapshot date applies to SEMAS store data only."))
        return cleaned


class ImportActionForm(forms.Form):
    """Why an official cancels or retries an import job (recorded on the job's history)."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("e.g. 잘못된 파일을 올림, 작업자 재시작 후 다시 실행"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

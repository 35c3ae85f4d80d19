from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import antispam
from core.forms import BoundedIntegerField, PhoneField, version_field
from districts import geo

from . import photos, selectors
from .models import Ticket, TicketComment

FORM_TOKEN_SALT = "hotline.report.started"
MIN_FILL_SECONDS = 3  # a person needs longer than this to fill the form; a bot posts at once
FORM_TOKEN_MAX_AGE = 24 * 3600
FORM_CLOCK = antispam.FormClock(FORM_TOKEN_SALT, min_seconds=MIN_FILL_SECONDS, max_age=FORM_TOKEN_MAX_AGE)


def make_form_token(started: float | None = None) -> str:
    """A signed 'form shown at' timestamp (the time check of the spam protection, core.antispam)."""
    return FORM_CLOCK.token(started)


def form_started_at(token: str) -> float | None:
    return FORM_CLOCK.started_at(token)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input (Django's documented pattern); content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "class": "krds-input"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > photos.MAX_PHOTOS:
            raise forms.ValidationError(_("Attach at most %(count)d photos.") % {"count": photos.MAX_PHOTOS})
        limit_mb = photos.max_bytes() // (1024 * 1024)
        for upload in files:
            if upload.size > photos.max_bytes():
                raise forms.ValidationError(_("%(name)s is larger than %(limit)d MB. Choose a smaller photo.")
                                            % {"name": upload.name, "limit": limit_mb})
        return files


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ReportForm(forms.Form):
    category = CategoryChoiceField(
        label=_("What is it about?"), queryset=selectors.active_categories(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": _("Choose what the problem is about.")},
    )
    description = forms.CharField(
        label=_("What is the problem?"), max_length=2000, min_length=5,
        widget=forms.Textarea(attrs={"rows": 5, "class": "krds-input"}),
        help_text=_("Say what happens, when and how often. Do not write other people's personal details."),
        error_messages={"required": _("Describe the problem."),
                        "min_length": _("Describe the problem in at least %(limit_value)d characters.")},
    )
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    store = BoundedIntegerField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Place description"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "off"}),
        help_text=_("For example: in front of exit 2 of Yangdong Market. Needed if you do not mark the map."),
    )
    photos = MultiplePhotoField(
        label=_("Photos (up to 3)"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB each. Location data is removed from the photos."),
    )
    reporter_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False,
                                    widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "name"}))
    reporter_phone = PhoneField(
        label=_("Phone"), required=False, widget=forms.TextInput(attrs={"class": "krds-input"}),
        help_text=_("For example 010-1234-5678."),
    )
    reporter_email = forms.EmailField(
        label=_("E-mail"), required=False,
        widget=forms.EmailInput(attrs={"class": "krds-input", "autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.kr.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that the district office uses my contact details only to answer this report "
                "and deletes them after three years."),
        required=False,
    )
    # Spam protection: a field people never see (bots fill it) and a signed start time.
    website = antispam.honeypot_field()
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, local_government=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_government = local_government
        self.store_obj = None
        if not self.is_bound:
            self.initial.setdefault("started", make_form_token())

    def clean_store(self):
        store_id = self.cleaned_data.get("store")
        if store_id:
            from merchants.models import Store

            self.store_obj = Store.objects.filter(pk=store_id, local_government=self.local_government).first()
            if self.store_obj is None:
                raise forms.ValidationError(_("That store is not in the list. Search for it again."))
        return store_id

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The report could not be accepted. Please try again."), code="spam")
        problem = FORM_CLOCK.problem(data.get("started") or self.data.get("started", ""))
        if problem == antispam.EXPIRED:
            raise forms.ValidationError(_("The form has expired. Check your report and send it again."),
                                        code="expired")
        if problem == antispam.TOO_FAST:
            raise forms.ValidationError(_("The report was sent too quickly. Check it and send it again."),
                                        code="too_fast")
        lon, lat = data.get("lon"), data.get("lat")
        if (lon is None) != (lat is None):
            self.add_error("address", _("Mark the place on the map again."))
        elif lon is not None and not (geo.KOREA_BOUNDS[0] <= lon <= geo.KOREA_BOUNDS[2]
                                      and geo.KOREA_BOUNDS[1] <= lat <= geo.KOREA_BOUNDS[3]):
            self.add_error("address", _("The marked place is outside Korea. Mark it on the map again."))
        elif lon is None and not data.get("store") and not (data.get("address") or "").strip() \
                and "address" not in self.errors:
            self.add_error("address", _("Show where it is: tap the map, use your location, choose a store or "
                                        "describe the place."))
        if (data.get("reporter_phone") or data.get("reporter_email")) and not data.get("consent"):
            self.add_error("consent", _("To leave contact details, agree to their use. Or leave them empty."))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=20,
        widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
        help_text=_("The 10-character code you got when you filed the report, e.g. ABCDE-23456."),
        error_messages={"required": _("Enter your tracking code.")},
    )


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All")), ("open", _("Open (not closed)")), *Ticket.Status.choices]
    AGE_CHOICES = [("", _("Any age")), ("3", _("Older than 3 days")), ("7", _("Older than 7 days")),
                   ("30", _("Older than 30 days"))]

    q = forms.CharField(
        label=_("Find a ticket"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search", "autocomplete": "off"}),
        help_text=_("Tracking code (e.g. ABCDE-23456), ticket number (#123) or words of the description or place."),
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    dong = forms.ChoiceField(label=_("Dong"), required=False)
    district = forms.ChoiceField(label=_("Alley district"), required=False)
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        from districts.models import District
        from districts.selectors import dongs_of

        self.fields["category"].choices = [("", _("All"))] + [
            (c.code, c.display_name) for c in selectors.active_categories()]
        self.fields["dong"].choices = [("", _("All"))] + [(str(d.pk), d.name) for d in dongs_of(local_government)]
        self.fields["district"].choices = [("", _("All"))] + [
            (str(d.pk), d.name) for d in District.objects.filter(
                local_government=local_government, status=District.Status.DESIGNATED).only("pk", "name")]
        for name in ("status", "category", "dong", "district", "age"):
            self.fields[name].widget.attrs["class"] = "krds-form-select"


class VersionedForm(forms.Form):
    version = version_field(required=True)


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None,
                                      error_messages={"required": _("Choose an official.")},
                                      widget=forms.Select(attrs={"class": "krds-form-select"}))

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.officials_of(local_government)
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class StartForm(VersionedForm):
    pass


class ResolveForm(VersionedForm):
    reply = forms.CharField(label=_("Public reply"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 4, "class": "krds-input"}),
                            help_text=_("The reporter reads this: say what was done."),
                            error_messages={"required": _("Write a public reply saying what was done.")})


class RejectForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
                             help_text=_("The reporter reads this."),
                             error_messages={"required": _("Give the reason for rejecting the ticket.")})


class MergeForm(VersionedForm):
    into = BoundedIntegerField(label=_("Primary ticket number"), min_value=1,
                              widget=forms.NumberInput(attrs={"class": "krds-input", "inputmode": "numeric"}),
                              help_text=_("This ticket becomes a duplicate of that one; its reporter follows it."),
                              error_messages={"required": _("Enter the number of the primary ticket.")})
    # Set by the confirmation page (both tickets side by side); without it the merge is only previewed.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketComment.Kind.choices, widget=forms.RadioSelect,
                             initial=TicketComment.Kind.INTERNAL)
    body = forms.CharField(label=_("Text"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
                           error_messages={"required": _("Write the text of the comment.")})

"""The officials' forms: list filters, the project form (with a funding line per source), status,
milestones, photos and figures. Rules live in projects.services; these only read input."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import SaneDateField, WonField, version_field
from core.search import SearchField
from districts.models import District
from districts.selectors import dongs_of

from . import selectors
from .models import FundingLine, Milestone, SpecialProject

TEXT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}


def date_input():
    return forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d")


def _districts_of(government):
    return District.objects.filter(local_government=government).exclude(status=District.Status.REVOKED) \
        .only("pk", "name").order_by("name")


class ProjectFilterForm(forms.Form):
    q = SearchField(label=_("Search"), widget=forms.TextInput(attrs={**TEXT, "type": "search"}),
                    help_text=_("Words of the title or summary."))
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All")), *SpecialProject.Type.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *SpecialProject.Status.choices])
    dong = forms.ChoiceField(label=_("Dong"), required=False)
    district = forms.ChoiceField(label=_("Alley district"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].choices = [("", _("All"))] + [(str(d.pk), d.name) for d in dongs_of(local_government)]
        self.fields["district"].choices = [("", _("All"))] + [
            (str(d.pk), d.name) for d in _districts_of(local_government)]
        self.fields["year"].choices = [("", _("All"))] + [
            (str(y), str(y)) for y in selectors.years_of(local_government)]
        for name in ("type", "status", "dong", "district", "year"):
            self.fields[name].widget.attrs.update(SELECT)

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped, its error shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {key: value for key, value in data.items() if value not in (None, "")}


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    type = forms.ChoiceField(label=_("Type"), choices=SpecialProject.Type.choices,
                             widget=forms.Select(attrs=SELECT))
    districts = forms.ModelMultipleChoiceField(
        label=_("Alley districts"), queryset=District.objects.none(),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}),
        help_text=_("One or more; hold Ctrl (⌘ on a Mac) to choose several."),
        error_messages={"required": _("Choose at least one alley district.")})
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}))
    planned_start = SaneDateField(label=_("Planned start"), widget=date_input())
    planned_end = SaneDateField(label=_("Planned end"), widget=date_input())
    responsible = forms.ModelChoiceField(label=_("Responsible official"), queryset=None, required=False,
                                         widget=forms.Select(attrs=SELECT))
    outcomes = forms.CharField(label=_("Outcomes"), required=False, max_length=10000,
                               widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}))
    version = version_field()

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = _districts_of(local_government)
        self.fields["districts"].label_from_instance = lambda district: district.name
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            role="official", local_government=local_government, is_active=True).order_by("last_name", "first_name")
        self.fields["responsible"].label_from_instance = lambda user: user.display_name
        for source, label in FundingLine.Source.choices:
            self.fields[f"{source}_planned"] = WonField(
                label=_("%(source)s, planned (won)") % {"source": label}, required=False,
                widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))
            self.fields[f"{source}_executed"] = WonField(
                label=_("%(source)s, executed (won)") % {"source": label}, required=False,
                widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))

    def funding_rows(self):
        """(source label, planned field, executed field) for the template's funding table."""
        return [(label, self[f"{source}_planned"], self[f"{source}_executed"])
                for source, label in FundingLine.Source.choices]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "type": data["type"], "summary": data.get("summary", ""),
            "planned_start": data["planned_start"], "planned_end": data["planned_end"],
            "district_ids": [d.pk for d in data["districts"]], "responsible": data.get("responsible"),
            "outcomes": data.get("outcomes", ""),
            "funding": {source: (data.get(f"{source}_planned") or 0, data.get(f"{source}_executed") or 0)
                        for source in FundingLine.Source.values},
        }

    @staticmethod
    def initial_for(project: SpecialProject) -> dict:
        initial = {
            "title": project.title, "type": project.type, "summary": project.summary,
            "districts": list(project.districts.all()), "planned_start": project.planned_start,
            "planned_end": project.planned_end, "responsible": project.responsible_id, "outcomes": project.outcomes,
            "version": project.version,
        }
        for source, (planned, executed) in selectors.funding_by_source(project).items():
            initial[f"{source}_planned"], initial[f"{source}_executed"] = planned, executed
        return initial


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=SpecialProject.Status.choices,
                                  widget=forms.Select(attrs=SELECT))
    on = SaneDateField(label=_("Date"), required=False, widget=date_input(),
                       help_text=_("The actual start or end; today when left empty."))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
                             help_text=_("Required when the project is cancelled."))
    version = version_field(required=True)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["to_status"].choices = choices


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    due_on = SaneDateField(label=_("Due date"), widget=date_input())


class MilestoneStatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Milestone.Status.choices, widget=forms.HiddenInput)
    done_on = SaneDateField(label=_("Done on"), required=False, widget=date_input())


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(
        attrs={"class": "krds-input", "accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP; location data in the file is removed."))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))


class FigureForm(forms.Form):
    label = forms.CharField(label=_("What was measured"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2,
                               widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20, widget=forms.TextInput(attrs=TEXT))

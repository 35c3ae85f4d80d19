from django import forms
from django.utils.translation import gettext_lazy as _

from core import search
from core.forms import CountField, PhoneField, SaneDateField, version_field
from districts.models import AdministrativeDong, District

from .models import ChangeRequest, MerchantAssociation, Officer

DATE = forms.DateInput(attrs={"type": "date"})
MINUTES_ACCEPT = ".pdf,.hwp,.hwpx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class KrdsForm(forms.Form):
    """KRDS classes on every input: krds-form-select on choices, krds-input on the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("class", "as-multi")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "krds-form-select")
            else:
                widget.attrs.setdefault("class", "krds-input")


class FilterForm(KrdsForm):
    q = search.SearchField(label=_("Search"), help_text=_("Association or district name, registration number"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *MerchantAssociation.Status.choices])
    dong = forms.ModelChoiceField(label=_("Dong"), required=False, queryset=AdministrativeDong.objects.none(),
                                  empty_label=_("All"))
    district = forms.ModelChoiceField(label=_("Alley district"), required=False, queryset=District.objects.none(),
                                      empty_label=_("All"))

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].queryset = AdministrativeDong.objects.filter(local_government=local_government)
        self.fields["district"].queryset = District.objects.filter(local_government=local_government).order_by("name")


class DistrictChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class AssociationForm(KrdsForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    districts = DistrictChoices(label=_("Alley districts"), queryset=District.objects.none(),
                                help_text=_("One district, or several adjacent districts that share the association."),
                                widget=forms.SelectMultiple(attrs={"size": 8}))
    registration_number = forms.CharField(label=_("Registration number (고유번호)"), required=False, max_length=20,
                                          help_text=_("If registered: 000-00-00000."))
    founded_on = SaneDateField(label=_("Founded on"), required=False, widget=DATE)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=50)
    phone = PhoneField(label=_("Phone"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = (District.objects.filter(local_government=local_government)
                                             .exclude(status=District.Status.REVOKED).order_by("name"))


class StatusForm(KrdsForm):
    to_status = forms.ChoiceField(label=_("New status"), choices=MerchantAssociation.Status.choices)
    effective_on = SaneDateField(label=_("Since"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field(required=True)


class StoreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.road_address or obj.lot_address}"


class MemberAddForm(KrdsForm):
    store = StoreChoice(label=_("Store"), queryset=None)
    joined_on = SaneDateField(label=_("Joined on"), widget=DATE)

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores


class MemberRemoveForm(KrdsForm):
    left_on = SaneDateField(label=_("Left on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class OfficerForm(KrdsForm):
    role = forms.ChoiceField(label=_("Office"), choices=Officer.Role.choices)
    person_name = forms.CharField(label=_("Officer's name"), max_length=50)
    user = forms.ModelChoiceField(label=_("Merchant account"), required=False, queryset=None,
                                  help_text=_("Link the officer's merchant account to let them propose changes."))
    term_start = SaneDateField(label=_("Term start"), widget=DATE)
    term_end = SaneDateField(label=_("Term end"), required=False, widget=DATE)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"


class OfficerEndForm(KrdsForm):
    term_end = SaneDateField(label=_("Term end"), widget=DATE)


class MeetingForm(KrdsForm):
    held_on = SaneDateField(label=_("Meeting date"), widget=DATE)
    attendance = CountField(label=_("Attendance"))
    agenda = forms.CharField(label=_("Agenda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(label=_("Minutes (PDF, HWP or image)"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": MINUTES_ACCEPT}))


class RejectForm(KrdsForm):
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(KrdsForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class ProposeMemberAddForm(MemberAddForm):
    note = forms.CharField(label=_("Note for the district office"), required=False, max_length=500)


class ProposeMemberRemoveForm(KrdsForm):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=None)
    left_on = SaneDateField(label=_("Left on"), widget=DATE)
    note = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: m.store.name


class ProposeMeetingForm(MeetingForm):
    note = forms.CharField(label=_("Note for the district office"), required=False, max_length=500)


PROPOSAL_KINDS = {ChangeRequest.Kind.MEMBER_ADD: "member_add", ChangeRequest.Kind.MEMBER_REMOVE: "member_remove",
                  ChangeRequest.Kind.MEETING: "meeting"}

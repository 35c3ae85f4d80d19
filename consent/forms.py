"""Forms of the consent pages. They only collect input: every rule is in consent.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SaneDateField

from .models import ConsentRecord

TEXT = {"class": "krds-input"}


class _DateAndMethod(forms.Form):
    signed_on = SaneDateField(label=_("Date of consent"),
                              widget=forms.DateInput({**TEXT, "type": "date"}, format="%Y-%m-%d"))
    method = forms.ChoiceField(label=_("How"), choices=ConsentRecord.Method.choices,
                               initial=ConsentRecord.Method.FORM, widget=forms.Select({"class": "krds-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class ConsentRecordForm(_DateAndMethod):
    store = forms.TypedChoiceField(label=_("Store"), coerce=int, widget=forms.Select({"class": "krds-input"}))
    signer_name = forms.CharField(label=_("Signed by"), max_length=50, widget=forms.TextInput(
        {**TEXT, "autocomplete": "off"}), help_text=_("The name as written on the form, e.g. 김양동."))
    signer_role = forms.ChoiceField(label=_("Signer's role"), choices=ConsentRecord.Role.choices,
                                    initial=ConsentRecord.Role.OWNER, widget=forms.Select({"class": "krds-input"}))
    file = forms.FileField(
        label=_("Scan of the signed form (optional)"), required=False,
        widget=forms.ClearableFileInput({"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}))

    field_order = ["store", "signer_name", "signer_role", "signed_on", "method", "file"]

    def __init__(self, *args, stores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].choices = [("", _("Choose a store")), *[
            (store.pk, f"{store.name} · {store.road_address or store.lot_address}" if (
                store.road_address or store.lot_address) else store.name) for store in stores]]


class BulkConsentForm(_DateAndMethod):
    """The shared date and method of a bulk entry; the stores and signers come as per-row inputs."""


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=500, widget=forms.Textarea(
        {**TEXT, "rows": "3"}), help_text=_("e.g. the merchant asked in writing to take the consent back."))
    withdrawn_on = SaneDateField(label=_("Withdrawal date"),
                                 widget=forms.DateInput({**TEXT, "type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()

"""Form pieces every app uses."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from . import bounds, phones


def add_domain_error(form: forms.Form, error) -> None:
    """Show a service's DomainError on its field when the form has it, else above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@deconstructible
class AtMost:
    """A maximum whose message shows the limit with thousands separators (Django's shows raw digits)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        if value is not None and value > self.limit:
            raise ValidationError(_("Enter a number no larger than %(limit)s."), code="max_value",
                                  params={"limit": number_format(self.limit, force_grouping=True)})

    def __eq__(self, other):
        return isinstance(other, AtMost) and other.limit == self.limit


class BoundedIntegerField(forms.IntegerField):
    """A whole number from min_value (0 unless given) to `upper` (core.bounds; PostgreSQL's integer by default),
    so no typed number overflows a column."""

    default_upper = bounds.MAX_INTEGER

    def __init__(self, *, upper: int | None = None, min_value=0, **kwargs):
        self.upper = upper or self.default_upper
        super().__init__(min_value=min_value, **kwargs)
        self.validators.append(AtMost(self.upper))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.NumberInput):
            attrs["max"] = str(self.upper)
        return attrs


class CountField(BoundedIntegerField):
    """A number of people, stores or seats."""

    default_upper = bounds.MAX_COUNT


def version_field(*, required: bool = False) -> forms.IntegerField:
    """The hidden optimistic-lock version of an edit form."""
    return BoundedIntegerField(widget=forms.HiddenInput, required=required)


class SaneDateField(forms.DateField):
    """A date within core.bounds' range (2000-01-01 .. today + 10 years)."""

    default_validators = [bounds.validate_sane_date]


class WonField(BoundedIntegerField):
    """Whole won; accepts '30,000,000' and '30000000원' as people type them (digits only, '30억' is not guessed)."""

    default_upper = bounds.MAX_WON

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("원", "").strip()
        return super().to_python(value)


class PhoneField(forms.CharField):
    """A Korean phone number (core.phones), cleaned to its stored form such as 010-1234-5678.

    mobile=True accepts mobile numbers only (for text-message reminders). A form may set
    `stored_value` to the record's current text: sent back unchanged it is kept, so an old or
    imported number the rule cannot read does not block editing the record's other fields.
    """

    def __init__(self, *, mobile: bool = False, **kwargs):
        self.mobile = mobile
        self.stored_value = None
        kwargs.setdefault("max_length", phones.MAX_LENGTH)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values or (self.stored_value and value == self.stored_value.strip()):
            return value
        try:
            return phones.normalise(value, mobile=self.mobile)
        except phones.InvalidPhone as exc:
            message = (_("Enter a mobile phone number such as 010-1234-5678.") if self.mobile else
                       _("Enter a Korean phone number such as 010-1234-5678, 062-123-4567 or 1588-1234."))
            raise ValidationError(self.error_messages.get("invalid_phone", message), code="invalid_phone") from exc

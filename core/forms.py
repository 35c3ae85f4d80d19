"""Form pieces every app uses."""

from __future__ import annotations

from django import forms


def add_domain_error(form: forms.Form, error) -> None:
    """Show a service's DomainError on its field when the form has it, else above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


class WonField(forms.IntegerField):
    """Whole won; accepts '30,000,000' and '30000000원' as people type them (digits only, '30억' is not guessed)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("원", "").strip()
        return super().to_python(value)

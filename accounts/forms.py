from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


def _krds_inputs(form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "krds-input")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is incorrect. Check both and try again."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        _krds_inputs(self)


class KrdsPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        _krds_inputs(self)


class KrdsSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _krds_inputs(self)


class KrdsPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _krds_inputs(self)


class ActingGovernmentForm(forms.Form):
    """A superuser chooses the local government to work as (or none)."""

    local_government = forms.ModelChoiceField(
        label=_("Local government"), queryset=None, required=False, empty_label=_("None (administrator only)"),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )

    def __init__(self, *args, **kwargs):
        from districts.models import LocalGovernment

        super().__init__(*args, **kwargs)
        self.fields["local_government"].queryset = LocalGovernment.objects.order_by("code")

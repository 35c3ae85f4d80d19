from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessLog


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"), min_length=4, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input", "maxlength": 500}),
        help_text=_("Why do you need this file? The reason is kept in the personal data access log."),
        error_messages={"required": _("Give the reason for exporting personal data."),
                        "min_length": _("Describe the reason in at least %(limit_value)d characters.")},
    )


class ReviewFilterForm(forms.Form):
    month = forms.RegexField(label=_("Month"), regex=r"^\d{4}-\d{2}$", required=False, max_length=7,
                             widget=forms.TextInput(attrs={"type": "month", "class": "krds-input"}),
                             error_messages={"invalid": _("Choose a month as YYYY-MM.")})
    official = forms.ChoiceField(label=_("Official"), required=False,
                                 widget=forms.Select(attrs={"class": "krds-form-select"}))
    action = forms.ChoiceField(label=_("Action taken"), required=False,
                               choices=[("", _("All")), *AccessLog.Action.choices],
                               widget=forms.Select(attrs={"class": "krds-form-select"}))

    def __init__(self, *args, actors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [("", _("All")), *[(str(pk), name) for pk, name in actors]]

"""Forms of the monthly sales pages: a merchant's report or correction, and an official's CSV upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.errors import DomainError
from core.forms import WonField
from core.months import parse_month

from .services import MAX_IMPORT_BYTES, figure_errors


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "class": "krds-input", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except DomainError as exc:
            raise ValidationError(exc.message, code="month") from exc

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m")
        return value


def amount_widget():
    return forms.TextInput(attrs={"class": "krds-input", "inputmode": "numeric", "autocomplete": "off"})


class SalesReportForm(forms.Form):
    month = MonthField(label=_("Month"), help_text=_("The month the sales were made, e.g. 2026-10."))
    total_won = WonField(label=_("Total sales (won)"), min_value=0, widget=amount_widget(),
                         help_text=_("All card, cash and gift-certificate takings of the month, in won."),
                         error_messages={"invalid": _("Enter the total sales in won, digits only."),
                                         "min_value": _("Total sales cannot be negative.")})
    onnuri_won = WonField(label=_("Onnuri takings (won)"), min_value=0, initial=0, widget=amount_widget(),
                          help_text=_("Payments made with Onnuri gift certificates (paper, card and mobile)."),
                          error_messages={"invalid": _("Enter the Onnuri takings in won, digits only."),
                                          "min_value": _("Onnuri takings cannot be negative.")})
    transactions = WonField(label=_("Number of transactions"), min_value=0, initial=0, widget=amount_widget(),
                            upper=bounds.MAX_INTEGER,
                            error_messages={"invalid": _("Enter the number of transactions, digits only."),
                                            "min_value": _("The number of transactions cannot be negative.")})
    reason = forms.CharField(label=_("Reason for the correction"), required=False, max_length=500,
                             widget=forms.TextInput(attrs={"class": "krds-input"}),
                             help_text=_("Only when you change a month already reported, e.g. a missed receipt."))
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, store=None, **kwargs):
        self.store = store
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("month", "total_won", "onnuri_won", "transactions")):
            for field, message in figure_errors(month=data["month"], total_won=data["total_won"],
                                                onnuri_won=data["onnuri_won"], transactions=data["transactions"],
                                                store=self.store):
                self.add_error(field, message)
        return data


class SalesImportForm(forms.Form):
    file = forms.FileField(
        label=_("Sales file (CSV)"),
        help_text=_("Columns: 상가업소번호 or 사업자등록번호, 월 (YYYY-MM), 매출액, 온누리매출, 거래건수. "
                    "UTF-8 or CP949, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Upload a CSV file (.csv)."), code="extension")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 10 MB; split it by month and import the parts."),
                                  code="size")
        return upload

"""FastSelect renders the same select as Django's template-based widget."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import FastSelect

CHOICES = [("", "All <dongs>"), ("a&b", 'A & "b"'), (3, "셋"), ("x", "<script>alert(1)</script>")]


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "3", "x", "missing"])
def test_same_markup_as_djangos_select_for_every_selection(value):
    attrs = {"id": "id_dong", "aria-describedby": "id_dong_hint", "required": True, "disabled": False}
    django_html = forms.Select(choices=CHOICES, attrs={"class": "krds-form-select"}).render("dong", value, attrs)
    fast_html = FastSelect(choices=CHOICES, attrs={"class": "krds-form-select"}).render("dong", value, attrs)
    assert parse_html(fast_html) == parse_html(django_html)
    assert "<script>" not in fast_html and "&lt;script&gt;" in fast_html  # labels are escaped


def test_in_a_form_the_bound_value_is_selected_and_groups_are_refused():
    class Form(forms.Form):
        dong = forms.ChoiceField(choices=CHOICES, widget=FastSelect, required=False)

    html = str(Form({"dong": "a&b"})["dong"])
    assert '<option value="a&amp;b" selected>' in html and html.count(" selected") == 1
    grouped = FastSelect(choices=[("Group", [("1", "one")])])
    with pytest.raises(ValueError):
        grouped.render("g", None)

"""Form errors reach assistive technology (issue 17): the ids an input's aria-describedby names exist,
invalid inputs say aria-invalid, and the error summary links to each invalid field."""

import re

from django import forms
from django.template import Context, Template


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the sign")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False)
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput)


def render(form, body):
    return Template("{% load ui %}" + body).render(Context({"form": form}))


def ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


def described(html, element_id):
    tag = re.search(rf'<input[^>]*\bid="{element_id}"[^>]*>|<textarea[^>]*\bid="{element_id}"[^>]*>', html).group(0)
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return (match.group(1).split() if match else []), tag


def test_every_described_by_id_exists_and_invalid_fields_are_marked():
    form = SampleForm(data={"note": "x"})
    assert not form.is_valid()
    html = render(form, "{% field form.name %}{% field form.kind %}{% field form.note %}{% field form.agree %}")
    present = ids(html)
    for element_id in ("id_name", "id_kind_0", "id_kind_1", "id_agree"):
        refs, tag = described(html, element_id)
        assert refs, f"{element_id} describes nothing"
        assert set(refs) <= present, f"{element_id} points at missing {set(refs) - present}"
        assert 'aria-invalid="true"' in tag
    assert described(html, "id_name")[0] == ["id_name_helptext", "id_name_error"]
    # A valid field without help text points nowhere and is not marked invalid.
    refs, tag = described(html, "id_note")
    assert refs == [] and "aria-invalid" not in tag


def test_a_hint_given_in_the_template_is_described_too():
    form = SampleForm()
    html = render(form, '{% field form.note "Optional" %}')
    assert described(html, "id_note")[0] == ["id_note_helptext"] and 'id="id_note_helptext"' in html


def test_the_summary_links_to_each_invalid_field_in_order():
    form = SampleForm(data={})
    form.is_valid()
    html = render(form, '{% include "includes/form_errors.html" %}')
    assert 'id="form-error-summary"' in html and 'tabindex="-1"' in html and 'role="alert"' in html
    assert re.findall(r'href="#([^"]+)"', html) == ["id_name", "id_kind_0", "id_agree"]
    assert "js/form-errors.js" in html
    # The hidden field's error is listed, without a link to a field nobody can reach.
    assert html.count("<li>") == 4


def test_a_valid_form_has_no_summary():
    form = SampleForm(data={"name": "a", "kind": "a", "agree": "on", "token": "t"})
    assert form.is_valid()
    assert render(form, '{% include "includes/form_errors.html" %}').strip() == ""

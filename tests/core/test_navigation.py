from core.navigation import menu_for


def active_labels(user, path):
    return [str(item["label"]) for item in menu_for(user, path) if item["active"]]


def test_the_longest_matching_menu_entry_is_the_current_one(official):
    from django.utils import translation

    with translation.override("en"):
        assert active_labels(official, "/onnuri/review/") == ["Onnuri review"]
        assert active_labels(official, "/districts/dongs/29140575/") == ["Dongs"]
        assert active_labels(official, "/districts/") == ["Alley districts"]
        assert active_labels(official, "/") == ["Home"]


def test_menu_depends_on_the_role(official, merchant_a):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    with translation.override("en"):
        official_labels = {str(i["label"]) for i in menu_for(official)}
        merchant_labels = {str(i["label"]) for i in menu_for(merchant_a)}
        public_labels = {str(i["label"]) for i in menu_for(AnonymousUser())}
    assert "Onnuri review" in official_labels and "Onnuri review" not in merchant_labels
    assert "My stores" in merchant_labels and "My stores" not in official_labels
    assert public_labels == {"Home", "Info sessions", "Find Onnuri stores", "Report to 119 Hotline"}


def test_field_include_renders_multiple_checkboxes_as_a_fieldset():
    from django import forms
    from django.template import Context, Template

    class KindsForm(forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("paper", "지류"), ("card", "카드")],
                                          widget=forms.CheckboxSelectMultiple, help_text="하나 이상")
        agree = forms.BooleanField(label="동의")

    html = Template("{% load ui %}{% field form.kinds %}{% field form.agree %}").render(
        Context({"form": KindsForm(data={})}))
    assert "<fieldset" in html and "<legend" in html
    assert html.count('type="checkbox"') == 3
    assert 'id="id_kinds_helptext"' in html
    assert 'aria-invalid="true"' in html  # both fields are required and empty


def test_application_pages_highlight_onnuri_application_not_the_finder(merchant_a):
    from django.utils import translation

    with translation.override("en"):
        assert active_labels(merchant_a, "/onnuri/apply/12/") == ["Onnuri application"]
        assert active_labels(merchant_a, "/onnuri/applications/7/") == ["Onnuri application"]
        assert active_labels(merchant_a, "/onnuri/my/") == ["Onnuri application"]
        assert active_labels(merchant_a, "/onnuri/") == ["Find Onnuri stores"]
        assert active_labels(merchant_a, "/onnuri/sessions/3/") == ["Info sessions"]


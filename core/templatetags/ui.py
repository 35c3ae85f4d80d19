"""Small presentation helpers shared by every template."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext as _

from core.navigation import menu_for
from districts import geo

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    return menu_for(getattr(request, "user", None), getattr(request, "path", ""))


@register.filter
def won(value):
    """12345 -> '12,345원'."""
    if value in (None, ""):
        return "-"
    return _("%(amount)s won") % {"amount": intcomma(int(value))}


@register.filter
def area(value_m2):
    """Square metres as '1,234 m²' or '12.34 km²'."""
    if value_m2 in (None, ""):
        return "-"
    return geo.format_area(float(value_m2))


@register.filter
def percent(value, digits=1):
    if value in (None, ""):
        return "-"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def bizno(value):
    """'1208147521' -> '120-81-47521'."""
    from merchants.bizno import format_number

    return format_number(value)


@register.inclusion_tag("includes/field.html")
def field(bound_field, hint=""):
    """A KRDS form group: label, input, hint and errors wired with aria attributes."""
    hint = hint or bound_field.help_text
    # The ids the input points at must exist: the hint (given here or as help text) and the error block.
    described_by = []
    if hint:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
    widget = choices = None
    if described_by and not bound_field.field.widget.attrs.get("aria-describedby"):
        attrs = {"aria-describedby": " ".join(described_by)}
        if bound_field.use_fieldset:
            # Radios and checkbox lists: each choice is what gets focus, so each carries the references.
            attrs = bound_field.build_widget_attrs({"id": bound_field.auto_id, **attrs})
            widget_obj = bound_field.field.widget
            choices = [BoundWidget(widget_obj, data, bound_field.form.renderer)
                       for data in widget_obj.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)]
        else:
            widget = bound_field.as_widget(attrs=attrs)
    return {"field": bound_field, "hint": hint, "widget": widget, "choices": choices}


def _error_target(bound_field) -> str:
    """The id an error-summary link moves focus to: the input, or a group's first choice."""
    target = bound_field.id_for_label
    if not target and bound_field.auto_id:
        subwidgets = bound_field.subwidgets
        target = subwidgets[0].id_for_label if subwidgets else bound_field.auto_id
    return target or ""


@register.simple_tag
def error_summary_items(form):
    """(href target id, label, first message) for each invalid visible field, in the form's order."""
    items = []
    for bound_field in form.visible_fields():
        if bound_field.errors:
            items.append({"target": _error_target(bound_field), "label": bound_field.label,
                          "message": bound_field.errors[0]})
    for bound_field in form.hidden_fields():
        for error in bound_field.errors:
            items.append({"target": "", "label": bound_field.label, "message": error})
    return items


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def masked(text):
    """Free text for the public: phone numbers, e-mail addresses and resident numbers masked."""
    from core.masking import mask_personal_data

    return mask_personal_data(text)


@register.simple_tag
def search_max_length() -> int:
    """maxlength of a search box written by hand in a template (form fields set it themselves)."""
    from core.search import MAX_QUERY_LENGTH

    return MAX_QUERY_LENGTH

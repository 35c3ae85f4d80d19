"""Form widgets that render long option lists without a template per option."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A Select whose markup is Django's own, built in Python.

    Django renders each <option> through a template include: for the store filters' few hundred
    options (industries, districts) that was most of the list page's time. Same attributes,
    same escaping; option groups are not used by the filters and are refused.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_options, _index in widget["optgroups"]:
            if group_name:
                raise ValueError("FastSelect does not render option groups")
            options.extend(group_options)
        body = format_html_join("", '<option value="{}"{}>{}</option>',
                                ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options))
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), body)

"""Search boxes: one length limit for every query, with a Korean message.

Inputs carry maxlength (the form field sets it), and the server refuses longer
queries itself: a query typed into a URL by hand must not reach an icontains over
every store, nor grow the request line past what gunicorn accepts (gunicorn.conf.py).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 100
TOO_LONG = _("Search with at most %(limit_value)d characters (you typed %(show_value)d).")


def too_long(query: str | None) -> bool:
    return len(query or "") > MAX_QUERY_LENGTH


def too_long_message(query: str) -> str:
    return TOO_LONG % {"limit_value": MAX_QUERY_LENGTH, "show_value": len(query)}


class SearchField(forms.CharField):
    """An optional search text of at most MAX_QUERY_LENGTH characters (maxlength on the input too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs["error_messages"] = {"max_length": TOO_LONG, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

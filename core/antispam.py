"""Spam protection without burden for the public forms (hotline report, resident survey).

Three pieces, used together by a form anyone may send without an account:

- a honeypot: a text field people never see (hidden by CSS, out of the tab order, `aria-hidden`);
  bots fill every field, so a value there refuses the form (`honeypot_field`);
- a signed start time (`FormClock`): the form carries when it was shown, signed with the
  SECRET_KEY; a form sent back faster than a person can fill it, or with a missing, forged or
  day-old token, is refused;
- a signed, long-lived device cookie (`DeviceCookie`): a random id per browser, the key of the
  per-device rate limits (`core.ratelimits`) and of "one answer per device" rules.
"""

from __future__ import annotations

import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

EXPIRED, TOO_FAST = "expired", "too_fast"


class FormClock:
    """A signed 'form shown at' timestamp and the check of it."""

    def __init__(self, salt: str, *, min_seconds: float = 3, max_age: int = 24 * 3600):
        self.salt = salt
        self.min_seconds = min_seconds  # a person needs longer than this; a bot posts at once
        self.max_age = max_age

    def token(self, started: float | None = None) -> str:
        return signing.dumps({"t": round(started if started is not None else time.time(), 3)}, salt=self.salt)

    def started_at(self, token: str) -> float | None:
        try:
            return float(signing.loads(token or "", salt=self.salt, max_age=self.max_age)["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    def problem(self, token: str, *, now: float | None = None) -> str | None:
        """None when the token is good; EXPIRED (missing, forged, too old) or TOO_FAST otherwise."""
        started = self.started_at(token)
        if started is None:
            return EXPIRED
        if (now if now is not None else time.time()) - started < self.min_seconds:
            return TOO_FAST
        return None


def honeypot_field() -> forms.CharField:
    """The field bots fill and people never see (the template hides it and marks it aria-hidden)."""
    return forms.CharField(label=_("Leave this field empty"), required=False,
                           widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class DeviceCookie:
    """A random id per browser in a signed cookie; `id()` reads or mints it, `remember()` sends a new one."""

    def __init__(self, name: str, *, salt: str, max_age: int = 365 * 24 * 3600):
        self.name = name
        self.salt = salt
        self.max_age = max_age
        self._attribute = f"_device_cookie_{name}"

    def id(self, request) -> str:
        if not hasattr(request, self._attribute):
            known = request.get_signed_cookie(self.name, default=None, salt=self.salt, max_age=self.max_age)
            setattr(request, self._attribute, (known, False) if known else (uuid.uuid4().hex, True))
        return getattr(request, self._attribute)[0]

    def is_known(self, request) -> bool:
        """Whether the browser sent a valid cookie (not just minted for this request)."""
        self.id(request)
        return not getattr(request, self._attribute)[1]

    def remember(self, request, response):
        device = self.id(request)
        if getattr(request, self._attribute)[1]:
            response.set_signed_cookie(self.name, device, salt=self.salt, max_age=self.max_age, httponly=True,
                                       samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

"""JSON from outside, parsed with limits: nesting depth, NUL characters, and Korean messages.

Python's json module recurses once per nesting level, so "[" * 100000 raises
RecursionError (a 500); its error text ("Expecting value: line 1 column 1 (char 0)")
is English parser talk. Every JSON that arrives from a person or a machine
(GeoJSON uploads and drawn boundaries, API request bodies) goes through loads().
"""

from __future__ import annotations

import json
import re

import numpy as np
from django.utils.translation import gettext as _

MAX_DEPTH = 64  # GeoJSON needs about 8 (FeatureCollection > Feature > MultiPolygon coordinates)

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NUL = re.compile(r"\\u0000|\x00")


class JSONInputError(ValueError):
    """The text is not JSON we accept; the message says why, in the user's language."""


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, outside strings (no recursion, vectorised)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH):
    """json.loads with a depth limit, no NaN/Infinity, no NUL characters; JSONInputError otherwise."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JSONInputError(_("The JSON is not UTF-8 text.")) from exc
    depth = nesting_depth(text)
    if depth > max_depth:
        raise JSONInputError(_("The JSON is nested %(depth)s levels deep; at most %(limit)d levels are accepted.")
                             % {"depth": f"{depth:,}", "limit": max_depth})
    if _NUL.search(text):
        raise JSONInputError(_("The JSON contains a NUL character (\\u0000), which cannot be stored. Remove it."))
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise JSONInputError(_("The JSON is empty.")) from exc
        raise JSONInputError(_("The JSON is malformed at line %(line)d, column %(column)d. Check the brackets, "
                               "commas and quotes there, or save the file again from the program that made it.")
                             % {"line": exc.lineno, "column": exc.colno}) from exc
    except (ValueError, RecursionError) as exc:  # NaN/Infinity; recursion is already bounded above
        raise JSONInputError(_("The JSON holds a value that is not a number (NaN or Infinity).")) from exc


def _refuse_constant(name: str):
    raise ValueError(name)

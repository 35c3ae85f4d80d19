"""The API's JSON parser: DRF's, with core.jsonlimits' depth limit and Korean messages."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from . import jsonlimits


class LimitedJSONParser(JSONParser):
    """DRF's JSONParser would answer RecursionError (500) to deep nesting and English parser talk to typos."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            return jsonlimits.loads(raw.decode(encoding))
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not %(encoding)s text.") % {"encoding": encoding}) from exc
        except jsonlimits.JSONInputError as exc:
            raise ParseError(str(exc)) from exc

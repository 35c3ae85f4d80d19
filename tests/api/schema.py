"""The OpenAPI document as /api/schema/ serves it, built in-process (no request, no database)."""

import json
from functools import cache

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


@cache
def openapi_document() -> str:
    return OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)).decode()


def openapi_dict() -> dict:
    return json.loads(openapi_document())

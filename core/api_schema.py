"""The API contract: error responses every endpoint can answer, and a page parameter that says what it refuses.

drf-spectacular documents only the 200 of an operation. `AutoSchema` adds, by method and permission,
the errors DRF itself produces, so a client (and schemathesis) knows every status it may get
(the page parameter's limits are in core/api_pagination.py):

- 400 when the operation takes a body or query filters (validation errors, unreadable JSON);
- 403 unless the view allows anyone (anonymous callers and wrong roles; CSRF failures on POST);
- 404 when the path names an object (another government's object is a 404 too) or the list is paged.

Views declare anything else (409 on state conflicts, another 400 shape) with `extend_schema(responses=...)`;
a code a view declares is never replaced, and a view with `api_error_codes` gets exactly those.
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """What DRF answers for 403, 404 and refused transitions: one message."""

    detail = serializers.CharField(help_text="A message for a person (Korean when the request asks for Korean).")
    field = serializers.CharField(required=False, allow_null=True,
                                  help_text="The field the message is about, when there is one.")

    class Meta:
        ref_name = "Error"


class ValidationErrorSerializer(serializers.Serializer):
    """Placeholder: the schema comes from ValidationErrorExtension (field names are not known in advance)."""

    class Meta:
        ref_name = "ValidationError"


class ValidationErrorExtension(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        error = auto_schema.resolve_serializer(ErrorSerializer, direction)
        return {
            "description": "Either one message (`detail`, e.g. unreadable JSON) or the messages per field "
                           "(`non_field_errors` for the whole request).",
            "anyOf": [
                error.ref,
                {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            ],
        }


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, serializer in self.default_error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return dict(sorted(responses.items()))

    def default_error_responses(self) -> dict[str, type[serializers.Serializer]]:
        errors = {}
        exact = getattr(self.view, "api_error_codes", None)
        if exact is not None:  # the view knows better than the rules below (e.g. it never refuses a value)
            return {code: ValidationErrorSerializer if code == "400" else ErrorSerializer for code in exact}
        if self._takes_input():
            errors["400"] = ValidationErrorSerializer
        if not self._allows_anyone():
            errors["403"] = ErrorSerializer
        if self._names_an_object() or self._is_paged_list():
            errors["404"] = ErrorSerializer
        return errors

    def _takes_input(self) -> bool:
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            return True
        names = {parameter["name"] for parameter in self._get_parameters() if parameter["in"] == "query"}
        return bool(names - {"page"})

    def _allows_anyone(self) -> bool:
        permissions = self.view.get_permissions()
        return bool(permissions) and all(isinstance(permission, AllowAny) for permission in permissions)

    def _names_an_object(self) -> bool:
        return "{" in self.path

    def _is_paged_list(self) -> bool:
        return self._is_list_view() and self._get_paginator() is not None

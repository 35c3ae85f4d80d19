"""The API's page numbers (kept apart from core/api_schema.py: DRF imports the pagination class early)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, with the refused values in the schema: a page below 1 (or past the end) is a 404."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
                parameter["description"] = "A page number from 1; a page past the last answers 404."
        return parameters

"""The API's answer for a path that names nothing: JSON like every other API error, not the HTML 404 page."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class ApiNotFoundView(APIView):
    """Any /api/ path no endpoint matches (a malformed id such as /api/stores/abc/ included)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    schema = None  # not an operation of the API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound  # for every method, before DRF looks for a handler (which would answer 405)

"""Data endpoints of the dashboard page and the wall screen (officials of the government only).

Bodies are built by selectors and cached as JSON bytes per government and cache
version; an aggregation run builds the next version's bodies, then switches to it
(services.publish_dashboard), so no request pays the rebuild.
"""

from django.http import Http404, HttpResponse, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.views import APIView

from accounts.permissions import IsOfficial
from core import public_bodies
from core.errors import DomainError

from . import selectors
from .months import month_key

MONTH_PARAM = OpenApiParameter(
    "month", {"type": "string", "pattern": r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"},
    description="YYYY-MM; default: the latest aggregated month. A month not aggregated (or none yet) answers 404.")
SCOPE_PARAM = OpenApiParameter(
    "scope", {"type": "string", "pattern": r"^(|government|dong:[0-9]+|district:[0-9]+)$"},
    description="government (the default) | dong:<id> | district:<id>; another government's answers 404.")


def documented(summary: str, *parameters):
    """The OpenAPI description of a dashboard endpoint's GET (a JSON object)."""
    return extend_schema_view(get=extend_schema(parameters=list(parameters), responses={200: OpenApiTypes.OBJECT},
                                                summary=summary))


def json_bytes(request, body: bytes) -> HttpResponse:
    """The cached JSON, gzipped once per worker (not per request), with an ETag: a repeat is a 304."""
    return public_bodies.respond(request, public_bodies.body_of(body, "application/json"))


class DashboardAPIView(APIView):
    permission_classes = [IsOfficial]
    api_error_codes = ("400", "403", "404")  # see get(): a DomainError or ValueError is a 400, Http404 a 404

    def get(self, request, *args, **kwargs):
        government = request.user.local_government
        try:
            return json_bytes(request, self.body(request, government, *args, **kwargs))
        except (DomainError, ValueError) as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        except Http404 as exc:
            return JsonResponse({"detail": str(exc) or "Not found."}, status=404)

    def month(self, request, government):
        return selectors.resolve_month(government, request.query_params.get("month"))

    def body(self, request, government, *args, **kwargs) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError


@documented("Districts with indicators (GeoJSON FeatureCollection)", MONTH_PARAM)
class DistrictsGeoJSONView(DashboardAPIView):
    """Designated districts: simplified boundaries with the month's indicators as properties."""

    def body(self, request, government):
        return selectors.districts_geojson_bytes(government, self.month(request, government))


@documented("Store markers (compact arrays)")
class StoresView(DashboardAPIView):
    """Open stores as compact arrays (fields + rows), not one GeoJSON feature per store."""

    api_error_codes = ("403",)  # no parameters, nothing to look up

    def body(self, request, government):
        return selectors.stores_json_bytes(government)


@documented("KPI cards", MONTH_PARAM)
class KpisView(DashboardAPIView):
    """The KPI cards of a month (and the government's indicators)."""

    def body(self, request, government):
        return selectors.kpis_bytes(government, self.month(request, government))


@documented("Monthly trends of a scope", SCOPE_PARAM)
class TrendsView(DashboardAPIView):
    """Monthly series of every indicator for the government, a dong or a district."""

    def body(self, request, government):
        scope, scope_id, name = selectors.parse_scope(government, request.query_params.get("scope"))
        return selectors.trends_bytes(government, scope, scope_id, name)


@documented("Breakdowns by dong", MONTH_PARAM)
class BreakdownsView(DashboardAPIView):
    """Franchise rate by dong and the business-type mix by dong, for the charts."""

    def body(self, request, government):
        month = self.month(request, government)
        return selectors.breakdowns_bytes(government, month)


@documented("District drill-down", MONTH_PARAM)
class DistrictDetailView(DashboardAPIView):
    """A district's drill-down: indicators, trend, stores and Onnuri applications."""

    def body(self, request, government, pk):
        month = self.month(request, government)
        return selectors.cached_json(government.pk, f"district:{pk}:{month_key(month)}",
                                     lambda: selectors.district_detail(government, pk, month))

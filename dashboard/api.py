"""Data endpoints of the dashboard page and the wall screen (officials of the government only).

Bodies are built by selectors and cached as JSON bytes per government and cache
version; an aggregation run bumps the version, so the next request rebuilds.
"""

from django.http import Http404, HttpResponse, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from accounts.permissions import IsOfficial
from core.errors import DomainError

from . import selectors
from .months import month_key

MONTH_PARAM = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default: the latest aggregated month")


def json_bytes(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "private, no-cache"
    return response


class DashboardAPIView(APIView):
    permission_classes = [IsOfficial]

    def get(self, request, *args, **kwargs):
        government = request.user.local_government
        try:
            return json_bytes(self.body(request, government, *args, **kwargs))
        except (DomainError, ValueError) as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        except Http404 as exc:
            return JsonResponse({"detail": str(exc) or "Not found."}, status=404)

    def month(self, request, government):
        return selectors.resolve_month(government, request.query_params.get("month"))

    def body(self, request, government, *args, **kwargs) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError


class DistrictsGeoJSONView(DashboardAPIView):
    """Designated districts: simplified boundaries with the month's indicators as properties."""

    @extend_schema(parameters=[MONTH_PARAM], responses={200: OpenApiTypes.OBJECT},
                   summary="Districts with indicators (GeoJSON FeatureCollection)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government):
        month = self.month(request, government)
        return selectors.cached_json(government.pk, f"districts:{month_key(month)}",
                                     lambda: selectors.districts_geojson(government, month))


class StoresView(DashboardAPIView):
    """Open stores as compact arrays (fields + rows), not one GeoJSON feature per store."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Store markers (compact arrays)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government):
        return selectors.cached_json(government.pk, "stores", lambda: selectors.stores_compact(government))


class KpisView(DashboardAPIView):
    """The KPI cards of a month (and the government's indicators)."""

    @extend_schema(parameters=[MONTH_PARAM], responses={200: OpenApiTypes.OBJECT}, summary="KPI cards")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government):
        month = self.month(request, government)
        return selectors.cached_json(government.pk, f"kpis:{month_key(month)}",
                                     lambda: selectors.kpis(government, month))


class TrendsView(DashboardAPIView):
    """Monthly series of every indicator for the government, a dong or a district."""

    @extend_schema(parameters=[OpenApiParameter("scope", OpenApiTypes.STR,
                                                description="government | dong:<id> | district:<id>")],
                   responses={200: OpenApiTypes.OBJECT}, summary="Monthly trends of a scope")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government):
        scope, scope_id, name = selectors.parse_scope(government, request.query_params.get("scope"))
        return selectors.cached_json(government.pk, f"trends:{scope}:{scope_id}",
                                     lambda: selectors.trends(government, scope, scope_id, name))


class BreakdownsView(DashboardAPIView):
    """Franchise rate by dong and the business-type mix by dong, for the charts."""

    @extend_schema(parameters=[MONTH_PARAM], responses={200: OpenApiTypes.OBJECT}, summary="Breakdowns by dong")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government):
        month = self.month(request, government)
        return selectors.cached_json(government.pk, f"breakdowns:{month_key(month)}",
                                     lambda: selectors.breakdowns(government, month))


class DistrictDetailView(DashboardAPIView):
    """A district's drill-down: indicators, trend, stores and Onnuri applications."""

    @extend_schema(parameters=[MONTH_PARAM], responses={200: OpenApiTypes.OBJECT}, summary="District drill-down")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def body(self, request, government, pk):
        month = self.month(request, government)
        return selectors.cached_json(government.pk, f"district:{pk}:{month_key(month)}",
                                     lambda: selectors.district_detail(government, pk, month))

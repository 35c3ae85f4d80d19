"""DRF API for officials: their government's tickets, and the hotline figures of a month for the dashboard."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsOfficial
from core import bounds

from . import selectors
from .models import Ticket


class TicketSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True)
    dong_name = serializers.CharField(source="dong.name", read_only=True, default=None)
    district_name = serializers.CharField(source="district.name", read_only=True, default=None)
    assignee_name = serializers.CharField(source="assignee.display_name", read_only=True, default=None)

    class Meta:
        model = Ticket
        fields = ["id", "category", "category_name", "description", "status", "lon", "lat", "address", "dong",
                  "dong_name", "district", "district_name", "store", "assignee", "assignee_name", "due_date",
                  "is_overdue", "merged_into", "reject_reason", "reporter_name", "reporter_phone", "reporter_email",
                  "source", "created_at", "updated_at", "closed_at"]
        read_only_fields = fields


class TicketViewSet(viewsets.ReadOnlyModelViewSet):
    """Tickets of the official's local government (another government's ticket is a 404).

    Filters: status (or `open`), category (code), dong, district (ids), age (3, 7, 30 days), overdue=1.
    """

    serializer_class = TicketSerializer
    permission_classes = [IsOfficial]
    queryset = Ticket.objects.none()  # for the schema; requests use get_queryset
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        params = self.request.query_params
        return selectors.queue(
            self.request.user.local_government, status=params.get("status", ""),
            category=params.get("category", ""),
            dong=params.get("dong", "") if bounds.parse_int(params.get("dong")) is not None else "",
            district=params.get("district", "") if bounds.parse_int(params.get("district")) is not None else "",
            age=params.get("age", ""), overdue=params.get("overdue") in ("1", "true"),
        ).select_related("store")


class HotlineStatsView(APIView):
    """Every hotline figure of a month and scope (see hotline.selectors.hotline_figures)."""

    permission_classes = [IsOfficial]

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: this month)"),
            OpenApiParameter("scope", OpenApiTypes.STR, enum=list(selectors.SCOPES)),
            OpenApiParameter("id", OpenApiTypes.INT, description="dong or district id for that scope"),
        ],
        responses={200: OpenApiTypes.OBJECT}, summary="Hotline figures of a month",
    )
    def get(self, request):
        government = request.user.local_government
        month = selectors.parse_month(request.query_params.get("month"))
        scope, scope_id, _label = selectors.resolve_scope(
            government, request.query_params.get("scope"), request.query_params.get("id"))
        return Response(selectors.hotline_figures(government, month, scope=scope, scope_id=scope_id).as_json())

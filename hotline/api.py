"""DRF API for officials: their government's tickets, and the hotline figures of a month for the dashboard."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsOfficial
from privacy.api import AccessLoggedViewMixin

from . import selectors
from .models import Ticket


class TicketSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True)
    dong_name = serializers.CharField(source="dong.name", read_only=True, default=None, allow_null=True)
    district_name = serializers.CharField(source="district.name", read_only=True, default=None, allow_null=True)
    assignee_name = serializers.CharField(source="assignee.display_name", read_only=True, default=None,
                                          allow_null=True)
    # Not format "email": a report without one returns "".
    reporter_email = serializers.CharField(read_only=True, help_text="The reporter's e-mail address; \"\" if none.")

    class Meta:
        model = Ticket
        fields = ["id", "category", "category_name", "description", "status", "lon", "lat", "address", "dong",
                  "dong_name", "district", "district_name", "store", "assignee", "assignee_name", "due_date",
                  "is_overdue", "merged_into", "reject_reason", "reporter_name", "reporter_phone", "reporter_email",
                  "source", "created_at", "updated_at", "closed_at"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", OpenApiTypes.STR,
                     description="One of " + ", ".join([*Ticket.Status.values, "open"]) + " (`open`: every status "
                                 "not closed); another value is ignored"),
    OpenApiParameter("category", OpenApiTypes.STR, description="Category code"),
    OpenApiParameter("dong", OpenApiTypes.STR, description="Dong id; anything but digits is ignored"),
    OpenApiParameter("district", OpenApiTypes.STR, description="Alley district id; anything but digits is ignored"),
    OpenApiParameter("age", OpenApiTypes.STR,
                     description="Filed at least N days ago: " + ", ".join(selectors.AGE_FILTERS)
                                 + "; another value is ignored"),
    OpenApiParameter("overdue", OpenApiTypes.STR, description="`1` or `true`: only tickets past their due date"),
]))
class TicketViewSet(AccessLoggedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Tickets of the official's local government (another government's ticket is a 404).

    Filters: status (or `open`), category (code), dong, district (ids), age (3, 7, 30 days), overdue=1.
    """

    serializer_class = TicketSerializer
    permission_classes = [IsOfficial]
    access_log_record_type = "hotline.ticket"  # reporters' names, phones and e-mails
    queryset = Ticket.objects.none()  # for the schema; requests use get_queryset
    api_error_codes = ("403", "404")  # unknown filter values are ignored, never refused

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        params = self.request.query_params

        def plain_id(name):  # "²".isdigit() is true too; only ASCII digits make an id
            value = params.get(name, "")
            return value if value.isascii() and value.isdigit() else ""

        return selectors.queue(
            self.request.user.local_government, status=params.get("status", ""),
            category=params.get("category", ""),
            dong=plain_id("dong"), district=plain_id("district"),
            age=params.get("age", ""), overdue=params.get("overdue") in ("1", "true"),
        ).select_related("store")


class HotlineStatsView(APIView):
    """Every hotline figure of a month and scope (see hotline.selectors.hotline_figures)."""

    permission_classes = [IsOfficial]
    api_error_codes = ("403",)  # an unreadable month means this month, an unknown id the whole government

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: this month)"),
            OpenApiParameter("scope", OpenApiTypes.STR,
                             description=", ".join(selectors.SCOPES) + "; another value means government"),
            OpenApiParameter("id", OpenApiTypes.STR,
                             description="dong or district id for that scope; another value means government"),
        ],
        responses={200: OpenApiTypes.OBJECT}, summary="Hotline figures of a month",
    )
    def get(self, request):
        government = request.user.local_government
        month = selectors.parse_month(request.query_params.get("month"))
        scope, scope_id, _label = selectors.resolve_scope(
            government, request.query_params.get("scope"), request.query_params.get("id"))
        return Response(selectors.hotline_figures(government, month, scope=scope, scope_id=scope_id).as_json())

"""REST API of the Onnuri programme (DRF). Thin: reads through selectors, writes through services.

- /api/applications/    merchants see their own, officials their government's; decisions as actions
- /api/franchises/      officials: their government's franchises
- /api/onnuri-stores/   anyone: active franchise stores as GeoJSON, no private fields
"""

from django.db.models import Count
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsMerchant, IsOfficial, IsOfficialOrMerchant
from core.api_schema import ErrorSerializer, ValidationErrorSerializer
from core.errors import DomainError, TransitionError
from privacy.api import AccessLoggedViewMixin

from . import eligibility, selectors, services
from .forms import FinderForm
from .models import Franchise, FranchiseApplication
from .views.common import public_government


class RuleResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    message = serializers.CharField()


def _status_help(choices) -> str:
    return "One of: " + ", ".join(f"{value} ({label})" for value, label in choices)


class ApplicationSerializer(serializers.ModelSerializer):
    store = serializers.SerializerMethodField()
    # Plain strings (listed in the help text) rather than enums: every app has a "status" enum of its own.
    status = serializers.CharField(read_only=True, help_text=_status_help(FranchiseApplication.Status.choices))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    document_count = serializers.IntegerField(read_only=True)
    eligibility = RuleResultSerializer(many=True, read_only=True,
                                       help_text="Recorded at the last submission or decision.")

    class Meta:
        model = FranchiseApplication
        fields = ["id", "store", "status", "status_display", "kinds", "declared_revenue_won", "submitted_at",
                  "decided_at", "eligibility", "document_count", "version", "created_at", "updated_at"]

    def get_store(self, application) -> dict:
        store = application.store
        return {"id": store.pk, "name": str(store), "dong": store.dong.name if store.dong else ""}


class ApplicationDetailSerializer(ApplicationSerializer):
    current_eligibility = serializers.SerializerMethodField(help_text="Checked now, with the declared revenue.")

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "current_eligibility"]

    def get_current_eligibility(self, application) -> list[dict]:
        return eligibility.as_dicts(eligibility.check_eligibility(
            application.store, declared_revenue_won=application.declared_revenue_won))


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="The note, supplement request or reason the decision carries.")

    class Meta:
        ref_name = "DecisionMessage"


def _message(request) -> str:
    """The decision's message from a JSON object or form body; anything else (a list, a number) is a 400."""
    serializer = MessageSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["message"]


def _domain_error_response(exc: DomainError) -> Response:
    code = status.HTTP_409_CONFLICT if isinstance(exc, TransitionError) else status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(exc), "field": exc.field}, status=code)


# A refused decision is a 400 (with the field), a decision the current status does not allow a 409.
DECISION_RESPONSES = {200: ApplicationDetailSerializer, 400: ErrorSerializer, 409: ErrorSerializer}
# With a body, a 400 may also be the body's own field errors.
DECISION_WITH_MESSAGE_RESPONSES = {**DECISION_RESPONSES, 400: ValidationErrorSerializer}


class ApplicationViewSet(AccessLoggedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Franchise applications. Decisions go through the same services as the web pages."""

    permission_classes = [IsOfficialOrMerchant]
    access_log_record_type = "giftcerts.franchiseapplication"
    queryset = FranchiseApplication.objects.none()  # for the schema; get_queryset scopes by user
    filterset_fields = ["status"]

    def get_queryset(self):
        return (selectors.visible_applications(self.request.user).annotate(document_count=Count("documents"))
                .prefetch_related(None).order_by("-created_at", "-id"))

    def get_serializer_class(self):
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer

    def _act(self, service, **kwargs):
        application = self.get_object()
        try:
            service(application_id=application.pk, **kwargs)
        except DomainError as exc:
            return _domain_error_response(exc)
        application = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationDetailSerializer(application).data)

    @extend_schema(request=MessageSerializer, responses=DECISION_WITH_MESSAGE_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficial])
    def approve(self, request, pk=None):
        return self._act(services.application_approve, official=request.user,
                         note=_message(request))

    @extend_schema(request=MessageSerializer, responses=DECISION_WITH_MESSAGE_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficial], url_path="request-supplement")
    def request_supplement(self, request, pk=None):
        return self._act(services.application_request_supplement, official=request.user,
                         message=_message(request))

    @extend_schema(request=MessageSerializer, responses=DECISION_WITH_MESSAGE_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficial])
    def reject(self, request, pk=None):
        return self._act(services.application_reject, official=request.user, reason=_message(request))

    @extend_schema(request=None, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsMerchant])
    def submit(self, request, pk=None):
        return self._act(services.application_submit, merchant=request.user)

    @extend_schema(request=MessageSerializer, responses=DECISION_WITH_MESSAGE_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsMerchant])
    def withdraw(self, request, pk=None):
        return self._act(services.application_withdraw, merchant=request.user,
                         reason=_message(request))


class FranchiseSerializer(serializers.ModelSerializer):
    store = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=_status_help(Franchise.Status.choices))
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Franchise
        fields = ["id", "number", "store", "kinds", "valid_from", "valid_until", "status", "status_display",
                  "cancelled_at", "cancel_reason", "ban_until", "renewal_reminder_sent_at", "application"]

    def get_store(self, franchise) -> dict:
        store = franchise.store
        return {"id": store.pk, "name": str(store), "dong": store.dong.name if store.dong else ""}


class FranchiseViewSet(AccessLoggedViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """The official's government's franchises."""

    permission_classes = [IsOfficial]
    access_log_record_type = "giftcerts.franchise"
    serializer_class = FranchiseSerializer
    queryset = Franchise.objects.none()  # for the schema; get_queryset scopes by user
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Franchise.objects.none()
        return selectors.official_franchises(self.request.user)


# The finder form's own error list (Django's Form.errors.get_json_data()) under "detail".
FINDER_ERRORS = {"type": "object", "required": ["detail"], "properties": {"detail": {
    "type": "object", "description": "Messages per parameter",
    "additionalProperties": {"type": "array", "items": {
        "type": "object", "required": ["message", "code"],
        "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}}}}}


class OnnuriStoresView(APIView):
    """Stores with an active Onnuri franchise, as a GeoJSON FeatureCollection. Public: no business
    number, owner or revenue. Filters: q (name), major (대분류 code), dong (id), kind, lat+lon (sort by
    distance, adds distance_m)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Onnuri franchise stores (GeoJSON FeatureCollection)",
        parameters=[
            OpenApiParameter("q", {"type": "string", "maxLength": 100}, description="Part of the store name"),
            OpenApiParameter("major", OpenApiTypes.STR, description="A SEMAS 대분류 code (another code: 400)"),
            OpenApiParameter("dong", OpenApiTypes.INT, description="A dong id of the government (another id: 400)"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["paper", "card", "mobile"]),
            OpenApiParameter("lat", {"type": "number", "minimum": 33, "maximum": 39},
                             description="With lon: sort by distance from this point"),
            OpenApiParameter("lon", {"type": "number", "minimum": 124, "maximum": 132}),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: FINDER_ERRORS},
    )
    def get(self, request):
        from merchants.models import IndustryCategory

        government = public_government(request)
        majors = IndustryCategory.objects.filter(level=IndustryCategory.Level.MAJOR)
        form = FinderForm(request.GET or None, local_government=government, majors=majors)
        if request.GET and not form.is_valid():
            return Response({"detail": form.errors.get_json_data()}, status=status.HTTP_400_BAD_REQUEST)
        filters = form.cleaned_data if request.GET else {}
        near = form.near() if request.GET else None
        if government is None:
            return Response({"type": "FeatureCollection", "features": []})
        franchises = selectors.finder_franchises(
            government, q=filters.get("q") or "", major=filters.get("major") or "", dong_id=filters.get("dong"),
            kind=filters.get("kind") or "", near=near)
        return Response(selectors.onnuri_feature_collection(franchises, near))

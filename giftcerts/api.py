"""REST API of the Onnuri programme (DRF). Thin: reads through selectors, writes through services.

- /api/applications/    merchants see their own, officials their government's; decisions as actions
- /api/franchises/      officials: their government's franchises
- /api/onnuri-stores/   anyone: active franchise stores as compact arrays, no private fields
"""

import json
import re

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsMerchant, IsOfficial, IsOfficialOrMerchant
from core import public_bodies
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


FINDER_PAGE_SIZE = 5000  # rows per page: a large government's map loads page by page (or by viewport)

FINDER_COMPACT = {
    "type": "object", "required": ["fields", "rows", "count", "page", "pages", "page_size"],
    "properties": {
        "fields": {"type": "array", "items": {"type": "string"},
                   "description": "Column names of each row: " + ", ".join(selectors.FINDER_FIELDS)
                                  + " (and distance_m with lat+lon)"},
        "rows": {"type": "array", "items": {"type": "array", "items": {}},
                 "description": "One array per store, in the order of `fields`; kinds is a list of codes"},
        "count": {"type": "integer", "description": "Stores matching, over all pages"},
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "page_size": {"type": "integer"},
    }}

BBOX_PATTERN = r"^(-?[0-9]{1,3}(\.[0-9]+)?(,-?[0-9]{1,3}(\.[0-9]+)?){3})?$"  # empty: no viewport


def _bad_parameter(name: str, message: str) -> Response:
    return Response({"detail": {name: [{"message": message, "code": "invalid"}]}}, status=status.HTTP_400_BAD_REQUEST)


def _parse_bbox(raw: str):
    if not re.fullmatch(BBOX_PATTERN, raw):  # what the schema says, no more (float() would take "1e5", "nan")
        return None
    west, south, east, north = (float(part) for part in raw.split(","))
    if not (west <= east and south <= north):
        return None
    return west, south, east, north


class OnnuriStoresView(APIView):
    """Stores with an active Onnuri franchise, in a compact form: `fields` names the columns, `rows` holds
    one array per store. Public: no business number, owner or revenue. Filters: q (name), major
    (대분류 code), dong (id), kind, bbox (the map's viewport), lat+lon (sort by distance, adds
    distance_m); `page` when there are more than page_size stores. The unfiltered body is built once
    per data version and answered with ETag/Last-Modified (a repeat visit is a 304)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Onnuri franchise stores (compact arrays)",
        parameters=[
            OpenApiParameter("q", {"type": "string", "maxLength": 100}, description="Part of the store name"),
            OpenApiParameter("major", OpenApiTypes.STR, description="A SEMAS 대분류 code (another code: 400)"),
            OpenApiParameter("dong", OpenApiTypes.INT, description="A dong id of the government (another id: 400)"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["paper", "card", "mobile"]),
            OpenApiParameter("lat", {"type": "number", "minimum": 33, "maximum": 39},
                             description="With lon: sort by distance from this point"),
            OpenApiParameter("lon", {"type": "number", "minimum": 124, "maximum": 132}),
            OpenApiParameter("bbox", {"type": "string", "pattern": BBOX_PATTERN},
                             description="west,south,east,north in degrees: only stores inside"),
            OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 1000000},
                             description="1 (the default) to `pages`; past the last page: no rows"),
        ],
        responses={200: FINDER_COMPACT, 304: None, 400: FINDER_ERRORS},
    )
    def get(self, request):
        from merchants.models import IndustryCategory

        government = public_government(request)
        params = request.GET.copy()
        page_raw = params.pop("page", ["1"])[-1]
        if not (page_raw.isascii() and page_raw.isdecimal() and 1 <= int(page_raw) <= 1_000_000):
            return _bad_parameter("page", _("Enter a page number from 1."))
        page = int(page_raw)
        bbox_raw = params.pop("bbox", [""])[-1]
        bbox = _parse_bbox(bbox_raw) if bbox_raw else None
        if bbox_raw and bbox is None:
            return _bad_parameter("bbox", _("Give four numbers: west,south,east,north (degrees)."))
        filters, near = {}, None
        if params:
            majors = IndustryCategory.objects.filter(level=IndustryCategory.Level.MAJOR)
            form = FinderForm(params, local_government=government, majors=majors)
            if not form.is_valid():
                return Response({"detail": form.errors.get_json_data()}, status=status.HTTP_400_BAD_REQUEST)
            filters, near = form.cleaned_data, form.near()
        if government is None:
            return Response({"fields": list(selectors.FINDER_FIELDS), "rows": [], "count": 0, "page": page,
                             "pages": 1, "page_size": FINDER_PAGE_SIZE})

        def build() -> bytes:
            franchises = selectors.finder_franchises(
                government, q=filters.get("q") or "", major=filters.get("major") or "",
                dong_id=filters.get("dong"), kind=filters.get("kind") or "", near=near, bbox=bbox)
            count = franchises.count()
            start = (page - 1) * FINDER_PAGE_SIZE
            rows = franchises[start:start + FINDER_PAGE_SIZE] if start < count else []
            body = selectors.onnuri_compact(rows, near, count=count, page=page, page_size=FINDER_PAGE_SIZE,
                                            pages=max(1, -(-count // FINDER_PAGE_SIZE)))
            return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

        # Kept: the plain list and the dropdown filters (few variants); free text, viewports and
        # points are too many to keep, they get the same validators but are built each time.
        keep = near is None and bbox is None and not filters.get("q")
        variant = "|".join(f"{k}={filters.get(k) or ''}" for k in ("major", "dong", "kind")) + f"|page={page}"
        body = public_bodies.get_body(local_government_id=government.pk, name="onnuri-stores", build=build,
                                      content_type="application/json", variant=variant, store=keep)
        return public_bodies.respond(request, body)

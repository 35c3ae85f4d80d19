from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsOfficial
from core import bounds
from core.errors import DomainError

from . import selectors, services
from .filters import DistrictFilter
from .models import District


class DongFeatureCollectionView(APIView):
    """The dongs of the caller's local government as a GeoJSON FeatureCollection.

    Officials get their own government's dongs; other logged-in users the
    default government's (boundaries are public data). Anonymous: 403.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict}, summary="Administrative dongs (GeoJSON FeatureCollection)")
    def get(self, request):
        government = request.user.local_government if request.user.is_official else \
            selectors.default_local_government()
        dongs = selectors.dongs_of(government) if government else []
        return Response(selectors.dongs_feature_collection(dongs))


# --- Districts ------------------------------------------------------------------------------------

class CriteriaCheckRequestSerializer(serializers.Serializer):
    boundary = serializers.JSONField(help_text="GeoJSON Polygon or MultiPolygon (WGS84), a Feature, or a "
                                               "one-feature FeatureCollection.")
    organization_name = serializers.CharField(required=False, allow_blank=True, default="")
    merchants_total = serializers.IntegerField(required=False, min_value=0, max_value=bounds.MAX_COUNT, default=0)
    merchants_consenting = serializers.IntegerField(required=False, min_value=0, max_value=bounds.MAX_COUNT,
                                                    default=0)
    district = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                        max_value=bounds.MAX_INTEGER,
                                        help_text="The district being edited: its own boundary is no overlap.")


class CriterionSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["within_government", "store_density", "consent", "organization",
                                           "no_overlap"])
    label = serializers.CharField()
    passed = serializers.BooleanField()
    waivable = serializers.BooleanField(help_text="An ordinance exception with a written reason may waive it.")
    message = serializers.CharField()
    values = serializers.DictField(help_text="The numbers behind the result.")


class CriteriaResultSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    area_m2 = serializers.FloatField(help_text="Area in m², computed in EPSG:5186.")
    open_stores = serializers.IntegerField()
    required_stores = serializers.IntegerField()
    dong_ids = serializers.ListField(child=serializers.IntegerField())
    criteria = CriterionSerializer(many=True)


class DistrictPropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=District.Status.choices)
    status_label = serializers.CharField()
    colour = serializers.CharField()
    store_count = serializers.IntegerField(help_text="Open stores inside the boundary at the last change.")
    area_m2 = serializers.FloatField()
    dongs = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(help_text="The district's page.")


class DistrictFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(default="Feature")
    id = serializers.IntegerField()
    geometry = serializers.DictField(help_text="GeoJSON Polygon or MultiPolygon (WGS84).")
    properties = DistrictPropertiesSerializer()


class DistrictDetailPropertiesSerializer(DistrictPropertiesSerializer):
    organization_name = serializers.CharField()
    organization_representative = serializers.CharField()
    organization_contact = serializers.CharField()
    merchants_total = serializers.IntegerField(
        help_text="Counted from the consent records when the district has any (see consent_source), else typed.")
    merchants_consenting = serializers.IntegerField()
    consent_source = serializers.ChoiceField(
        choices=["records", "typed"],
        help_text="records: computed from per-store consent records; typed: the counts typed on the district "
                  "(legacy figure).")
    designated_on = serializers.DateField(allow_null=True)
    notice_number = serializers.CharField()
    exception_reason = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    revocation_ground = serializers.CharField()
    revocation_text = serializers.CharField()
    version = serializers.IntegerField()
    stores_assigned = serializers.IntegerField()


class DistrictDetailFeatureSerializer(DistrictFeatureSerializer):
    properties = DistrictDetailPropertiesSerializer()


class DistrictFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(default="FeatureCollection")
    features = DistrictFeatureSerializer(many=True)


def _official_districts(request):
    return selectors.districts_of(request.user.local_government)


class DistrictCheckView(APIView):
    """Check a boundary against the official's government's designation criteria (nothing is saved).

    For a saved `district` that has consent records, the consent is counted from the records for this
    boundary and the typed counts sent are ignored (the criterion's values say which source was used)."""

    permission_classes = [IsOfficial]
    api_error_codes = ("400", "403", "404")  # 404: `district` is not one of the official's districts

    @extend_schema(request=CriteriaCheckRequestSerializer, responses={200: CriteriaResultSerializer},
                   summary="Check a district boundary against the designation criteria",
                   operation_id="districts_check")
    def post(self, request):
        serializer = CriteriaCheckRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        exclude = data["district"]
        if exclude is not None and not _official_districts(request).filter(pk=exclude).exists():
            raise NotFound()
        consent = {"merchants_total": data["merchants_total"], "merchants_consenting": data["merchants_consenting"]}
        try:
            if exclude is not None:
                # A saved district with consent records: the records, counted for this boundary, win.
                district = _official_districts(request).select_related("local_government").get(pk=exclude)
                recorded = selectors.district_consent(district, services.parse_boundary(data["boundary"]))
                if recorded.recorded:
                    consent = {"merchants_total": recorded.merchants_total,
                               "merchants_consenting": recorded.merchants_consenting,
                               "consent_source": recorded.source, "consent_source_label": recorded.source_label}
            result = services.district_check_criteria(
                local_government=request.user.local_government, boundary=data["boundary"],
                organization_name=data["organization_name"], exclude_district_id=exclude, **consent)
        except DomainError as exc:
            raise ValidationError({exc.field or "non_field_errors": [str(exc)]}) from exc
        return Response(result.as_dict())


class StoresBoundaryRequestSerializer(serializers.Serializer):
    stores = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=bounds.MAX_INTEGER),
                                   allow_empty=False, max_length=services.BOUNDARY_FROM_STORES_MAX,
                                   help_text="Ids of the official's government's stores.")


class StoresBoundaryView(APIView):
    """A boundary around stores the official picked (the district form's keyboard alternative to drawing).
    Nothing is saved."""

    permission_classes = [IsOfficial]
    api_error_codes = ("400", "403")

    @extend_schema(request=StoresBoundaryRequestSerializer, responses={200: dict},
                   summary="Build a district boundary around chosen stores",
                   operation_id="districts_boundary_from_stores")
    def post(self, request):
        serializer = StoresBoundaryRequestSerializer(data=request.data)
        if not serializer.is_valid():
            # A list's item errors come keyed by index; the error schema is {field: [messages]}.
            raise ValidationError({field: list(dict.fromkeys(sum(errors.values(), []))) if isinstance(errors, dict)
                                   else errors for field, errors in serializer.errors.items()})
        try:
            result = services.district_boundary_from_stores(local_government=request.user.local_government,
                                                            store_ids=serializer.validated_data["stores"])
        except DomainError as exc:
            raise ValidationError({exc.field or "non_field_errors": [str(exc)]}) from exc
        return Response({"boundary": result.boundary, "store_count": result.store_count, "area_m2": result.area_m2})


class StorePickerSearchView(APIView):
    """The official's government's stores (with a location) matching a name or address, at most 20."""

    permission_classes = [IsOfficial]
    api_error_codes = ("400", "403")

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Part of a store's name or address.")],
                   responses={200: dict}, summary="Find stores for the boundary picker",
                   operation_id="districts_store_picker")
    def get(self, request):
        from core.search import too_long, too_long_message

        query = request.query_params.get("q", "")
        if too_long(query):
            raise ValidationError({"q": [too_long_message(query)]})
        return Response({"results": selectors.stores_for_boundary_picker(request.user.local_government, query)})


class DistrictListView(APIView):
    """The official's districts as a GeoJSON FeatureCollection (boundaries simplified to about 1 m)."""

    permission_classes = [IsOfficial]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Part of the name or code"),
            OpenApiParameter("status", str, enum=District.Status.values),
            OpenApiParameter("dong", {"type": "string", "pattern": "^([0-9]{8})?$"},
                             description="8-digit administrative dong code of the government (another: 400)"),
            OpenApiParameter("stores_min", {"type": "number", "minimum": 0},
                             description="At least this many open stores inside"),
            OpenApiParameter("stores_max", {"type": "number", "minimum": 0},
                             description="At most this many open stores inside"),
        ],
        responses={200: DistrictFeatureCollectionSerializer},
        summary="Alley districts (GeoJSON FeatureCollection)", operation_id="districts_list",
    )
    def get(self, request):
        filterset = DistrictFilter(request.GET, queryset=_official_districts(request), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(selectors.districts_feature_collection(selectors.district_rows(filterset.qs)))


class DistrictDetailView(APIView):
    """One district as a GeoJSON Feature with its full boundary and designation facts."""

    permission_classes = [IsOfficial]

    @extend_schema(responses={200: DistrictDetailFeatureSerializer}, summary="One alley district (GeoJSON Feature)",
                   operation_id="districts_retrieve")
    def get(self, request, pk):
        district = get_object_or_404(_official_districts(request).prefetch_related("dongs"), pk=pk)
        feature = selectors.district_feature(district)
        consent = selectors.district_consent(district)
        feature["properties"].update({
            "organization_name": district.organization_name,
            "organization_representative": district.organization_representative,
            "organization_contact": district.organization_contact,
            "merchants_total": consent.merchants_total, "merchants_consenting": consent.merchants_consenting,
            "consent_source": consent.source,
            "designated_on": district.designated_on, "notice_number": district.notice_number,
            "exception_reason": district.exception_reason, "revoked_on": district.revoked_on,
            "revocation_ground": district.revocation_ground, "revocation_text": district.revocation_text,
            "version": district.version, "stores_assigned": district.stores.count(),
        })
        return Response(feature)

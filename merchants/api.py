"""/api/stores/: officials read their government's stores, merchants only their own; anonymous 403."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from accounts.permissions import IsOfficialOrMerchant
from core.api_pagination import PageNumberPagination
from core.paginator import CountLightPaginator
from privacy.api import AccessLoggedViewMixin

from . import bizno, selectors
from .filters import StoreFilter
from .models import IndustryCategory, Store


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryCategory
        fields = ["code", "name", "level"]


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class StoreSerializer(serializers.ModelSerializer):
    industry = IndustrySerializer(allow_null=True)
    industry_path = serializers.SerializerMethodField(help_text="대분류 › 중분류 › 소분류 down to the store's category")
    business_number_display = serializers.SerializerMethodField(help_text="XXX-XX-XXXXX")
    dong = PlaceSerializer(allow_null=True)
    district = PlaceSerializer(allow_null=True)
    claimed = serializers.SerializerMethodField(help_text="A merchant manages this store")
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Store
        fields = ["id", "source", "external_id", "name", "branch", "industry", "industry_path", "market_name",
                  "business_number", "business_number_display", "road_address", "lot_address", "floor", "phone",
                  "opening_hours", "lon", "lat", "dong", "district", "status", "opened_on", "closed_on",
                  "needs_review", "review_note", "claimed", "photo_url", "version", "updated_at"]
        read_only_fields = fields

    def get_industry_path(self, store) -> list[dict]:
        return [{"code": c.code, "name": c.name} for c in store.industry_path]

    def get_business_number_display(self, store) -> str:
        return bizno.format_number(store.business_number) if store.business_number else ""

    def get_claimed(self, store) -> bool:
        return store.owner_id is not None

    def get_photo_url(self, store) -> str | None:
        return reverse("merchants:store_photo", args=[store.pk]) if store.photo else None


class StorePagination(PageNumberPagination):
    django_paginator_class = CountLightPaginator  # a search with fewer hits than a page is not counted


@extend_schema_view(
    list=extend_schema(summary="Stores (officials: their government's; merchants: their own)", parameters=[
        # django-filter reads anything but true/false as "any", so the schema does not promise a boolean.
        OpenApiParameter("needs_review", OpenApiTypes.STR, description="`true` or `false`; another value: any"),
    ]),
    retrieve=extend_schema(summary="One store"),
)
class StoreViewSet(AccessLoggedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = StoreSerializer
    permission_classes = [IsOfficialOrMerchant]
    access_log_record_type = "merchants.store"  # owners' business numbers
    filterset_class = StoreFilter
    pagination_class = StorePagination

    def get_queryset(self):
        return selectors.with_list_relations(selectors.stores_visible_to(self.request.user)).order_by("name", "id")

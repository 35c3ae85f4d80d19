from django import forms
from django.contrib import admin

from .models import AdministrativeDong, DesignationEvent, District, LocalGovernment
from .widgets import LeafletGeoJSONWidget


class BoundaryAdminForm(forms.ModelForm):
    class Meta:
        widgets = {"boundary": LeafletGeoJSONWidget(geom_type="Geometry", include_media=True)}


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "min_stores", "reference_area_m2", "consent_ratio")
    search_fields = ("code", "name")


@admin.register(AdministrativeDong)
class AdministrativeDongAdmin(admin.ModelAdmin):
    form = BoundaryAdminForm
    list_display = ("code", "name", "local_government", "area_m2")
    list_filter = ("local_government",)
    list_select_related = ("local_government",)
    search_fields = ("code", "name")
    readonly_fields = ("area_m2", "min_lon", "min_lat", "max_lon", "max_lat")


class DesignationEventInline(admin.TabularInline):
    model = DesignationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through districts.services, never a raw admin save."""

    form = BoundaryAdminForm
    list_display = ("code", "name", "local_government", "status", "designated_on", "area_m2")
    list_filter = ("local_government", "status")
    list_select_related = ("local_government",)
    search_fields = ("code", "name", "organization_name")
    readonly_fields = ("status", "version", "area_m2", "designated_on", "notice_number", "revoked_on",
                       "revocation_ground", "revocation_text", "min_lon", "min_lat", "max_lon", "max_lat")
    filter_horizontal = ("dongs",)
    inlines = [DesignationEventInline]

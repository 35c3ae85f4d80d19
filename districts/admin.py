from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    """Read-only: every change of a district goes through districts.services (officials'
    pages, API), which lock, check the criteria, re-assign stores and record the event.
    A raw admin save would bypass all of that, so the admin only shows."""

    list_display = ("code", "name", "local_government", "status", "designated_on", "area_m2", "store_count")
    list_filter = ("local_government", "status")
    list_select_related = ("local_government",)
    search_fields = ("code", "name", "organization_name")
    fields = ("local_government", "code", "name", "status", "boundary_map", "area_m2", "store_count", "dongs",
              "organization_name", "organization_representative", "organization_contact", "merchants_total",
              "merchants_consenting", "designated_on", "notice_number", "exception_reason", "revoked_on",
              "revocation_ground", "revocation_text", "version", "created_by", "created_at", "updated_at")
    readonly_fields = fields
    inlines = [DesignationEventInline]

    @property
    def media(self):
        # The read-only boundary map needs Leaflet; resolved per request (static URLs need the manifest).
        return super().media + LeafletGeoJSONWidget(include_media=True).media

    @admin.display(description=_("boundary"))
    def boundary_map(self, obj):
        widget = LeafletGeoJSONWidget(geom_type="Geometry", modifiable=False)
        return widget.render("boundary", obj.boundary, attrs={"id": f"id_boundary_{obj.pk}"})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import PerceptionResponse


@admin.register(PerceptionResponse)
class PerceptionResponseAdmin(admin.ModelAdmin):
    """Read-only: answers come from residents through perception.services (and the demo)."""

    list_display = ("id", "local_government", "district", "period", "satisfaction", "onnuri_usability", "recommend",
                    "age_band", "is_synthetic")
    list_filter = ("local_government", "period", "is_synthetic", "age_band")
    list_select_related = ("local_government", "district")
    readonly_fields = [field.name for field in PerceptionResponse._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import SalesImport, SalesRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    """Recorded rows: looked at in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SalesImport)
class SalesImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "local_government", "uploaded_by", "status", "created_count", "updated_count",
                    "unchanged_count", "rejected_count", "created_at")
    list_filter = ("local_government", "status")
    exclude = ("content",)


@admin.register(SalesRevision)
class SalesRevisionAdmin(ReadOnlyAdmin):
    list_display = ("report", "actor", "source", "before", "after", "reason", "created_at")
    list_filter = ("source",)
    raw_id_fields = ("report",)

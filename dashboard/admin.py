from django.contrib import admin

from .models import MetricSnapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    """Computed or recorded rows: looked at in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("local_government", "month", "scope", "scope_id", "open_stores", "franchise_stores",
                    "franchise_rate", "eligible_stores", "franchise_rate_eligible", "total_sales_won", "sales_yoy",
                    "computed_at")
    list_filter = ("local_government", "scope", "month")
    date_hierarchy = "month"


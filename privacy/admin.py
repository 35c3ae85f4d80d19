"""The access log in the admin: read-only (no add, change or delete, not even for superusers)."""

from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_username", "actor_role", "ip_address", "action", "record_type", "record_id",
                    "record_label"]
    list_filter = ["action", "record_type", "actor_role"]
    search_fields = ["actor_username", "record_label", "record_id", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AccessLog._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import DemoData, Heartbeat, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: operators look at waiting and failed follow-ups; the relay and the worker change them."""

    list_display = ("pk", "task_name", "status", "attempts", "not_before", "created_at", "done_at", "request_id")
    list_filter = ("status", "task_name")
    search_fields = ("task_name", "dedupe_key", "request_id", "last_error")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "beat_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DemoData)
class DemoDataAdmin(admin.ModelAdmin):
    """seed_demo writes it; an operator who cleared the demo records may delete it (the banner goes)."""

    list_display = ("seeded_at", "seed")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

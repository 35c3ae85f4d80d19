from django.contrib import admin

from .models import FundingLine, Milestone, OutcomeFigure, ProjectEvent, SpecialProject


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class FigureInline(admin.TabularInline):
    model = OutcomeFigure
    extra = 0


class EventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_status", "to_status", "actor", "reason", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SpecialProject)
class SpecialProjectAdmin(admin.ModelAdmin):
    """Read and correct records; status changes go through the officials' pages (projects.services)."""

    list_display = ("title", "local_government", "type", "status", "planned_start", "planned_end", "is_synthetic")
    list_filter = ("local_government", "type", "status", "is_synthetic")
    search_fields = ("title",)
    filter_horizontal = ("districts",)
    readonly_fields = ("status", "actual_start", "actual_end", "version", "created_by", "created_at", "updated_at")
    inlines = [FundingLineInline, MilestoneInline, FigureInline, EventInline]

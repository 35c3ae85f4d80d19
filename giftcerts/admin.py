"""Admin: the rule data is edited here (restricted business types, recognised markets,
document requirements). Applications and franchises are shown read-only: their status
changes only through the services (the review pages and the API)."""

from django.contrib import admin

from .models import (
    ApplicationDocument,
    ApplicationEvent,
    DocumentRequirement,
    Franchise,
    FranchiseApplication,
    FranchiseEvent,
    InfoSession,
    OutreachVisit,
    RecognisedMarket,
    RestrictedBusinessType,
    SessionRegistration,
    SmsLog,
)


@admin.register(RestrictedBusinessType)
class RestrictedBusinessTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "legal_ground", "active")
    list_filter = ("active", "category")
    search_fields = ("code", "name", "category")


@admin.register(RecognisedMarket)
class RecognisedMarketAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "local_government", "store_count", "active")
    list_filter = ("kind", "local_government", "active")
    search_fields = ("name", "road_address")
    readonly_fields = ("match_keys",)


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "local_government", "required", "active", "order")
    list_filter = ("local_government", "required", "active")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ("kind", "original_name", "content_type", "size_bytes", "uploaded_at")
    readonly_fields = fields


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ("created_at", "from_status", "to_status", "actor", "message", "notified_at")
    readonly_fields = fields


@admin.register(FranchiseApplication)
class FranchiseApplicationAdmin(admin.ModelAdmin):
    list_display = ("id", "store", "applicant", "status", "submitted_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("store__name", "applicant__username")
    list_select_related = ("store", "applicant")
    readonly_fields = [f.name for f in FranchiseApplication._meta.fields]
    inlines = [DocumentInline, ApplicationEventInline]

    def has_add_permission(self, request):
        return False


class FranchiseEventInline(ReadOnlyInline):
    model = FranchiseEvent
    fields = ("created_at", "from_status", "to_status", "actor", "message")
    readonly_fields = fields


@admin.register(Franchise)
class FranchiseAdmin(admin.ModelAdmin):
    list_display = ("number", "store", "status", "valid_from", "valid_until", "ban_until")
    list_filter = ("status",)
    search_fields = ("number", "store__name")
    list_select_related = ("store",)
    readonly_fields = [f.name for f in Franchise._meta.fields]
    inlines = [FranchiseEventInline]

    def has_add_permission(self, request):
        return False


class RegistrationInline(admin.TabularInline):
    model = SessionRegistration
    extra = 0
    fields = ("name", "phone", "email", "kind", "attended", "reminder_sent_at")
    readonly_fields = ("reminder_sent_at",)


@admin.register(InfoSession)
class InfoSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "local_government", "starts_at", "venue", "capacity", "status")
    list_filter = ("local_government", "status")
    inlines = [RegistrationInline]


@admin.register(OutreachVisit)
class OutreachVisitAdmin(admin.ModelAdmin):
    list_display = ("store", "visited_on", "outcome", "visited_by")
    list_filter = ("outcome", "local_government")
    list_select_related = ("store", "visited_by")


@admin.register(SmsLog)
class SmsLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "phone", "body")
    readonly_fields = ("created_at", "phone", "body", "registration")

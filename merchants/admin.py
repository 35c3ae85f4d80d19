"""Admin for the store registry. Status, ownership, claims and imports change through merchants.services
only (the officials' pages), so those fields are read-only here."""

from django.contrib import admin

from .models import IndustryCategory, Merchant, Store, StoreClaim, StoreEvent, StoreImport, StoreImportEvent


@admin.register(IndustryCategory)
class IndustryCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class StoreEventInline(admin.TabularInline):
    model = StoreEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "from_status", "to_status", "effective_on", "actor", "reason", "changes")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ("name", "branch", "local_government", "dong", "industry", "status", "needs_review", "source",
                    "external_id")
    list_filter = ("local_government", "status", "needs_review", "source")
    list_select_related = ("local_government", "dong", "industry")
    search_fields = ("name", "branch", "external_id", "business_number", "road_address")
    raw_id_fields = ("industry", "dong", "district", "owner")
    readonly_fields = ("status", "opened_on", "closed_on", "owner", "version", "created_at", "updated_at")
    inlines = [StoreEventInline]


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ("user", "phone", "created_at")
    search_fields = ("user__username", "user__last_name", "user__first_name", "user__email", "phone")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(StoreClaim)
class StoreClaimAdmin(admin.ModelAdmin):
    list_display = ("store", "merchant", "business_number", "status", "decided_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("store", "merchant__user", "decided_by")
    search_fields = ("store__name", "merchant__user__username", "business_number")
    # The certificate is opened through the claim queue's permission-checked link, never a media URL.
    exclude = ("evidence",)
    readonly_fields = ("store", "merchant", "business_number", "status", "decided_by", "decided_at", "decision_note",
                       "evidence_name", "evidence_content_type", "evidence_sha256", "opening_date",
                       "representative_name", "nts_confirmed_at", "created_at")

    def has_add_permission(self, request):
        return False


class StoreImportEventInline(admin.TabularInline):
    """Cancellations, retries and recoveries: written by the services only."""

    model = StoreImportEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_status", "to_status", "actor", "reason", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StoreImport)
class StoreImportAdmin(admin.ModelAdmin):
    inlines = [StoreImportEventInline]
    list_display = ("original_name", "local_government", "status", "created_count", "updated_count", "closed_count",
                    "outside_count", "rejected_count", "created_at")
    list_filter = ("local_government", "status")
    list_select_related = ("local_government",)
    readonly_fields = [f.name for f in StoreImport._meta.fields]

    def has_add_permission(self, request):
        return False

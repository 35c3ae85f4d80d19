from django.contrib import admin

from .models import ConsentRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Read-only: consents are recorded and withdrawn through consent.services (the officials' pages), and
    never deleted (the history stays)."""

    list_display = ("district", "store", "signer_name", "signer_role", "signed_on", "method", "status",
                    "recorded_by")
    list_filter = ("local_government", "status", "method", "signer_role")
    search_fields = ("store__name", "signer_name", "district__name", "district__code")
    list_select_related = ("district", "store", "recorded_by")
    raw_id_fields = ("district", "store")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

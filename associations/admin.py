from django.contrib import admin

from .models import AssociationEvent, ChangeRequest, Meeting, Membership, MerchantAssociation, Officer


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    raw_id_fields = ("user",)


@admin.register(MerchantAssociation)
class MerchantAssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "local_government", "status", "registration_number", "founded_on")
    list_filter = ("local_government", "status")
    search_fields = ("name", "registration_number")
    filter_horizontal = ("districts",)
    inlines = [OfficerInline]
    # Status changes go through associations.services.association_change_status (who, when, why).
    readonly_fields = ("status", "status_changed_on", "version", "created_by")


@admin.register(AssociationEvent)
class AssociationEventAdmin(admin.ModelAdmin):
    list_display = ("association", "kind", "from_status", "to_status", "actor", "created_at")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Membership, list_display=("association", "store", "joined_on", "left_on"),
                    raw_id_fields=("store",))
admin.site.register(Meeting, list_display=("association", "held_on", "attendance"))
admin.site.register(ChangeRequest, list_display=("association", "kind", "state", "proposed_by", "created_at"),
                    raw_id_fields=("store", "membership"))

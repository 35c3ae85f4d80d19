from django.contrib import admin

from .models import Category, Open311Client, Ticket, TicketComment, TicketEvent, TicketKeyword, TicketPhoto


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "service_level_days", "sort_order", "is_active")
    list_editable = ("service_level_days", "is_active")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = readonly_fields = ("created_at", "kind", "from_status", "to_status", "actor", "message")


class CommentInline(ReadOnlyInline):
    model = TicketComment
    fields = readonly_fields = ("created_at", "kind", "author", "body")


class PhotoInline(ReadOnlyInline):
    model = TicketPhoto
    fields = readonly_fields = ("image", "width", "height", "size_bytes")


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: transitions go through hotline.services (the officials' queue), never a raw admin save."""

    list_display = ("id", "category", "status", "local_government", "dong", "created_at", "due_date", "is_overdue")
    list_filter = ("local_government", "status", "category", "is_overdue", "source")
    list_select_related = ("category", "local_government", "dong")
    search_fields = ("=id", "tracking_code", "description")
    inlines = [PhotoInline, CommentInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(TicketKeyword)
class TicketKeywordAdmin(admin.ModelAdmin):
    list_display = ("month", "scope", "scope_id", "keyword", "is_phrase", "count")
    list_filter = ("local_government", "month", "scope", "is_phrase")


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Create keys with `manage.py open311_key NAME` (the key is printed once); here they can be deactivated."""

    list_display = ("name", "key_prefix", "local_government", "is_active", "created_at", "last_used_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    fields = ("name", "local_government", "is_active", "key_prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

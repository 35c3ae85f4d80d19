from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "role", "local_government", "is_staff", "is_active")
    list_filter = ("role", "local_government", "is_staff", "is_superuser", "is_active")
    list_select_related = ("local_government",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role"), {"fields": ("role", "local_government", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("role", "local_government")}),
    )

"""Role checks shared by views, the API and services.

Scoping rule: officials see only their own local government. Objects of another
government are filtered out of querysets, so the wrong official gets 404, not a
hint that the object exists.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission


def ensure_official_of(user, local_government) -> None:
    """Raise PermissionDenied unless `user` is an official of `local_government`."""
    lg_id = getattr(local_government, "pk", local_government)
    if not (user is not None and getattr(user, "is_official", False) and user.local_government_id == lg_id):
        raise PermissionDenied(_("Only officials of this local government may do this."))


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


official_required = _role_required(lambda user: user.is_official)
merchant_required = _role_required(lambda user: user.is_merchant)


class _RoleRequiredMixin(AccessMixin):
    def has_role(self, user) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficialRequiredMixin(_RoleRequiredMixin):
    """Anonymous -> login page; logged in but not an official -> 403."""

    def has_role(self, user) -> bool:
        return user.is_official


class MerchantRequiredMixin(_RoleRequiredMixin):
    def has_role(self, user) -> bool:
        return user.is_merchant


class IsOfficial(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_official)


class IsMerchant(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_merchant)


class IsOfficialOrMerchant(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_official or user.is_merchant))

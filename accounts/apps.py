from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # SimpleAdminConfig: no autodiscovery, so register our admin and django-axes' (lockouts, unlock).
        import axes.admin  # noqa: F401
        from django.contrib.auth.signals import user_logged_in

        from . import admin  # noqa: F401
        from .middleware import stamp_activity

        user_logged_in.connect(stamp_activity, dispatch_uid="accounts.stamp_activity")

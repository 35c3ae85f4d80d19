from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # SimpleAdminConfig: no autodiscovery, so register our admin and django-axes' (lockouts, unlock).
        import axes.admin  # noqa: F401

        from . import admin  # noqa: F401

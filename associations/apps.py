from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Merchant associations")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)

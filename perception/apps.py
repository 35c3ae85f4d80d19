from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerceptionConfig(AppConfig):
    name = "perception"
    verbose_name = _("Resident perception")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Alley Economy 119 Hotline")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)

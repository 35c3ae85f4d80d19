from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Districts")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)

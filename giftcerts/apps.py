from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiftcertsConfig(AppConfig):
    name = "giftcerts"
    verbose_name = _("Onnuri franchise")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)

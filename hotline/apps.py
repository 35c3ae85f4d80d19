from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Alley Economy 119 Hotline")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)
        from .models import Category

        # The categories are every government's (the report form, Open311 services): a change in the
        # admin makes every kept public page stale.
        for signal in (post_save, post_delete):
            signal.connect(_categories_changed, sender=Category, dispatch_uid=f"hotline-category-{signal}")


def _categories_changed(sender, **kwargs) -> None:
    from core import public_bodies

    public_bodies.bump_all()

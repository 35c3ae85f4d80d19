from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Common")

    def ready(self):
        from . import admin  # noqa: F401  (SimpleAdminConfig: each app registers its own admin)
        from .public_bodies import on_records_changed
        from .signals import records_changed

        records_changed.connect(on_records_changed, dispatch_uid="core-public-bodies-on-change")
        from . import demo_flag

        demo_flag.connect()

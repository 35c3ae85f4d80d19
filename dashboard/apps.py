from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Alley economy dashboard")

    def ready(self):
        from core.signals import records_changed, sales_changed

        from . import admin  # noqa: F401  (SimpleAdminConfig: no autodiscovery)
        from .services import on_records_changed, on_sales_changed

        records_changed.connect(on_records_changed, dispatch_uid="dashboard-aggregate-on-change")
        sales_changed.connect(on_sales_changed, dispatch_uid="dashboard-aggregate-on-sales")

"""Finding an app's hook module, so a lower app can show what a higher one adds
without importing it (arrows between apps run one way)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def providers(module_name: str, *, skip: str = "") -> tuple:
    """The `<app>.<module_name>` modules of the installed apps, in INSTALLED_APPS order."""
    return tuple(import_module(f"{config.name}.{module_name}") for config in apps.get_app_configs()
                 if config.name != skip and module_has_submodule(config.module, module_name))


@dataclass(frozen=True)
class Section:
    """A block another app adds to a page: a template and its context."""

    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    stylesheets: tuple[str, ...] = ()

    def render(self, request=None) -> str:
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, self.context, request=request)


# A dashboard block is a section like any other; apps import these from here, never from dashboard.
Panel = Section


@dataclass(frozen=True)
class Kpi:
    """A KPI card an app adds to the dashboard (dashboard_blocks.kpis)."""

    key: str
    label: str
    value: float | int | None
    display: str
    hint: str = ""
    url: str = ""
    note: str = ""  # a secondary line under the hint (e.g. the same rate over every open store)

    def as_dict(self) -> dict:
        return {k: str(v) if k in ("label", "display", "hint", "note") else v for k, v in asdict(self).items()}

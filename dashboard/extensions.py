"""How other apps add figures to the dashboard without the dashboard knowing them.

An app adds a module `<app>/dashboard_blocks.py` defining any of these
functions (all keyword-only); the dashboard finds it by itself:

    def kpis(*, local_government, month) -> list[Kpi]
        extra KPI cards (e.g. the hotline's open tickets), shown after the
        dashboard's own cards, on the page, the wall screen and /api/dashboard/kpis

    def aggregate(*, local_government_id, month, as_of) -> dict[tuple[str, int], dict]
        extra figures per (scope, scope_id) for a month, stored in
        MetricSnapshot.extra by the same aggregation run (scope is
        "government" with id 0, "dong" or "district")

    def panels(*, local_government, month) -> list[Panel]
        extra blocks (a template, its context and its stylesheets) on /dashboard/

    EXTRA_COLUMNS = [(key, label), ...]
        keys of `aggregate`'s figures to add as columns to the Excel export

The hotline (issue 7) plugs in through dashboard/hotline_blocks.py (open tickets
as a KPI, its block on the page, its monthly figures in the snapshots), used
while the hotline app has no dashboard_blocks module of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE_NAME = "dashboard_blocks"


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | int | None
    display: str
    hint: str = ""
    url: str = ""
    note: str = ""  # a secondary line under the hint (e.g. the same rate over every open store)

    def as_dict(self) -> dict:
        return {k: str(v) if k in ("label", "display", "hint", "note") else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Panel:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    stylesheets: tuple[str, ...] = ()

    def render(self, request=None) -> str:
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, self.context, request=request)


@lru_cache(maxsize=1)
def providers() -> tuple:
    """The `dashboard_blocks` modules of the installed apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name != "dashboard" and module_has_submodule(config.module, MODULE_NAME):
            found.append(import_module(f"{config.name}.{MODULE_NAME}"))
        elif config.name in BUILT_IN:
            found.append(import_module(BUILT_IN[config.name]))
    return tuple(found)


# Adapters the dashboard carries for apps that have no dashboard_blocks module yet.
BUILT_IN = {"hotline": "dashboard.hotline_blocks"}


def extra_columns() -> list[tuple[str, str]]:
    return [column for module in providers() for column in getattr(module, "EXTRA_COLUMNS", [])]


def extra_kpis(*, local_government, month) -> list[Kpi]:
    return [kpi for module in providers() if hasattr(module, "kpis")
            for kpi in module.kpis(local_government=local_government, month=month)]


def extra_panels(*, local_government, month) -> list[Panel]:
    return [panel for module in providers() if hasattr(module, "panels")
            for panel in module.panels(local_government=local_government, month=month)]


def extra_figures(*, local_government_id, month, as_of) -> dict[tuple[str, int], dict]:
    merged: dict[tuple[str, int], dict] = {}
    for module in providers():
        if hasattr(module, "aggregate"):
            for key, values in module.aggregate(local_government_id=local_government_id, month=month,
                                                as_of=as_of).items():
                merged.setdefault(key, {}).update(values)
    return merged

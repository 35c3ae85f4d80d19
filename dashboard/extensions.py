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
        extra blocks (a template and its context) on /dashboard/

The hotline (issue 7) plugs in here: open tickets as a KPI, its block on the
page, its monthly figures in the snapshots.
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

    def as_dict(self) -> dict:
        return {k: str(v) if k in ("label", "display", "hint") else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Panel:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def providers() -> tuple:
    """The `dashboard_blocks` modules of the installed apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name != "dashboard" and module_has_submodule(config.module, MODULE_NAME):
            found.append(import_module(f"{config.name}.{MODULE_NAME}"))
    return tuple(found)


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

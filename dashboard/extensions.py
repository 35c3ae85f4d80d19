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

    MAP_LAYERS = [{"key": ..., "label": gettext_lazy(...), "format": "percent"}, ...]
        figures the dashboard map can colour districts by, next to its own
        indicators. Plain dicts (no import from the dashboard): `key` names a
        figure that `aggregate` stores at scopes "district" and "dong"; `format`
        is "percent" (a share, 0.25 = 25%), "number" (a count), "score" (a mean
        with one decimal) or "won". A district without the figure shows
        "no data" (grey). The map's selector, legend, tooltips and table twin,
        /api/dashboard/districts.geojson (feature properties),
        /api/dashboard/breakdowns (per dong) and the Excel export (a column,
        unless EXTRA_COLUMNS already names the key) take them up.

The hotline (issue 7) plugs in through dashboard/hotline_blocks.py (open tickets
as a KPI, its block on the page, its monthly figures in the snapshots), used
while the hotline app has no dashboard_blocks module of its own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from django.apps import apps

from core.extensions import Kpi, Panel  # noqa: F401  (the dashboard_blocks types, defined below the apps)
from core.extensions import providers as discover

MODULE_NAME = "dashboard_blocks"


@lru_cache(maxsize=1)
def providers() -> tuple:
    """The `dashboard_blocks` modules of the installed apps (found by core.extensions), in INSTALLED_APPS order,
    with the dashboard's own adapter in the place of an app that has no module yet."""
    by_app = {module.__name__.partition(".")[0]: module for module in discover(MODULE_NAME, skip="dashboard")}
    for app, adapter in BUILT_IN.items():
        if app not in by_app and apps.is_installed(app):
            by_app[app] = import_module(adapter)
    return tuple(by_app[config.name] for config in apps.get_app_configs() if config.name in by_app)


# Adapters the dashboard carries for apps that have no dashboard_blocks module yet.
BUILT_IN = {"hotline": "dashboard.hotline_blocks"}


def extra_columns() -> list[tuple[str, str]]:
    return [column for module in providers() for column in getattr(module, "EXTRA_COLUMNS", [])]


LAYER_FORMATS = ("percent", "number", "score", "won")
# The dashboard's own figures and feature properties: a layer may not shadow them.
RESERVED_LAYER_KEYS = frozenset({"id", "code", "name", "pt"})


def map_layers() -> list[dict]:
    """The apps' MAP_LAYERS in provider order, checked: {"key", "label" (text now), "format"}.

    A malformed entry (no key, an unknown format, a key the dashboard uses itself, a key twice)
    is a programming error of the app: ImproperlyConfigured names it.
    """
    from django.core.exceptions import ImproperlyConfigured

    from .services import METRIC_FIELDS

    layers, seen = [], set()
    for module in providers():
        for entry in getattr(module, "MAP_LAYERS", []):
            key, fmt = entry.get("key"), entry.get("format", "number")
            if not key or not isinstance(key, str) or fmt not in LAYER_FORMATS:
                raise ImproperlyConfigured(f"{module.__name__}.MAP_LAYERS: bad entry {entry!r}")
            if key in seen or key in RESERVED_LAYER_KEYS or key in METRIC_FIELDS:
                raise ImproperlyConfigured(f"{module.__name__}.MAP_LAYERS: the key {key!r} is taken")
            seen.add(key)
            layers.append({"key": key, "label": str(entry.get("label") or key), "format": fmt})
    return layers


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

"""Registered list exports: each app names its exports here, from its own `exports.py`.

An export is built from what a list page already has: the user (their government), the list's
query string and the URL arguments. The same `ExportContext` is rebuilt by the worker, so a
background export selects exactly the rows the page selected.

    registry.register(Export(name="merchants.stores", record_type="merchants.store",
                             count=count_stores, write=write_stores, filename=stores_filename))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.http import QueryDict
from django.utils.module_loading import autodiscover_modules

from core.exports import XLSX_CONTENT_TYPE


@dataclass
class ExportContext:
    """What an export reads: who asks (their government), the list's filters, the URL arguments.

    `request` stands in for the page's request where a filter set wants one (user and GET)."""

    user: object
    government: object
    params: QueryDict
    kwargs: dict = field(default_factory=dict)

    @property
    def request(self):
        return SimpleNamespace(user=self.user, GET=self.params, method="GET")


Progress = Callable[[int], None]


@dataclass(frozen=True)
class Export:
    name: str
    record_type: str  # the access log's record type
    count: Callable[[ExportContext], int]  # the rows the file will hold (decides inline or background)
    write: Callable[[ExportContext, object, Progress], int]  # writes to a binary stream, returns the rows
    filename: Callable[[ExportContext], str]
    content_type: str = XLSX_CONTENT_TYPE


_exports: dict[str, Export] = {}


def register(export: Export) -> Export:
    _exports[export.name] = export
    return export


def get(name: str) -> Export:
    if name not in _exports:
        autodiscover_modules("exports")  # a worker that has not imported the apps' exports modules yet
    return _exports[name]

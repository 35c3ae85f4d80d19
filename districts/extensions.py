"""How higher apps add to a district without the districts app knowing them.

An app adds a module `<app>/district_sections.py` defining any of (keyword-only):

    def sections(*, district, request) -> list[core.extensions.Section]
        blocks shown on the district's page (e.g. its merchant association,
        its special projects), after the criteria check, in INSTALLED_APPS order

    def consent(*, district) -> ConsentFigures | None
        the merchant consent computed from records (per-store consent entries);
        the first provider that returns figures replaces the typed counts
        (merchants_total / merchants_consenting) in the designation criteria
"""

from __future__ import annotations

from dataclasses import dataclass

from core.extensions import Section, providers

MODULE_NAME = "district_sections"


@dataclass(frozen=True)
class ConsentFigures:
    merchants_total: int
    merchants_consenting: int
    source: str  # a short label for the screen, e.g. "상인 동의서 12건"


def sections(*, district, request) -> list[Section]:
    return [section for module in providers(MODULE_NAME) if hasattr(module, "sections")
            for section in module.sections(district=district, request=request)]


def consent(*, district) -> ConsentFigures | None:
    for module in providers(MODULE_NAME):
        if hasattr(module, "consent"):
            figures = module.consent(district=district)
            if figures is not None:
                return figures
    return None

"""How higher apps add to a district without the districts app knowing them.

An app adds a module `<app>/district_sections.py` defining any of (keyword-only):

    def sections(*, district, request) -> list[core.extensions.Section]
        blocks shown on the district's page (e.g. its merchant association,
        its special projects), after the criteria check, in INSTALLED_APPS order

    def consent(*, district, geom=None) -> ConsentFigures | None
        the merchant consent computed from records (per-store consent entries);
        the first provider that returns figures replaces the typed counts
        (merchants_total / merchants_consenting) in the designation criteria.
        `geom` (a shapely geometry) is the boundary being checked when it is not
        yet the district's saved one (a draft being edited, an amendment); it is
        passed only when given, so a provider may leave it out of its signature.

    def consents(*, districts) -> dict[int, ConsentFigures]
        optional: the same for many districts at once (the list, the exports),
        keyed by district id, only for districts that have figures
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


def consent(*, district, geom=None) -> ConsentFigures | None:
    extra = {"geom": geom} if geom is not None else {}
    for module in providers(MODULE_NAME):
        if hasattr(module, "consent"):
            figures = module.consent(district=district, **extra)
            if figures is not None:
                return figures
    return None


def consents(*, districts) -> dict[int, ConsentFigures]:
    """{district id: figures} for those of `districts` whose consent some provider computes."""
    districts = list(districts)
    found: dict[int, ConsentFigures] = {}
    for module in providers(MODULE_NAME):
        pending = [d for d in districts if d.pk not in found]
        if not pending:
            break
        if hasattr(module, "consents"):
            found.update({pk: f for pk, f in module.consents(districts=pending).items() if pk not in found})
        elif hasattr(module, "consent"):
            for district in pending:
                figures = module.consent(district=district)
                if figures is not None:
                    found[district.pk] = figures
    return found

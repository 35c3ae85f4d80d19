"""The designation criteria of one local government, checked for a boundary (no writes).

Each criterion passes or fails with its numbers and a message for the official.
Some failures can be waived by an ordinance exception with a written reason
(store density, consent, organisation); the others never can (a boundary outside
the government, an overlap with a designated district: a store must belong to at
most one district).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from . import geo

# Square metres of a boundary allowed outside the government's dongs before it counts
# as outside: vertex rounding along a dong edge must not fail a district.
OUTSIDE_TOLERANCE_M2 = 1.0
OUTSIDE_TOLERANCE_RATIO = 0.001

WITHIN_GOVERNMENT = "within_government"
STORE_DENSITY = "store_density"
CONSENT = "consent"
ORGANIZATION = "organization"
NO_OVERLAP = "no_overlap"
WAIVABLE = frozenset({STORE_DENSITY, CONSENT, ORGANIZATION})


@dataclass
class Criterion:
    key: str
    label: str
    passed: bool
    message: str
    values: dict = field(default_factory=dict)

    @property
    def waivable(self) -> bool:
        return self.key in WAIVABLE


@dataclass
class CriteriaResult:
    area_m2: float
    open_stores: int
    required_stores: int
    dong_ids: list[int]
    criteria: list[Criterion]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria)

    @property
    def failing(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]

    @property
    def failing_unwaivable(self) -> list[Criterion]:
        return [c for c in self.failing if not c.waivable]

    def get(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "area_m2": round(self.area_m2, 1),
            "open_stores": self.open_stores,
            "required_stores": self.required_stores,
            "dong_ids": self.dong_ids,
            "criteria": [{**asdict(c), "waivable": c.waivable} for c in self.criteria],
        }


def required_store_count(*, area_m2: float, min_stores: int, reference_area_m2: int) -> int:
    """The fewest open stores a boundary of `area_m2` needs: at least `min_stores`, and
    stores x reference_area / area >= min_stores (15 per 2,000 m²: 23 for 3,000 m², 30 for 4,000 m²)."""
    if reference_area_m2 <= 0:
        return min_stores
    scaled = math.ceil(min_stores * area_m2 / reference_area_m2 - 1e-9)
    return max(min_stores, scaled)


def required_consent(*, merchants_total: int, consent_ratio) -> int:
    """The fewest consenting merchants for `merchants_total` (rounded up)."""
    value = (Decimal(merchants_total) * Decimal(str(consent_ratio))).to_integral_value(rounding=ROUND_CEILING)
    return int(value)


def check_density(*, area_m2: float, open_stores: int, government) -> Criterion:
    required = required_store_count(area_m2=area_m2, min_stores=government.min_stores,
                                    reference_area_m2=government.reference_area_m2)
    values = {"open_stores": open_stores, "required_stores": required, "area_m2": round(area_m2, 1),
              "min_stores": government.min_stores, "reference_area_m2": government.reference_area_m2,
              "per_reference_area": round(open_stores * government.reference_area_m2 / area_m2, 1) if area_m2 else 0}
    words = {"stores": open_stores, "required": required, "area": geo.format_area(area_m2),
             "min": government.min_stores, "reference": f"{government.reference_area_m2:,}"}
    passed = open_stores >= required
    if passed:
        message = _("%(stores)d open stores inside; %(area)s needs at least %(required)d "
                    "(%(min)d per %(reference)s m²).") % words
    else:
        message = _("Only %(stores)d open stores inside; %(area)s needs at least %(required)d "
                    "(%(min)d per %(reference)s m²).") % words
    return Criterion(STORE_DENSITY, _("Store density"), passed, message, values)


CONSENT_TYPED, CONSENT_RECORDS = "typed", "records"


def check_consent(*, merchants_total: int, merchants_consenting: int, government, source: str = CONSENT_TYPED,
                  source_label: str = "") -> Criterion:
    """`source`: where the counts come from, kept with the result (and so in the designation history):
    "records" (per-store consent records) or "typed" (the counts typed on the district)."""
    required = required_consent(merchants_total=merchants_total, consent_ratio=government.consent_ratio)
    ratio = float(government.consent_ratio)
    values = {"merchants_total": merchants_total, "merchants_consenting": merchants_consenting,
              "required_consenting": required, "consent_ratio": ratio,
              "rate": round(merchants_consenting / merchants_total, 4) if merchants_total else None,
              "source": source, "source_label": str(source_label)}
    if merchants_total <= 0:
        message = (_("No open store of the district is counted yet, so there is no consent to count.")
                   if source == CONSENT_RECORDS else _("Enter how many merchants there are and how many consent."))
        return Criterion(CONSENT, _("Merchant consent"), False, message, values)
    words = {"consenting": merchants_consenting, "total": merchants_total, "required": required,
             "rate": f"{merchants_consenting / merchants_total * 100:.1f}%", "ratio": f"{ratio * 100:.0f}%"}
    passed = merchants_consenting >= required
    if passed:
        message = _("%(consenting)d of %(total)d merchants consent (%(rate)s); "
                    "%(required)d are needed (%(ratio)s).") % words
    else:
        message = _("Only %(consenting)d of %(total)d merchants consent (%(rate)s); "
                    "%(required)d are needed (%(ratio)s).") % words
    if source_label:
        message = f"{message} ({source_label})"
    return Criterion(CONSENT, _("Merchant consent"), passed, message, values)


def check_organization(*, organization_name: str) -> Criterion:
    name = (organization_name or "").strip()
    if name:
        return Criterion(ORGANIZATION, _("Merchant organisation"), True,
                         _("Recorded: %(name)s.") % {"name": name}, {"organization_name": name})
    return Criterion(ORGANIZATION, _("Merchant organisation"), False,
                     _("No merchant organisation is recorded. Enter its name."), {"organization_name": ""})


def check_within(*, geom: BaseGeometry, area_m2: float, territory: BaseGeometry | None, government) -> Criterion:
    label = _("Inside %(government)s") % {"government": government.name}
    if territory is None or territory.is_empty:
        return Criterion(WITHIN_GOVERNMENT, label, False,
                         _("%(government)s has no dong boundaries loaded.") % {"government": government.name},
                         {"outside_m2": round(area_m2, 1)})
    outside = geo.area_outside_m2(geom, territory)
    passed = outside <= max(OUTSIDE_TOLERANCE_M2, area_m2 * OUTSIDE_TOLERANCE_RATIO)
    values = {"outside_m2": round(outside, 1)}
    if passed:
        message = _("The boundary lies inside the dongs of %(government)s.") % {"government": government.name}
    else:
        message = _("%(outside)s of the boundary lies outside the dongs of %(government)s. "
                    "Draw it inside the government's territory.") % {
            "outside": geo.format_area(outside), "government": government.name}
    return Criterion(WITHIN_GOVERNMENT, label, passed, message, values)


def check_overlap(*, geom: BaseGeometry, designated: dict) -> Criterion:
    """`designated`: {district: shapely geometry} of the other designated districts nearby."""
    found = geo.overlaps(geom, designated)
    values = {"overlaps": [{"id": o.key.pk, "code": o.key.code, "name": o.key.name, "area_m2": round(o.area_m2, 1)}
                           for o in found]}
    if not found:
        return Criterion(NO_OVERLAP, _("No overlap"), True,
                         _("The boundary overlaps no designated district."), values)
    names = ", ".join(f"{o.key.name} ({geo.format_area(o.area_m2)})" for o in found)
    return Criterion(NO_OVERLAP, _("No overlap"), False,
                     _("The boundary overlaps designated districts: %(names)s. Designated districts must not "
                       "overlap (sharing an edge is fine).") % {"names": names}, values)

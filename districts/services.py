"""Writes for local governments and dongs. District transitions arrive with their issue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError

from . import geo
from .models import AdministrativeDong, LocalGovernment

# Gwangju's 시군구 codes and names, so `load_dongs --local-government 29170`
# can create a government it has not seen before.
KNOWN_LOCAL_GOVERNMENTS = {
    "29110": "광주광역시 동구",
    "29140": "광주광역시 서구",
    "29155": "광주광역시 남구",
    "29170": "광주광역시 북구",
    "29200": "광주광역시 광산구",
}


def normalise_dong_code(raw) -> str:
    """The 10-digit MOIS form (e.g. 2914057500) becomes 8 digits by dropping the trailing '00'."""
    code = str(raw or "").strip()
    if len(code) == 10 and code.endswith("00"):
        code = code[:8]
    if len(code) != 8 or not code.isdigit():
        raise DomainError(_("'%(code)s' is not an 8- or 10-digit administrative dong code.") % {"code": raw})
    return code


def local_government_get_or_create(*, code: str, name: str | None = None) -> LocalGovernment:
    name = name or KNOWN_LOCAL_GOVERNMENTS.get(code)
    if name is None:
        existing = LocalGovernment.objects.filter(code=code).first()
        if existing:
            return existing
        raise DomainError(_("Unknown local government %(code)s: give its name.") % {"code": code})
    government, _created = LocalGovernment.objects.get_or_create(code=code, defaults={"name": name})
    return government


def dong_set_boundary(dong: AdministrativeDong, geometry) -> None:
    """Validate and store a boundary with its area (EPSG:5186) and bounding box."""
    geom = geo.as_multipolygon(geo.validate_geometry(geometry))
    dong.boundary = geo.to_geojson(geom, precision=7)
    dong.area_m2 = geo.area_m2(geom)
    dong.min_lon, dong.min_lat, dong.max_lon, dong.max_lat = geo.bbox(geom)


@dataclass
class DongLoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped_other_government: int = 0


def dongs_load_geojson(*, path: str | Path, local_government_code: str) -> DongLoadResult:
    """Load or update the dongs of one local government from a GeoJSON file.

    Idempotent: running it twice changes nothing. The whole file is validated
    first; one invalid feature aborts the load with a message naming it, so a
    government never ends up with half its dongs.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise DomainError(_("File not found: %(path)s") % {"path": path}) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise DomainError(_("%(path)s is not a valid GeoJSON file: %(error)s") % {"path": path, "error": exc}) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DomainError(_("%(path)s must be a GeoJSON FeatureCollection.") % {"path": path})

    government = local_government_get_or_create(code=local_government_code)
    result = DongLoadResult()
    parsed = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = (feature or {}).get("properties") or {}
        raw_code = props.get("adm_cd2") or props.get("adm_cd8") or props.get("code") or ""
        label = props.get("adm_nm") or props.get("name") or raw_code or f"#{number}"
        try:
            code = normalise_dong_code(raw_code)
        except DomainError as exc:
            raise DomainError(_("Feature %(number)d (%(label)s): %(error)s")
                              % {"number": number, "label": label, "error": exc}) from exc
        if not code.startswith(government.code):
            result.skipped_other_government += 1
            continue
        try:
            geom = geo.validate_geometry(feature.get("geometry") or {})
        except geo.GeometryError as exc:
            raise DomainError(_("Feature %(number)d (%(label)s) has an invalid boundary: %(error)s")
                              % {"number": number, "label": label, "error": exc}) from exc
        full_name = props.get("adm_nm") or label
        parsed.append((code, full_name.split()[-1], full_name, geom))

    if not parsed:
        raise DomainError(_("%(path)s holds no dongs of %(government)s.") % {"path": path, "government": government})

    with transaction.atomic():
        existing = {d.code: d for d in AdministrativeDong.objects.select_for_update().filter(
            code__in=[p[0] for p in parsed])}
        for code, name, full_name, geom in parsed:
            dong = existing.get(code) or AdministrativeDong(code=code)
            before = (dong.local_government_id, dong.name, dong.full_name, dong.boundary)
            dong.local_government = government
            dong.name, dong.full_name = name, full_name
            dong_set_boundary(dong, geom)
            if dong.pk is None:
                dong.save()
                result.created.append(code)
            elif before != (dong.local_government_id, dong.name, dong.full_name, dong.boundary):
                dong.save()
                result.updated.append(code)
            else:
                result.unchanged.append(code)
    return result

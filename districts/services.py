"""Writes for local governments, dongs and districts.

Every district change is one guarded function here: it checks the official and the
state, locks the rows (`select_for_update` inside `atomic`), checks the version the
official loaded (optimistic concurrency), saves with `update_fields`, re-assigns the
stores inside, and records a DesignationEvent with the criteria result and boundary.
Designation and amendment also lock the government row, so two overlapping
designations of one government are decided one after the other.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core.errors import ConflictError, DomainError, TransitionError
from core.korean import particles
from core.signals import announce_records_changed

from . import criteria as rules
from . import geo, selectors
from .models import AdministrativeDong, DesignationEvent, District, LocalGovernment

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
        raise DomainError(_("'%(code)s'%(code_neun)s is not an 8- or 10-digit administrative dong code.")
                          % particles({"code": raw}, code="은/는"))
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
        raise DomainError(_("%(path)s%(path_neun)s is not a valid GeoJSON file: %(error)s")
                          % particles({"path": path, "error": exc}, path="은/는")) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DomainError(_("%(path)s%(path_neun)s must be a GeoJSON FeatureCollection.")
                          % particles({"path": path}, path="은/는"))

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


# --- Districts ------------------------------------------------------------------------------------

Status = District.Status
Kind = DesignationEvent.Kind

# Fields an official edits on a draft (the boundary is handled separately).
DRAFT_FIELDS = ("code", "name", "organization_name", "organization_representative", "organization_contact",
                "merchants_total", "merchants_consenting")


def parse_boundary(boundary) -> geo.BaseGeometry:
    """A valid Polygon or MultiPolygon, or DomainError(field="boundary") saying what to fix."""
    if boundary in (None, "", {}):
        raise DomainError(_("Draw the district boundary on the map or upload a GeoJSON file."), field="boundary")
    try:
        return geo.validate_geometry(boundary)
    except geo.GeometryError as exc:
        raise DomainError(str(exc), field="boundary") from exc


def district_check_criteria(*, local_government, boundary, organization_name: str = "", merchants_total: int = 0,
                            merchants_consenting: int = 0, exclude_district_id: int | None = None,
                            consent_source: str = rules.CONSENT_TYPED, consent_source_label: str = ""
                            ) -> rules.CriteriaResult:
    """Check a boundary (GeoJSON or Shapely) and the merchant facts against the government's rule.

    consent_source / consent_source_label: where the consent counts come from ("typed" or "records"),
    kept in the result's values (and so in the designation history).

    Pure: reads stores, dongs and designated districts, writes nothing. Raises
    DomainError(field="boundary") for a geometry that cannot be a district boundary.
    """
    geom = boundary if isinstance(boundary, geo.BaseGeometry) else parse_boundary(boundary)
    territory = selectors.territory_of(local_government)
    area = geo.area_m2(geom)
    open_stores = len(selectors.open_store_ids_inside(local_government, geom))
    density = rules.check_density(area_m2=area, open_stores=open_stores, government=local_government)
    touched = geo.overlaps(geom, territory.dongs) if territory.dongs else []
    return rules.CriteriaResult(
        area_m2=area,
        open_stores=open_stores,
        required_stores=density.values["required_stores"],
        dong_ids=sorted(o.key for o in touched),
        criteria=[
            rules.check_within(geom=geom, area_m2=area, territory=territory.union, government=local_government),
            density,
            rules.check_consent(merchants_total=merchants_total, merchants_consenting=merchants_consenting,
                                government=local_government, source=consent_source,
                                source_label=consent_source_label),
            rules.check_organization(organization_name=organization_name),
            rules.check_overlap(geom=geom, designated=selectors.designated_near(
                local_government, geom, exclude_id=exclude_district_id)),
        ],
    )


def district_criteria(district: District, geom=None) -> rules.CriteriaResult:
    """The criteria of a saved district as they stand now (its own boundary is no overlap).

    Consent comes from the per-store consent records when an app provides them
    (districts.extensions.consent), for `geom` when it is given (a boundary being edited or
    amended), else from the typed legacy counts; the result says which (values["source"])."""
    consent = selectors.district_consent(district, geom)
    return district_check_criteria(
        local_government=district.local_government, boundary=geom or parse_boundary(district.boundary),
        organization_name=district.organization_name, merchants_total=consent.merchants_total,
        merchants_consenting=consent.merchants_consenting, exclude_district_id=district.pk,
        consent_source=consent.source, consent_source_label=consent.source_label)


def _clean_draft_values(values: dict) -> dict:
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in values.items()}
    if not cleaned.get("name"):
        raise DomainError(_("Enter the district's name."), field="name")
    total, consenting = cleaned.get("merchants_total") or 0, cleaned.get("merchants_consenting") or 0
    if total < 0 or consenting < 0:
        raise DomainError(_("Merchant counts cannot be negative."), field="merchants_total")
    if consenting > total:
        raise DomainError(_("Consenting merchants (%(consenting)d) cannot exceed the merchants in total (%(total)d).")
                          % {"consenting": consenting, "total": total}, field="merchants_consenting")
    cleaned["merchants_total"], cleaned["merchants_consenting"] = total, consenting
    return cleaned


def _refuse_outside(result: rules.CriteriaResult) -> None:
    within = result.get(rules.WITHIN_GOVERNMENT)
    if not within.passed:
        raise DomainError(within.message, field="boundary")


def _next_code(government: LocalGovernment) -> str:
    pattern = re.compile(rf"^{government.code}-(\d+)$")
    numbers = [int(m.group(1)) for code in District.objects.filter(local_government=government)
               .values_list("code", flat=True) if (m := pattern.match(code))]
    return f"{government.code}-{max(numbers, default=0) + 1:03d}"


def set_geometry(district: District, geom, result: rules.CriteriaResult) -> None:
    """Boundary and the fields computed from it (area, bbox, open stores inside)."""
    district.boundary = geo.to_geojson(geom, precision=7)
    district.area_m2 = result.area_m2
    district.min_lon, district.min_lat, district.max_lon, district.max_lat = geo.bbox(geom)
    district.store_count = result.open_stores


GEOMETRY_FIELDS = ["boundary", "area_m2", "min_lon", "min_lat", "max_lon", "max_lat", "store_count"]


def _record(district: District, *, kind: str, from_status: str, actor, reason: str = "",
            result: rules.CriteriaResult | None = None, data: dict | None = None) -> DesignationEvent:
    return DesignationEvent.objects.create(
        district=district, kind=kind, from_status=from_status, to_status=district.status, actor=actor,
        reason=reason, criteria=result.as_dict() if result else {}, boundary=district.boundary,
        version=district.version, data=data or {},
    )


def _lock_government(government_id: int) -> LocalGovernment:
    """Serialises the designation-affecting writes of one government (overlap checks stay true)."""
    return LocalGovernment.objects.select_for_update().get(pk=government_id)


def _lock_district(district_id: int, official) -> District:
    try:
        # of=("self",): lock the district row only; designations lock the government row themselves.
        district = (District.objects.select_for_update(of=("self",)).select_related("local_government")
                    .get(pk=district_id))
    except District.DoesNotExist as exc:
        raise DomainError(_("This district does not exist.")) from exc
    ensure_official_of(official, district.local_government)
    return district


def _check_version(district: District, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != district.version:
        raise ConflictError(
            _("Someone else saved this district while you were editing it (your version %(yours)d, saved version "
              "%(theirs)d). Your input is kept below: compare it with the district page, then save again.")
            % {"yours": int(expected_version), "theirs": district.version})


def _open_transition(district_id: int, official, *, to: str, allowed_from: str, expected_version: int | None,
                     refusal: str) -> tuple[District, bool]:
    """Lock the district for a status change. (district, True) when it is already in the
    target state (a repeated call: the caller changes nothing); refuses a stale version or
    a wrong state."""
    district = _lock_district(district_id, official)
    if district.status == to:
        return district, True
    _check_version(district, expected_version)
    if district.status != allowed_from:
        raise TransitionError(refusal % {"status": district.get_status_display()})
    return district, False


def _bump(district: District, fields: list[str]) -> None:
    district.version += 1
    district.save(update_fields=[*fields, "version", "updated_at"])


def assign_district_stores(district: District, geom) -> dict:
    """Stores inside a designated district belong to it; those it held outside are released.

    A store already held by another designated district keeps it (on a shared edge the
    first designation wins), so a store belongs to at most one designated district.
    """
    from merchants.models import Store

    ids, lons, lats = selectors.store_points_in_bbox(district.local_government, geom, open_only=False)
    inside = {pk for pk, hit in zip(ids, geo.points_inside(geom, lons, lats), strict=True) if hit}
    held_elsewhere = set(Store.objects.filter(pk__in=inside, district__status=Status.DESIGNATED)
                         .exclude(district=district).values_list("id", flat=True))
    currently = set(Store.objects.filter(district=district).values_list("id", flat=True))
    to_assign = inside - held_elsewhere - currently
    to_release = currently - inside
    if to_assign:
        Store.objects.filter(pk__in=to_assign).update(district=district)
    if to_release:
        Store.objects.filter(pk__in=to_release).update(district=None)
    if to_assign or to_release:
        # Metrics count stores by their current district: every aggregated month changes.
        announce_records_changed(local_government_id=district.local_government_id, since=None)
    return {"stores_assigned": len(to_assign), "stores_released": len(to_release),
            "stores_inside": len(inside - held_elsewhere)}


def _release_stores(district: District) -> dict:
    from merchants.models import Store

    released = Store.objects.filter(district=district).update(district=None)
    if released:
        announce_records_changed(local_government_id=district.local_government_id, since=None)
    return {"stores_released": released}


def district_create_draft(*, official, name: str, boundary, code: str = "", organization_name: str = "",
                          organization_representative: str = "", organization_contact: str = "",
                          merchants_total: int = 0, merchants_consenting: int = 0, reason: str = "") -> District:
    """Save a new draft. The boundary must be valid and inside the official's government."""
    government = official.local_government if getattr(official, "is_official", False) else None
    ensure_official_of(official, government)
    values = _clean_draft_values({
        "code": code, "name": name, "organization_name": organization_name,
        "organization_representative": organization_representative, "organization_contact": organization_contact,
        "merchants_total": merchants_total, "merchants_consenting": merchants_consenting})
    geom = parse_boundary(boundary)
    with transaction.atomic():
        government = _lock_government(government.pk)  # also serialises code numbering
        result = district_check_criteria(
            local_government=government, boundary=geom, organization_name=values["organization_name"],
            merchants_total=values["merchants_total"], merchants_consenting=values["merchants_consenting"])
        _refuse_outside(result)
        values["code"] = values["code"] or _next_code(government)
        if District.objects.filter(local_government=government, code=values["code"]).exists():
            raise DomainError(_("Code %(code)s is already used by another district.") % values, field="code")
        district = District(local_government=government, status=Status.DRAFT, created_by=official, **values)
        set_geometry(district, geom, result)
        district.save()
        district.dongs.set(result.dong_ids)
        _record(district, kind=Kind.CREATED, from_status="", actor=official, reason=reason, result=result)
    return district


def district_update_draft(*, official, district_id: int, expected_version: int | None, name: str, boundary,
                          code: str = "", organization_name: str = "", organization_representative: str = "",
                          organization_contact: str = "", merchants_total: int = 0, merchants_consenting: int = 0,
                          reason: str = "") -> District:
    """Edit a draft or submitted district. Saving what is already saved changes nothing."""
    values = _clean_draft_values({
        "code": code, "name": name, "organization_name": organization_name,
        "organization_representative": organization_representative, "organization_contact": organization_contact,
        "merchants_total": merchants_total, "merchants_consenting": merchants_consenting})
    geom = parse_boundary(boundary)
    with transaction.atomic():
        district = _lock_district(district_id, official)
        values["code"] = values["code"] or district.code
        new_boundary = geo.to_geojson(geom, precision=7)
        changed = [key for key, value in values.items() if getattr(district, key) != value]
        if not changed and new_boundary == district.boundary:
            return district  # a repeated save (double click, reload): harmless
        _check_version(district, expected_version)
        if not district.is_editable:
            raise TransitionError(_("Only draft or submitted districts can be edited. Amend the boundary of a "
                                    "designated district instead."))
        if "code" in changed and District.objects.filter(
                local_government=district.local_government, code=values["code"]).exclude(pk=district.pk).exists():
            raise DomainError(_("Code %(code)s is already used by another district.") % values, field="code")
        for key, value in values.items():
            setattr(district, key, value)
        result = district_criteria(district, geom)
        _refuse_outside(result)
        if new_boundary != district.boundary:
            changed.append("boundary")
        set_geometry(district, geom, result)
        try:
            with transaction.atomic():
                _bump(district, [*DRAFT_FIELDS, *GEOMETRY_FIELDS])
        except IntegrityError as exc:
            raise DomainError(_("Code %(code)s is already used by another district.") % values, field="code") from exc
        district.dongs.set(result.dong_ids)
        _record(district, kind=Kind.UPDATED, from_status=district.status, actor=official, reason=reason,
                result=result, data={"changed": changed})
    return district


def district_submit(*, official, district_id: int, expected_version: int | None = None, reason: str = "") -> District:
    """Draft -> submitted (ready for the designation decision)."""
    with transaction.atomic():
        district, done = _open_transition(
            district_id, official, to=Status.SUBMITTED, allowed_from=Status.DRAFT, expected_version=expected_version,
            refusal=_("Only a draft can be submitted; this district is %(status)s."))
        if done:
            return district  # repeated call
        result = district_criteria(district)
        district.status = Status.SUBMITTED
        _bump(district, ["status"])
        _record(district, kind=Kind.SUBMITTED, from_status=Status.DRAFT, actor=official, reason=reason, result=result)
    return district


def _refuse_failing(result: rules.CriteriaResult, exception_reason: str, action: str) -> None:
    """Unwaivable failures always refuse; waivable ones need an ordinance exception with a reason."""
    if result.failing_unwaivable:
        raise DomainError(_("%(action)s is refused: %(failures)s") % {
            "action": action, "failures": " ".join(c.message for c in result.failing_unwaivable)})
    if result.failing and not exception_reason:
        raise DomainError(
            _("%(action)s is refused because these criteria fail: %(names)s. To proceed anyway, record an "
              "ordinance exception with a written reason.")
            % {"action": action, "names": ", ".join(str(c.label) for c in result.failing)},
            field="exception_reason")


def district_designate(*, official, district_id: int, designated_on: datetime.date, notice_number: str,
                       expected_version: int | None = None, exception_reason: str = "") -> District:
    """Submitted -> designated, with the designation date and notice number; stores inside join it."""
    notice_number = (notice_number or "").strip()
    exception_reason = (exception_reason or "").strip()
    if not notice_number:
        raise DomainError(_("Enter the notice number of the designation."), field="notice_number")
    if not designated_on:
        raise DomainError(_("Enter the designation date."), field="designated_on")
    with transaction.atomic():
        district, done = _open_transition(
            district_id, official, to=Status.DESIGNATED, allowed_from=Status.SUBMITTED,
            expected_version=expected_version,
            refusal=_("Only a submitted district can be designated; this district is %(status)s."))
        if done:
            return district  # repeated call
        # Wait here for any other designation of this government: the overlap check below
        # then sees what it committed.
        _lock_government(district.local_government_id)
        if District.objects.filter(local_government=district.local_government_id, notice_number=notice_number
                                   ).exclude(pk=district.pk).exists():
            raise DomainError(_("Notice number %(number)s is already used by another district.")
                              % {"number": notice_number}, field="notice_number")
        geom = parse_boundary(district.boundary)
        result = district_criteria(district, geom)
        _refuse_failing(result, exception_reason, _("Designation"))
        district.status = Status.DESIGNATED
        district.designated_on, district.notice_number = designated_on, notice_number
        district.exception_reason = exception_reason if result.failing else ""
        district.store_count = result.open_stores
        _bump(district, ["status", "designated_on", "notice_number", "exception_reason", "store_count"])
        moved = assign_district_stores(district, geom)
        _record(district, kind=Kind.DESIGNATED, from_status=Status.SUBMITTED, actor=official,
                reason=district.exception_reason, result=result,
                data={"designated_on": designated_on.isoformat(), "notice_number": notice_number,
                      "exception": bool(district.exception_reason), **moved})
    return district


def district_amend_boundary(*, official, district_id: int, boundary, reason: str,
                            expected_version: int | None = None, exception_reason: str = "") -> District:
    """Change a designated district's boundary; the stores inside are re-assigned, history keeps the old one."""
    reason = (reason or "").strip()
    exception_reason = (exception_reason or "").strip()
    geom = parse_boundary(boundary)
    with transaction.atomic():
        district = _lock_district(district_id, official)
        if district.status == Status.DESIGNATED and geo.to_geojson(geom, precision=7) == district.boundary:
            return district  # the same boundary again: nothing to amend
        _lock_government(district.local_government_id)
        _check_version(district, expected_version)
        if district.status != Status.DESIGNATED:
            raise TransitionError(_("Only a designated district's boundary can be amended; this district is "
                                    "%(status)s.") % {"status": district.get_status_display()})
        if not reason:
            raise DomainError(_("Give the reason for the amendment."), field="reason")
        result = district_criteria(district, geom)
        _refuse_failing(result, exception_reason, _("The amendment"))
        previous_area = district.area_m2
        set_geometry(district, geom, result)
        if result.failing:
            district.exception_reason = exception_reason
        _bump(district, [*GEOMETRY_FIELDS, "exception_reason"])
        district.dongs.set(result.dong_ids)
        moved = assign_district_stores(district, geom)
        _record(district, kind=Kind.AMENDED, from_status=Status.DESIGNATED, actor=official,
                reason=reason, result=result,
                data={"previous_area_m2": round(previous_area, 1), "exception_reason": exception_reason
                      if result.failing else "", **moved})
    return district


def district_revoke(*, official, district_id: int, ground: str, text: str = "",
                    revoked_on: datetime.date | None = None, expected_version: int | None = None) -> District:
    """Designated -> revoked on a legal ground; its stores no longer belong to it."""
    text = (text or "").strip()
    if ground not in District.RevocationGround.values:
        raise DomainError(_("Choose the legal ground for the revocation."), field="ground")
    if ground == District.RevocationGround.OTHER and not text:
        raise DomainError(_("Describe the ground when you choose 'Other'."), field="text")
    revoked_on = revoked_on or timezone.localdate()
    with transaction.atomic():
        district, done = _open_transition(
            district_id, official, to=Status.REVOKED, allowed_from=Status.DESIGNATED,
            expected_version=expected_version,
            refusal=_("Only a designated district can be revoked; this district is %(status)s."))
        if done:
            return district  # repeated call
        result = district_criteria(district)
        district.status = Status.REVOKED
        district.revoked_on, district.revocation_ground, district.revocation_text = revoked_on, ground, text
        _bump(district, ["status", "revoked_on", "revocation_ground", "revocation_text"])
        moved = _release_stores(district)
        _record(district, kind=Kind.REVOKED, from_status=Status.DESIGNATED, actor=official,
                reason=text or str(District.RevocationGround(ground).label), result=result,
                data={"ground": ground, "revoked_on": revoked_on.isoformat(), **moved})
    return district


def districts_reassign_stores(*, local_government) -> dict:
    """Bring every store of a government into line with its designated districts (after an
    import added, moved or closed stores). Idempotent: a second run changes nothing.

    Stores inside a designated district join it; stores held by a district they are not
    inside, or by one no longer designated, are released. Open-store counts are refreshed.
    """
    from merchants.models import Store

    totals = {"stores_assigned": 0, "stores_released": 0, "districts": 0}
    with transaction.atomic():
        government = _lock_government(getattr(local_government, "pk", local_government))
        stale = Store.objects.filter(local_government=government, district__isnull=False).exclude(
            district__status=Status.DESIGNATED)
        released = stale.update(district=None)
        totals["stores_released"] += released
        if released:
            announce_records_changed(local_government_id=government.pk, since=None)
        districts = District.objects.select_for_update().filter(local_government=government).order_by("pk")
        for district in districts:
            geom = parse_boundary(district.boundary)
            if district.status == Status.DESIGNATED:
                moved = assign_district_stores(district, geom)
                totals["stores_assigned"] += moved["stores_assigned"]
                totals["stores_released"] += moved["stores_released"]
                totals["districts"] += 1
            count = len(selectors.open_store_ids_inside(government, geom))
            if count != district.store_count:
                district.store_count = count
                district.save(update_fields=["store_count", "updated_at"])
    return totals


BOUNDARY_FROM_STORES_MAX = 500


@dataclass
class StoresBoundary:
    boundary: dict
    store_count: int
    area_m2: float


def district_boundary_from_stores(*, local_government, store_ids) -> StoresBoundary:
    """A boundary around stores an official picked from a list: the keyboard (and GIS-free) way to
    outline a district. Pure: nothing is saved; the form shows it and the criteria check runs on it.
    The same hull-and-margin outline the demo districts were carved with (geo.outline_hull)."""
    try:
        ids = sorted({int(pk) for pk in store_ids or []})
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Choose stores from the list."), field="stores") from exc
    if not ids:
        raise DomainError(_("Choose at least one store."), field="stores")
    if len(ids) > BOUNDARY_FROM_STORES_MAX:
        raise DomainError(_("Choose at most %(max)d stores.") % {"max": BOUNDARY_FROM_STORES_MAX}, field="stores")
    rows = selectors.store_points_by_ids(local_government, ids)
    if len(rows) != len(ids):
        # Another government's store, or one without a location, cannot shape this government's district.
        raise DomainError(_("%(count)d of the chosen stores are not stores of this government with a location.")
                          % {"count": len(ids) - len(rows)}, field="stores")
    boundary = geo.to_geojson(geo.outline_hull([r[1] for r in rows], [r[2] for r in rows]))
    return StoresBoundary(boundary=boundary, store_count=len(rows), area_m2=geo.area_m2(boundary))

"""seed_demo step: Seo-gu's 119 designated districts, built from the stores that exist.

Runs after the stores step. The real 양동시장 stores (source=market) form their own
district(s); the other districts are carved out of the densest groups of open stores
in each of the 18 dongs (see demo_plan), each meeting the government's density rule
and overlapping no other. A few drafts, one submitted district and one revoked
district are added through the services, as an official would. Deterministic for a
given seed and store set; a second run finds the districts and stops.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Callable

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from . import geo, services
from .demo_plan import Carved, Plan, Rule, plan_districts
from .models import DesignationEvent, District, LocalGovernment

GOVERNMENT_CODE = "29140"
DESIGNATED_TARGET = 119
ACTOR_USERNAME = "official"

THEMES = {  # 대분류 -> names an alley district of that kind is usually given
    "I2": ["먹자골목", "맛집거리", "음식문화거리", "먹거리골목"],
    "G2": ["상점가", "쇼핑거리", "상가거리"],
}
OTHER_THEMES = ["골목상권", "생활상권", "상권"]
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["영수", "정희", "민호", "순자", "성진", "미경", "동현", "은주", "재훈", "혜진", "상철", "경자", "태호", "선영"]


def seed_districts(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        log("  no 서구 government yet: skipped")
        return
    if District.objects.filter(local_government=government).exists():
        log(f"  {District.objects.filter(local_government=government).count()} districts already there: skipped")
        return
    from merchants.models import Store

    rows = list(Store.objects.filter(local_government=government, status=Store.Status.OPEN, lon__isnull=False,
                                     lat__isnull=False).order_by("id")
                .values_list("id", "lon", "lat", "source", "industry__code", "industry__parent__code",
                             "industry__parent__parent__code"))
    if len(rows) < government.min_stores:
        log("  no stores yet (run the stores step first): skipped")
        return
    actor = get_user_model().objects.filter(username=ACTOR_USERNAME).first()
    rng = random.Random(seed)
    plan = _plan(government, rows, seed=seed)
    with transaction.atomic():
        designated = _write_designated(government, plan.designated, rows, actor, rng)
        extras = _write_extras(government, plan, rows, actor, rng)
    held = Store.objects.filter(local_government=government, district__status=District.Status.DESIGNATED).count()
    log(f"  {len(designated)} designated districts holding {held:,} of {len(rows):,} open stores; "
        f"{extras} drafts, submitted and revoked districts")


# --- Planning -----------------------------------------------------------------------------------

def _plan(government, rows, *, seed: int) -> Plan:
    xy = geo.project_points([r[1] for r in rows], [r[2] for r in rows])
    dong_shapes = {pk: geo.to_korea_tm(shape(boundary))
                   for pk, boundary in government.dongs.order_by("code").values_list("id", "boundary")}
    plan = plan_districts(xy, np.array([r[3] == "market" for r in rows]), dong_shapes,
                          Rule(government.min_stores, government.reference_area_m2),
                          designated=DESIGNATED_TARGET, spare=2, seed=seed)
    for carved in [*plan.designated, *plan.spare, *plan.near_misses]:
        carved.polygon = geo.from_korea_tm(carved.polygon)
    return plan


# --- Writing ------------------------------------------------------------------------------------

def _major_code(row) -> str:
    for code in (row[6], row[5], row[4]):
        if code and len(code) == 2:
            return code
    return ""


def _names(government, districts: list[Carved], rows, rng: random.Random) -> list[tuple[str, str]]:
    """(district name, organisation name) for each district, e.g. 치평동 북부 먹자골목 골목형상점가."""
    dong_names = dict(government.dongs.values_list("id", "name"))
    used: Counter = Counter()
    result = []
    market_number = 0
    for district in districts:
        if district.source == "market":
            market_number += 1
            suffix = "" if market_number == 1 else f" 제{market_number}"
            result.append((f"양동시장{suffix} 골목형상점가", f"양동시장{suffix.strip()}골목상인회"))
            continue
        dong = dong_names.get(district.dong_id, "")
        majors = Counter(_major_code(rows[i]) for i in district.inside)
        top = majors.most_common(1)[0][0] if majors else ""
        themes = THEMES.get(top, OTHER_THEMES)
        theme = themes[rng.randrange(len(themes))]
        base = f"{dong} {theme}"
        used[base] += 1
        if used[base] > 1:
            base = f"{dong} 제{used[base]}{theme}"
        result.append((f"{base} 골목형상점가", f"{base.replace(' ', '')}상인회"))
    return result


def _facts(rng: random.Random, stores: int, *, consent_from: float = 0.55, consent_to: float = 0.9) -> dict:
    total = max(stores, 1)
    return {
        "organization_representative": FAMILY[rng.randrange(len(FAMILY))] + GIVEN[rng.randrange(len(GIVEN))],
        "organization_contact": f"062-{rng.randint(350, 380)}-{rng.randint(0, 9999):04d}",
        "merchants_total": total,
        "merchants_consenting": min(total, math.ceil(total * rng.uniform(consent_from, consent_to))),
    }


def _write_designated(government, plan: list[Carved], rows, actor, rng: random.Random) -> list[District]:
    """The designated districts in bulk (as the services would leave them), each checked first."""
    names = _names(government, plan, rows, rng)
    order = sorted(range(len(plan)), key=lambda i: (plan[i].source != "market", plan[i].dong_id or 0,
                                                     -plan[i].polygon.centroid.y, plan[i].polygon.centroid.x))
    start = datetime.date(2023, 5, 1)
    districts, results, geoms = [], [], []
    for number, index in enumerate(order, start=1):
        carved, (name, organization) = plan[index], names[index]
        geom = services.parse_boundary(geo.to_geojson(carved.polygon, precision=7))
        facts = _facts(rng, len(carved.inside))
        result = services.district_check_criteria(
            local_government=government, boundary=geom, organization_name=organization,
            merchants_total=facts["merchants_total"], merchants_consenting=facts["merchants_consenting"])
        if not result.passed:  # rounding to 7 decimals pushed it over an edge: leave it out
            continue
        designated_on = start + datetime.timedelta(days=rng.randrange(0, 960))
        district = District(
            local_government=government, code=f"{government.code}-{number:03d}", name=name,
            organization_name=organization, status=District.Status.DESIGNATED, designated_on=designated_on,
            notice_number=f"{government.name} 고시 제{designated_on.year}-{number}호", created_by=actor,
            version=3, **facts)
        services.set_geometry(district, geom, result)
        districts.append(district)
        results.append(result)
        geoms.append(geom)
    District.objects.bulk_create(districts)
    District.dongs.through.objects.bulk_create([
        District.dongs.through(district_id=d.pk, administrativedong_id=dong_id)
        for d, result in zip(districts, results, strict=True) for dong_id in result.dong_ids])
    _write_history(districts, results, actor)
    for district, geom in zip(districts, geoms, strict=True):
        services.assign_district_stores(district, geom)
    return districts


def _write_history(districts: list[District], results, actor) -> None:
    """Created, submitted and designated events, dated before the designation."""
    Status, Kind = District.Status, DesignationEvent.Kind
    events, times = [], []
    for district, result in zip(districts, results, strict=True):
        designated_at = datetime.datetime.combine(district.designated_on, datetime.time(10, 0),
                                                  tzinfo=timezone.get_current_timezone())
        steps = [(Kind.CREATED, "", Status.DRAFT, 1, 60), (Kind.SUBMITTED, Status.DRAFT, Status.SUBMITTED, 2, 30),
                 (Kind.DESIGNATED, Status.SUBMITTED, Status.DESIGNATED, 3, 0)]
        for kind, from_status, to_status, version, days_before in steps:
            events.append(DesignationEvent(
                district=district, kind=kind, from_status=from_status, to_status=to_status, actor=actor,
                criteria=result.as_dict(), boundary=district.boundary, version=version,
                data={"notice_number": district.notice_number,
                      "designated_on": district.designated_on.isoformat()} if kind == Kind.DESIGNATED else {}))
            times.append(designated_at - datetime.timedelta(days=days_before))
    created = DesignationEvent.objects.bulk_create(events)
    for event, when in zip(created, times, strict=True):  # auto_now_add stamped them all "now"
        DesignationEvent.objects.filter(pk=event.pk).update(created_at=when)


def _write_extras(government, plan: Plan, rows, actor, rng: random.Random) -> int:
    """Through the services, as an official would: a district designated in 2023 and revoked
    since, one submitted and waiting for designation, and drafts still gathering consent or
    stores (near misses of the density rule)."""
    if actor is None:
        return 0
    extras = [("revoked", c, {}) for c in plan.spare[:1]] + [("submitted", c, {}) for c in plan.spare[1:2]]
    draft_consents = [{"consent_from": 0.2, "consent_to": 0.4}, {}, {"consent_from": 0.45, "consent_to": 0.49}]
    extras += [("draft", c, consent) for c, consent in zip(plan.near_misses, draft_consents, strict=False)]
    names = _names(government, [c for _status, c, _consent in extras], rows, rng)
    for (status, carved, consent), (name, organization) in zip(extras, names, strict=True):
        district = services.district_create_draft(
            official=actor, name=name, boundary=geo.to_geojson(carved.polygon, precision=7),
            organization_name=organization, **_facts(rng, len(carved.inside), **consent))
        if status in ("submitted", "revoked"):
            district = services.district_submit(official=actor, district_id=district.pk)
        if status == "revoked":
            district = services.district_designate(
                official=actor, district_id=district.pk, designated_on=datetime.date(2023, 6, 1),
                notice_number=f"{government.name} 고시 제2023-900호")
            services.district_revoke(
                official=actor, district_id=district.pk, ground=District.RevocationGround.SUSPENDED,
                text="상인회 해산 및 점포 휴업 1년 이상 지속", revoked_on=datetime.date(2025, 9, 1))
    return len(extras)

"""Demo step: the 422 real 양동시장 stores, ~16,600 synthetic SEMAS-like stores across 서구's real
dongs, and the demo merchants' claims. Deterministic for a seed; a second run only checks.

Synthetic stores sit inside the real dong polygons, clustered the way shops are: along a
few street segments per dong and around a few centres, more in commercial dongs (see
merchants.demo_data.DONG_WEIGHTS). Their industries follow a SEMAS-like mix at 소분류
level with real codes, including 유흥주점 (I21101) and 부동산 (L10203) stores so the
Onnuri restrictions have real cases.
"""

from __future__ import annotations

import datetime
import math
import random
import re
from collections import Counter
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import transaction

from . import bizno, taxonomy
from .demo_data import (
    DONG_BIAS,
    DONG_ROADS,
    DONG_WEIGHTS,
    GIVEN,
    INDUSTRY_WEIGHTS,
    LEGAL_DONG,
    NAME_PATTERNS,
    OPENING_HOURS,
    SURNAMES,
    WORDS,
)
from .models import IndustryCategory, Merchant, Store, StoreClaim

GOVERNMENT_CODE = "29140"
TARGET_TOTAL = 17_000
DEMO_PREFIX = "DEMO"
YANGDONG_FILE = "gwangju-seogu-yangdong-market-stores-20211119.csv"
METRES_PER_DEGREE_LAT = 110_950.0


def seed_stores(seed: int, log: Callable[[str], None]) -> None:
    from districts.models import LocalGovernment

    from .importers import import_stores

    government = LocalGovernment.objects.get(code=GOVERNMENT_CODE)
    result = import_stores(settings.BASE_DIR / "data" / YANGDONG_FILE, local_government=government)
    log(f"  양동시장 (real): {result.created} created, {result.unchanged} unchanged, "
        f"{result.unassigned} without a dong (flagged for review)")
    if Store.objects.filter(local_government=government, external_id__startswith=DEMO_PREFIX).exists():
        log("  synthetic stores already there")
    else:
        count = _create_synthetic_stores(government, seed=seed,
                                         total=TARGET_TOTAL - Store.objects.filter(local_government=government).count())
        log(f"  {count} synthetic stores created")
    log("  " + _seed_claims())


def _ensure_categories() -> dict[str, int]:
    """Every category the demo uses, with its parents (real SEMAS codes and names)."""
    wanted = {}
    for code in INDUSTRY_WEIGHTS:
        for level, (chain_code, name) in enumerate(taxonomy.chain_for(code), start=1):
            wanted[chain_code] = (name, level)
    existing = dict(IndustryCategory.objects.values_list("code", "id"))
    for code in sorted(wanted, key=len):
        if code not in existing:
            name, level = wanted[code]
            parent_code = {4: code[:2], 6: code[:4]}.get(len(code))
            parent_id = existing.get(parent_code) if parent_code else None
            existing[code] = IndustryCategory.objects.create(code=code, name=name, level=level,
                                                             parent_id=parent_id).pk
    return existing


def _allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` proportionally to `weights` (largest remainders)."""
    scale = total / sum(weights.values())
    raw = {key: weight * scale for key, weight in weights.items()}
    counts = {key: int(value) for key, value in raw.items()}
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _points_in_dong(locator, dong, count: int, gen: np.random.Generator) -> np.ndarray:
    """`count` points inside the dong: 65 % along a few street segments, the rest around centres."""
    lat0 = (dong.min_lat + dong.max_lat) / 2
    metres_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat0))

    def inside(lons, lats):
        located = locator.locate(lons, lats)
        return np.array([key == dong.pk for key in located], dtype=bool)

    # Centres: uniform in the dong (rejection sampling in its bounding box).
    n_centres = max(2, min(40, count // 90))
    centres = np.empty((0, 2))
    while len(centres) < n_centres:
        lons = gen.uniform(dong.min_lon, dong.max_lon, n_centres * 4)
        lats = gen.uniform(dong.min_lat, dong.max_lat, n_centres * 4)
        keep = inside(lons, lats)
        centres = np.vstack([centres, np.column_stack([lons[keep], lats[keep]])])
    centres = centres[:n_centres]
    angles = gen.uniform(0, math.pi, n_centres)
    lengths = gen.uniform(150, 600, n_centres)  # metres of street per centre

    points = np.empty((0, 2))
    for _attempt in range(30):
        need = count - len(points)
        if need <= 0:
            break
        batch = need * 2 + 20
        which = gen.integers(0, n_centres, batch)
        street = gen.random(batch) < 0.65
        along = gen.uniform(-0.5, 0.5, batch) * lengths[which]
        across = gen.normal(0, 12, batch)  # shops line both sides of the street
        blob_x, blob_y = gen.normal(0, 70, batch), gen.normal(0, 70, batch)
        dx = np.where(street, along * np.cos(angles[which]) - across * np.sin(angles[which]), blob_x)
        dy = np.where(street, along * np.sin(angles[which]) + across * np.cos(angles[which]), blob_y)
        lons = centres[which, 0] + dx / metres_lon
        lats = centres[which, 1] + dy / METRES_PER_DEGREE_LAT
        keep = inside(lons, lats)
        points = np.vstack([points, np.column_stack([lons[keep], lats[keep]])[:need]])
    return points


def _industry_weights(dong_name: str) -> dict[str, float]:
    bias = DONG_BIAS.get(dong_name, {})
    weights = {}
    for code, weight in INDUSTRY_WEIGHTS.items():
        factor = next((f for prefix, f in bias.items() if code.startswith(prefix)), 1.0)
        weights[code] = weight * factor
    return weights


def _name(rng: random.Random, code: str, dong_short: str, used: Counter) -> tuple[str, str]:
    """A store name, and a branch for a chain: 치평점, then 치평2호점 ... for more branches in one dong.
    Other names are drawn again when the dong already has one of that name."""
    for _attempt in range(6):
        pattern = rng.choice(NAME_PATTERNS.get(code, ["{w}"]))
        text = pattern.format(w=rng.choice(WORDS), s=rng.choice(SURNAMES), n=rng.choice(GIVEN), d=dong_short)
        name, _sep, branch = text.partition("|")
        if branch or not used[(name, dong_short)]:
            break
    used[(name, dong_short)] += 1
    if branch and used[(name, dong_short)] > 1:
        branch = f"{dong_short}{used[(name, dong_short)]}호점"
    return name.strip(), branch.strip()


def _opening_date(rng: random.Random) -> datetime.date:
    year = max(1990, min(2026, int(2026 - rng.expovariate(1 / 6.5))))  # most shops are a few years old
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365 if year < 2026 else 300))


def _business_number(rng: random.Random, *, chain: bool) -> str:
    office = rng.choice(["408", "409", "410", "419"])  # Gwangju tax offices
    middle = rng.choice(["81", "86", "87"]) if chain else f"{rng.randint(1, 79):02d}"
    return bizno.make_valid(f"{office}{middle}{rng.randrange(10_000):04d}")


def _create_synthetic_stores(government, *, seed: int, total: int) -> int:
    from districts.selectors import dong_locator, dongs_of

    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    categories = _ensure_categories()
    locator = dong_locator(government)
    dongs = {dong.name: dong for dong in dongs_of(government)}
    per_dong = _allocate(total, {name: weight for name, weight in DONG_WEIGHTS.items() if name in dongs})
    stores, sequence, chains = [], 0, Counter()
    for dong_name, count in per_dong.items():
        dong = dongs[dong_name]
        dong_short = re.sub(r"\d*동$", "", dong_name)
        dong_short = dong_short if len(dong_short) > 1 else dong_name  # 양동 stays 양동, 화정1동 becomes 화정
        legal = LEGAL_DONG.get(dong_name, re.sub(r"\d+동$", "동", dong_name))
        weights = _industry_weights(dong_name)
        codes = rng.choices(list(weights), weights=list(weights.values()), k=count)
        for (lon, lat), code in zip(_points_in_dong(locator, dong, count, gen), codes, strict=False):
            sequence += 1
            name, branch = _name(rng, code, dong_short, chains)
            opened_on = _opening_date(rng)
            closed = rng.random() < 0.05
            closed_on = (opened_on + datetime.timedelta(days=rng.randint(200, 3000))) if closed else None
            if closed_on and closed_on > datetime.date(2026, 10, 31):
                closed_on = datetime.date(2026, 10, 31) - datetime.timedelta(days=rng.randint(0, 400))
            if closed_on and closed_on < opened_on:
                closed, closed_on = False, None
            road = rng.choice(DONG_ROADS[dong_name])
            stores.append(Store(
                local_government=government, source=Store.Source.SEMAS, external_id=f"{DEMO_PREFIX}{sequence:08d}",
                name=name, branch=branch, industry_id=categories[code],
                business_number=_business_number(rng, chain=bool(branch)) if rng.random() < 0.9 else "",
                road_address=f"광주광역시 서구 {road} {rng.randint(1, 320)}",
                lot_address=f"광주광역시 서구 {legal} {rng.randint(1, 1400)}-{rng.randint(1, 30)}",
                floor=rng.choices(["1", "2", "3", "4", "지하1"], weights=[70, 15, 7, 3, 5])[0],
                phone=f"062-{rng.randint(350, 389)}-{rng.randrange(10_000):04d}" if rng.random() < 0.3 else "",
                lon=round(float(lon), 7), lat=round(float(lat), 7), dong=dong,
                status=Store.Status.CLOSED if closed else Store.Status.OPEN, opened_on=opened_on, closed_on=closed_on,
            ))
    with transaction.atomic():
        Store.objects.bulk_create(stores, batch_size=2_000)
    return len(stores)


def _demo_certificate(name: str):
    """A blank scanned 'certificate' (PNG): claims need evidence that an official reviews."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (420, 594), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(f"사업자등록증-{name}.png", buffer.getvalue(), content_type="image/png")


def _seed_claims() -> str:
    """`merchant` owns two stores, `merchant2` one plus a pending claim: each claimed with a certificate,
    confirmed by the demo official."""
    from django.contrib.auth import get_user_model

    from .services import claim_approve, claim_store, store_update_contact

    merchants = {m.user.username: m for m in Merchant.objects.select_related("user").filter(
        user__username__in=["merchant", "merchant2"])}
    if len(merchants) < 2:
        return "demo merchants missing: no claims"
    if StoreClaim.objects.filter(merchant__in=merchants.values()).exists():
        return "merchants' claims already there"
    official = get_user_model().objects.filter(username="official").first()
    if official is None or not official.is_official:
        return "demo official missing: no claims"
    candidates = Store.objects.filter(local_government__code=GOVERNMENT_CODE, external_id__startswith=DEMO_PREFIX,
                                      status=Store.Status.OPEN, owner__isnull=True).exclude(business_number="")
    plan = [("merchant", "양동", "I2"), ("merchant", "화정1동", "G2"), ("merchant2", "치평동", "I212")]
    for username, dong, industry in plan:
        store = candidates.filter(dong__name=dong, industry__code__startswith=industry).order_by("external_id").first()
        if store is None:
            continue
        user = merchants[username].user
        claim = claim_store(store_id=store.pk, merchant_user=user, business_number=store.business_number,
                            evidence=_demo_certificate(username))
        claim_approve(claim_id=claim.pk, official=official, note="사업자등록증 확인")
        store.refresh_from_db()
        store_update_contact(store_id=store.pk, merchant_user=user, version=store.version,
                             phone=store.phone or "062-362-0000", opening_hours=OPENING_HOURS[store.pk % 5])
    market_stall = Store.objects.filter(source=Store.Source.MARKET, external_id="936").first()  # 광성수산, 양동시장
    if market_stall is not None:
        claim_store(store_id=market_stall.pk, merchant_user=merchants["merchant2"].user,
                    business_number=bizno.make_valid("408010936"), evidence=_demo_certificate("merchant2"))
    return "merchants' claims: 3 confirmed, 1 waiting for an official"

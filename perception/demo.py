"""Demo data: resident survey answers over 2025 Q1 – 2026 Q4 (seed_demo step, before the dashboard's).

Deterministic for a given seed (random.Random(seed)) and idempotent: a second run only checks that
demo answers exist. Every answer is marked `is_synthetic`. Nine districts ran the survey
actively (posters up: 10-20 answers a quarter), some more had a few answers (under the n 10 of the
results, so their figures are suppressed), the rest none. Satisfaction rises gently, about 0.07
points a quarter, from a level of its own per district. Free texts are drawn from a small, varied
set of natural Korean sentences. Written with one bulk insert (the rules of
`services.response_submit` hold: scales 1-5, one answer per device hash, district and quarter).
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from districts.models import District, LocalGovernment

from . import periods
from .models import AgeBand, PerceptionResponse

GOVERNMENT_CODE = "29140"
FIRST_QUARTER = datetime.date(2025, 1, 1)
LAST_QUARTER = datetime.date(2026, 10, 1)
ACTIVE_DISTRICTS = 9  # posters up: 10-20 answers a quarter
SMALL_DISTRICTS = 12  # a few answers a quarter (suppressed in the results)
TREND_PER_QUARTER = 0.07

# What residents would improve: an opening, sometimes a second thought. Kept natural and varied so the
# keyword counts have some spread (주차, 온누리상품권, 청결, 가격 표시, 쉼터 …).
IMPROVEMENTS = [
    "주차할 곳이 너무 부족해요.", "공영주차장이 멀어서 장 보러 오기 불편합니다.",
    "주말에는 주차 공간이 없어서 그냥 돌아갑니다.",
    "온누리상품권을 받는 가게가 더 많아졌으면 좋겠어요.", "온누리상품권 가맹점 표시가 잘 안 보여요.",
    "모바일 온누리상품권 결제가 안 되는 가게가 아직 있어요.", "카드형 온누리상품권을 쓸 수 있는 곳을 알려 주세요.",
    "골목이 어두워서 밤에 다니기 무서워요. 가로등을 늘려 주세요.", "길바닥이 울퉁불퉁해서 유모차 끌기가 힘들어요.",
    "쓰레기가 쌓여 있을 때가 많아요. 청소를 자주 해 주세요.", "음식물 쓰레기 냄새가 나요.",
    "가격 표시가 없는 가게가 많아서 물어보기 민망해요.", "가격 표시를 잘 해 주시면 좋겠습니다.",
    "앉아서 쉴 수 있는 쉼터가 있으면 좋겠어요.", "공중화장실이 없어서 불편합니다.",
    "젊은 사람들이 올 만한 가게가 더 생겼으면 해요.", "저녁 늦게까지 여는 가게가 많아졌으면 좋겠어요.",
    "상인분들이 친절해서 좋아요. 지금처럼만 해 주세요.", "행사나 축제를 자주 열어 주세요.",
    "골목 안내 지도가 있으면 처음 오는 사람도 찾기 쉬울 것 같아요.", "간판 정비 후 골목이 훨씬 깔끔해졌어요.",
    "배달 오토바이가 인도로 다녀서 위험해요.", "비 오는 날 걸을 수 있게 아케이드 지붕이 있으면 좋겠어요.",
    "장바구니 카트를 빌려 주는 곳이 있으면 좋겠어요.", "빈 점포가 늘어서 골목이 썰렁해요.",
]
SECOND_THOUGHTS = [
    "", "", "", "어르신들이 많이 다니는 길이에요.", "아이들과 자주 오는데 아쉬워요.", "항상 잘 이용하고 있습니다.",
    "주차 문제만 해결되면 더 자주 올 것 같아요.", "온누리상품권 할인 행사는 정말 좋아요.",
]
AGE_WEIGHTS = [(AgeBand.UNDER_20, 3), (AgeBand.TWENTIES, 10), (AgeBand.THIRTIES, 15), (AgeBand.FORTIES, 18),
               (AgeBand.FIFTIES, 20), (AgeBand.SIXTIES, 19), (AgeBand.SEVENTY_PLUS, 15)]


def _scale(rng: random.Random, mean: float, sd: float = 0.95) -> int:
    return max(1, min(5, round(rng.gauss(mean, sd))))


def _quarter_days(quarter: datetime.date, today: datetime.date) -> list[datetime.date]:
    last = min(periods.quarter_end(quarter), today)
    return [quarter + datetime.timedelta(days=i) for i in range((last - quarter).days + 1)]


def build_responses(government, districts, *, seed: int, today: datetime.date) -> list[PerceptionResponse]:
    rng = random.Random(seed * 7919 + 14)
    districts = sorted(districts, key=lambda d: d.pk)
    rng.shuffle(districts)
    active, small = districts[:ACTIVE_DISTRICTS], districts[ACTIVE_DISTRICTS:ACTIVE_DISTRICTS + SMALL_DISTRICTS]
    government_dongs = list(government.dongs.values_list("pk", flat=True))
    quarters = [q for q in periods.quarters_between(FIRST_QUARTER, LAST_QUARTER) if q <= today]
    ages, age_weights = zip(*AGE_WEIGHTS, strict=True)
    responses = []
    for district in active + small:
        level = rng.uniform(2.9, 3.7)
        own_dongs = list(district.dongs.values_list("pk", flat=True)) or government_dongs
        is_active = district in active
        for index, quarter in enumerate(quarters):
            count = rng.randint(10, 20) if is_active else rng.randint(1, 6)
            if is_active and index == 0 and rng.random() < 0.3:
                count = rng.randint(4, 9)  # a slow first quarter: suppressed
            days = _quarter_days(quarter, today)
            mean = level + TREND_PER_QUARTER * index
            for _i in range(count):
                satisfaction = _scale(rng, mean)
                usability = None if rng.random() < 0.22 else _scale(rng, mean - 0.2 + 0.05 * index, 1.0)
                recommend = max(1, min(5, satisfaction + rng.choice((-1, 0, 0, 0, 1))))
                text = ""
                if rng.random() < 0.45:
                    text = f"{rng.choice(IMPROVEMENTS)} {rng.choice(SECOND_THOUGHTS)}".strip()
                dong_id = None
                if rng.random() < 0.65:
                    dong_id = rng.choice(own_dongs) if rng.random() < 0.8 else rng.choice(government_dongs)
                device = hashlib.sha256(f"demo-{seed}-{rng.random()}".encode()).hexdigest()
                responses.append(PerceptionResponse(
                    local_government=government, district=district, dong_id=dong_id, period=quarter,
                    answered_on=rng.choice(days), satisfaction=satisfaction, onnuri_usability=usability,
                    recommend=recommend, improvement=text,
                    age_band=rng.choices(ages, age_weights)[0] if rng.random() < 0.75 else "",
                    device_hash=device, is_synthetic=True,
                ))
    return responses


def seed_responses(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        log("  no 서구: skipped")
        return
    if PerceptionResponse.objects.filter(local_government=government, is_synthetic=True).exists():
        log("  survey answers already there")
        return
    districts = list(District.objects.filter(local_government=government, status=District.Status.DESIGNATED)
                     .prefetch_related("dongs"))
    if not districts:
        log("  no designated districts: skipped")
        return
    with transaction.atomic():
        responses = build_responses(government, districts, seed=seed, today=timezone.localdate())
        PerceptionResponse.objects.bulk_create(responses, batch_size=1000)
    log(f"  {len(responses)} synthetic survey answers in {len({r.district_id for r in responses})} districts")

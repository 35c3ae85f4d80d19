"""seed_demo step: merchants' consent records for some of 서구's districts.

Runs after the districts step. The drafts and the submitted district get records, as do a handful of
designated districts (the first by code, the 양동시장 one among them), at plausible rates: some under the
½ the government needs, so the criteria fail visibly (a draft still gathering consent, a designated
district where merchants took their consent back since); a few consents are withdrawn, with a reason.
Deterministic for a given seed; a second run finds records and stops.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import District, LocalGovernment

from . import selectors
from .models import ConsentRecord

GOVERNMENT_CODE = "29140"
ACTOR_USERNAME = "official"
DESIGNATED_WITH_RECORDS = 6
# Rates of consent (share of the counted stores), in the order the districts are taken.
DRAFT_RATES = (0.32, 0.62, 0.47, 0.55)
SUBMITTED_RATES = (0.68, 0.58)
DESIGNATED_RATES = (0.74, 0.81, 0.46, 0.66, 0.58, 0.9)
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["영수", "정희", "민호", "순자", "성진", "미경", "동현", "은주", "재훈", "혜진", "상철", "경자", "태호", "선영"]
ROLES = [ConsentRecord.Role.OWNER] * 7 + [ConsentRecord.Role.MANAGER, ConsentRecord.Role.FAMILY,
                                          ConsentRecord.Role.EMPLOYEE]
WITHDRAWAL_REASONS = ["점포 양도로 새 대표가 동의를 철회함", "상인회 회비 문제로 동의 철회 의사를 서면 제출",
                      "영업 방식 변경으로 지정 반대 의견 제출"]


def seed_consents(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        log("  no 서구 government yet: skipped")
        return
    if ConsentRecord.objects.filter(local_government=government).exists():
        log(f"  {ConsentRecord.objects.filter(local_government=government).count()} consent records already "
            "there: skipped")
        return
    districts = District.objects.filter(local_government=government).select_related("local_government")
    drafts = list(districts.filter(status=District.Status.DRAFT).order_by("code"))
    submitted = list(districts.filter(status=District.Status.SUBMITTED).order_by("code"))
    designated = list(districts.filter(status=District.Status.DESIGNATED).order_by("code")[:DESIGNATED_WITH_RECORDS])
    if not (drafts or submitted or designated):
        log("  no districts yet (run the districts step first): skipped")
        return
    actor = get_user_model().objects.filter(username=ACTOR_USERNAME).first()
    rng = random.Random(seed)
    today = timezone.localdate()
    plan = [*zip(drafts, DRAFT_RATES, strict=False), *zip(submitted, SUBMITTED_RATES, strict=False),
            *zip(designated, DESIGNATED_RATES, strict=False)]
    records, withdrawn = [], 0
    with transaction.atomic():
        for district, rate in plan:
            store_ids = sorted(selectors.counted_store_ids(district))
            if not store_ids:
                continue
            rng.shuffle(store_ids)
            consenting = math.ceil(len(store_ids) * rate)
            # A few more signed and took it back since (their stores count as not consenting).
            taken_back = min(len(store_ids) - consenting, rng.randint(1, 3))
            start = (district.designated_on or today) - datetime.timedelta(days=120)
            for index, store_id in enumerate(store_ids[:consenting + taken_back]):
                signed_on = min(today, start + datetime.timedelta(days=rng.randrange(0, 90)))
                record = ConsentRecord(
                    local_government=government, district=district, store_id=store_id,
                    signer_name=FAMILY[rng.randrange(len(FAMILY))] + GIVEN[rng.randrange(len(GIVEN))],
                    signer_role=ROLES[rng.randrange(len(ROLES))], signed_on=signed_on,
                    method=ConsentRecord.Method.IN_PERSON if rng.random() < 0.25 else ConsentRecord.Method.FORM,
                    recorded_by=actor)
                if index >= consenting:
                    withdrawn_on = min(today, signed_on + datetime.timedelta(days=rng.randrange(20, 200)))
                    record.status = ConsentRecord.Status.WITHDRAWN
                    record.withdrawn_on, record.withdrawn_by = withdrawn_on, actor
                    record.withdrawn_at = timezone.make_aware(datetime.datetime.combine(withdrawn_on,
                                                                                        datetime.time(15, 0)))
                    record.withdrawal_reason = WITHDRAWAL_REASONS[rng.randrange(len(WITHDRAWAL_REASONS))]
                    withdrawn += 1
                records.append(record)
        ConsentRecord.objects.bulk_create(records)
    log(f"  {len(records):,} consent records ({withdrawn} withdrawn) for {len(plan)} districts")

"""Demo data of the Onnuri programme (`seed_demo` step `giftcerts.demo.seed_franchises`).

Runs after the stores and districts steps and works on whatever stores and districts
exist then: about 85% of the eligible stores get a franchise (the real Seo-gu dashboard
reports 85.2%), issued over the last two years; applications in every state (the demo
merchants' stores first); six information sessions with registrations; a few outreach
visits; the recognised markets of the government from the national standard data.

Deterministic (random.Random(seed), ids in order), idempotent (each part is skipped when
its records exist), and fast on a second run (a handful of existence queries).
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from merchants import bizno

from . import rules
from .models import (
    ApplicationDocument,
    ApplicationEvent,
    DocumentRequirement,
    Franchise,
    FranchiseApplication,
    FranchiseEvent,
    FranchiseNumberCounter,
    InfoSession,
    OutreachVisit,
    SessionRegistration,
)

FRANCHISE_SHARE = 0.852  # the real Seo-gu dashboard's franchise rate
MARKETS_FILE = "gwangju-traditional-markets-standard.csv"
KIND_SETS = [["paper", "card", "mobile"]] * 6 + [["paper", "card"]] * 2 + [["paper"], ["card", "mobile"]]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "예준", "수아", "정호", "영숙", "순자", "상철",
         "미경", "경희", "동현", "혜진", "성민", "옥순"]
Status = FranchiseApplication.Status

# The minimal valid PDF (one blank page) used as every demo document.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
            b"%%EOF\n")


def seed_franchises(seed: int, log: Callable[[str], None]) -> None:
    from districts.models import LocalGovernment

    for government in LocalGovernment.objects.filter(stores__isnull=False).distinct().order_by("code"):
        rng = random.Random(f"{seed}-{government.code}")
        _markets(government, log)
        if government.code == "29140":
            DocumentRequirement.objects.get_or_create(
                local_government=government, code="lease_contract",
                defaults={"name": "임대차계약서 사본", "required": False, "order": 10,
                          "description": "점포를 임차한 경우에만 올려 주세요."})
        today = timezone.localdate()
        reserved = _applications(government, rng, today, log)
        _franchises(government, rng, today, reserved, log)
        if government.code == settings.DEFAULT_LOCAL_GOVERNMENT_CODE:
            _sessions(government, rng, log)
        _visits(government, rng, today, log)


def _markets(government, log) -> None:
    from .markets import markets_load_standard_csv

    if government.recognised_markets.exists():
        return
    result = markets_load_standard_csv(path=settings.BASE_DIR / "data" / MARKETS_FILE, local_government=government)
    log(f"  {government.code}: {len(result.created)} recognised markets loaded")


def _eligible_stores(government) -> list:
    """The stores that could hold a franchise, by the same rules as an application (selectors)."""
    from .selectors import outreach_candidates

    return [row.store for row in outreach_candidates(government)]


def _issue_numbers(government, franchises) -> None:
    """Give franchises their numbers in valid_from order and move the counters past them."""
    per_year = defaultdict(int)
    for counter in FranchiseNumberCounter.objects.filter(local_government=government):
        per_year[counter.year] = counter.last_value
    for franchise in sorted(franchises, key=lambda f: (f.valid_from, f.store_id)):
        per_year[franchise.valid_from.year] += 1
        franchise.number = f"{government.code}-{franchise.valid_from.year}-{per_year[franchise.valid_from.year]:05d}"
    for year, last in per_year.items():
        FranchiseNumberCounter.objects.update_or_create(local_government=government, year=year,
                                                        defaults={"last_value": last})


@transaction.atomic
def _franchises(government, rng, today, reserved: set, log) -> None:
    if Franchise.objects.filter(store__local_government=government, application__isnull=True).exists():
        return
    stores = [s for s in _eligible_stores(government) if s.pk not in reserved]
    rng.shuffle(stores)
    count = round(len(stores) * FRANCHISE_SHARE)
    chosen, rest = stores[:count], stores[count:]
    franchises = []
    for store in chosen:
        if rng.random() < 0.03:  # a few from nearly three years ago: renewals and outreach are due
            valid_from = rules.add_years(today, -rules.FRANCHISE_TERM_YEARS) + datetime.timedelta(
                days=rng.randint(10, 85))
        else:
            valid_from = today - datetime.timedelta(days=rng.randint(0, 730))
        franchises.append(Franchise(store=store, kinds=rng.choice(KIND_SETS), valid_from=valid_from,
                                    valid_until=rules.add_years(valid_from, rules.FRANCHISE_TERM_YEARS)))
    # Three cancelled with a re-registration ban, to show the rule at work.
    for store in rest[:3]:
        valid_from = today - datetime.timedelta(days=rng.randint(200, 600))
        franchises.append(Franchise(
            store=store, kinds=["paper", "card"], valid_from=valid_from,
            valid_until=rules.add_years(valid_from, rules.FRANCHISE_TERM_YEARS), status=Franchise.Status.CANCELLED,
            cancelled_at=timezone.now(), cancel_reason="상품권 부정 수취(환전 목적 거래) 적발",
            ban_until=rules.add_years(today, 1)))
    _issue_numbers(government, franchises)
    created = Franchise.objects.bulk_create(franchises, batch_size=2000)
    FranchiseEvent.objects.bulk_create([
        FranchiseEvent(franchise=f, to_status=f.status, message="데모 데이터: 기존 가맹점") for f in created
    ], batch_size=2000)
    log(f"  {government.code}: {len(chosen)} of {len(stores)} eligible stores franchised "
        f"({len(chosen) / max(len(stores), 1):.1%}), 3 cancelled")


def _applicant_for(store, rng, index):
    """The store's owner, or a demo merchant made its owner (stores without one come from SEMAS)."""
    from merchants.models import Merchant

    if store.owner_id:
        return store.owner.user
    User = get_user_model()
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    user, created = User.objects.get_or_create(username=f"onnuri-demo-{store.local_government.code}-{index:02d}",
                                               defaults={"role": "merchant", "last_name": name[0],
                                                         "first_name": name[1:], "email": ""})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    merchant, _created = Merchant.objects.get_or_create(user=user)
    store.owner = merchant
    store.save(update_fields=["owner"])
    return user


# Applications per state: the queue has work, and every state shows up at least once.
STATE_PLAN = ([Status.SUBMITTED] * 8 + [Status.SUPPLEMENT_REQUESTED] * 3 + [Status.APPROVED] * 4
              + [Status.REJECTED] * 2 + [Status.WITHDRAWN] * 2 + [Status.DRAFT] * 2)
SUPPLEMENT_MESSAGE = "사업자등록증 사본이 흐립니다. 글자가 보이도록 다시 올려 주세요."
REJECT_MESSAGE = "현장 확인 결과 장기 휴업 중인 점포로 확인되었습니다."
DEMO_MERCHANT_PLAN = [Status.APPROVED, Status.SUPPLEMENT_REQUESTED, Status.SUBMITTED, Status.DRAFT]


@transaction.atomic
def _applications(government, rng, today, log) -> set:
    """Applications in every state; returns the ids of the stores they use."""
    existing = set(FranchiseApplication.objects.filter(store__local_government=government)
                   .values_list("store_id", flat=True))
    if existing:
        return existing
    official = get_user_model().objects.filter(role="official", local_government=government).order_by("id").first()
    eligible = _eligible_stores(government)
    demo_owned = [s for s in eligible if s.owner_id and s.owner.user.username in ("merchant", "merchant2")]
    others = [s for s in eligible if s not in demo_owned]
    rng.shuffle(others)
    plan = list(zip(demo_owned, DEMO_MERCHANT_PLAN, strict=False))
    plan += list(zip(others, STATE_PLAN, strict=False))
    for index, (store, state) in enumerate(plan, start=1):
        if not bizno.is_valid(store.business_number):
            store.business_number = bizno.make_valid(f"{rng.randint(101, 899)}{rng.randint(1, 88):02d}"
                                                     f"{rng.randint(0, 9999):04d}")
            store.save(update_fields=["business_number"])
        _application(store, state, _applicant_for(store, rng, index), official, rng, today)
    log(f"  {government.code}: {len(plan)} applications in every state")
    return {store.pk for store, _state in plan}


def _application(store, state, applicant, official, rng, today) -> None:
    from . import eligibility

    submitted = timezone.now() - datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 8))
    revenue = rng.randrange(40_000_000, 1_500_000_000, 1_000_000)
    app = FranchiseApplication.objects.create(
        store=store, applicant=applicant, kinds=rng.choice(KIND_SETS), declared_revenue_won=revenue,
        status=state, submitted_at=None if state == Status.DRAFT else submitted)
    app.eligibility = eligibility.as_dicts(eligibility.check_eligibility(store, declared_revenue_won=revenue))
    events = [(Status.DRAFT, "", applicant, "신청서 작성을 시작했습니다.")]
    if state != Status.DRAFT:
        events.append((Status.SUBMITTED, Status.DRAFT, applicant, "검토를 요청했습니다."))
    if state == Status.SUPPLEMENT_REQUESTED:
        app.supplement_requested_at = submitted + datetime.timedelta(days=2)
        events.append((state, Status.SUBMITTED, official, SUPPLEMENT_MESSAGE))
    elif state in (Status.APPROVED, Status.REJECTED):
        app.decided_at, app.decided_by = submitted + datetime.timedelta(days=rng.randint(1, 6)), official
        message = "승인되었습니다." if state == Status.APPROVED else REJECT_MESSAGE
        events.append((state, Status.SUBMITTED, official, message))
    elif state == Status.WITHDRAWN:
        events.append((state, Status.SUBMITTED, applicant, "다른 점포로 다시 신청하겠습니다."))
    app.save()
    created = ApplicationEvent.objects.bulk_create([
        ApplicationEvent(application=app, to_status=to, from_status=frm, actor=actor, message=msg,
                         notified_at=timezone.now()) for to, frm, actor, msg in events])
    # Date the history as it happened: started an hour before submission, decided days later.
    times = [submitted - datetime.timedelta(hours=1), submitted, app.supplement_requested_at or app.decided_at
             or submitted + datetime.timedelta(days=1)]
    for event, when in zip(created, times, strict=False):
        ApplicationEvent.objects.filter(pk=event.pk).update(created_at=when)
    document = ApplicationDocument(application=app, kind="business_registration", original_name="사업자등록증.pdf",
                                   content_type="application/pdf", size_bytes=len(DEMO_PDF),
                                   sha256=hashlib.sha256(DEMO_PDF).hexdigest())
    document.file.save("demo.pdf", ContentFile(DEMO_PDF), save=False)
    document.save()
    if state == Status.APPROVED:
        valid_from = timezone.localdate(app.decided_at)
        franchise = Franchise(store=store, application=app, kinds=app.kinds, valid_from=valid_from,
                              valid_until=rules.add_years(valid_from, rules.FRANCHISE_TERM_YEARS))
        _issue_numbers(store.local_government, [franchise])
        franchise.save()
        FranchiseEvent.objects.create(franchise=franchise, to_status=franchise.status, actor=official,
                                      message=f"신청 {app.pk} 승인으로 발급")


@transaction.atomic
def _sessions(government, rng, log) -> None:
    if InfoSession.objects.filter(local_government=government).exists():
        return
    dongs = {dong.name: dong for dong in government.dongs.all()}
    official = get_user_model().objects.filter(role="official", local_government=government).order_by("id").first()
    merchants = list(get_user_model().objects.filter(username__in=["merchant", "merchant2"]).order_by("username"))
    now = timezone.localtime()
    plan = [  # days from today, title, venue, its dong, capacity, registrations
        (-30, "온누리상품권 가맹 설명회 (양동시장)", "양동시장 상인회 사무실 2층", "양동", 30, 24),
        (-9, "골목형상점가 온누리 가맹 설명회 (상무지구)", "치평동 행정복지센터 대회의실", "치평동", 40, 31),
        (1, "온누리상품권 모바일·카드 결제 설명회", "서구청 2층 대회의실", "치평동", 60, 37),
        (6, "신규 가맹 희망 상인 설명회 (금호지구)", "금호1동 행정복지센터 3층", "금호1동", 25, 25),
        (13, "화정동 골목상권 온누리 가맹 설명회", "화정4동 행정복지센터", "화정4동", 30, 12),
        (27, "온누리상품권 부정유통 예방 교육", "서구청 1층 교육장", "치평동", 50, 8),
    ]
    sessions = []
    for days, title, venue, dong_name, capacity, registered in plan:
        starts = (now + datetime.timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0)
        session = InfoSession.objects.create(
            local_government=government, title=title, venue=venue, capacity=capacity, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1, minutes=30), dong=dongs.get(dong_name),
            created_by=official, description="온누리상품권 가맹 조건, 신청 방법, 결제 단말기 설치를 안내합니다.")
        sessions.append(session)
        rows = []
        for i in range(registered):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            rows.append(SessionRegistration(
                session=session, kind=SessionRegistration.Kind.RESIDENT, name=name,
                phone=f"010-{rng.randint(2000, 9999)}-{i:04d}",
                attended=(rng.random() < 0.8) if days < 0 else None))
        if days > 0 and merchants and registered < capacity:
            user = merchants[days % len(merchants)]
            rows[-1] = SessionRegistration(session=session, user=user, kind=SessionRegistration.Kind.MERCHANT,
                                           name=user.display_name, phone="010-5555-0000", email=user.email)
        SessionRegistration.objects.bulk_create(rows)
    log(f"  {government.code}: {len(sessions)} information sessions with registrations")


@transaction.atomic
def _visits(government, rng, today, log) -> None:
    if OutreachVisit.objects.filter(local_government=government).exists():
        return
    from .selectors import outreach_candidates

    official = get_user_model().objects.filter(role="official", local_government=government).order_by("id").first()
    rows = outreach_candidates(government)[:200]
    outcomes = [("will_apply", ""), ("refused", "카드 수수료 부담으로 당분간 가입하지 않겠다고 함"),
                ("will_apply", ""), ("refused", "고객 중 상품권 사용자가 적다고 판단"), ("joined", "")]
    visits = []
    for row in rng.sample(rows, min(12, len(rows))):
        outcome, reason = rng.choice(outcomes)
        visits.append(OutreachVisit(store=row.store, local_government=government, outcome=outcome, reason=reason,
                                    visited_on=today - datetime.timedelta(days=rng.randint(1, 40)),
                                    visited_by=official))
    OutreachVisit.objects.bulk_create(visits)
    log(f"  {government.code}: {len(visits)} outreach visits")

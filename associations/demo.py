"""Demo merchant associations for 서구 (seed_demo step; synthetic, deterministic from the seed).

Most designated districts get an association (four are shared by two adjacent districts, five are
dormant, one is dissolved, about one in ten districts has none), with officers whose terms run two
years (some end within 90 days), member stores drawn from the district's open stores (30–80%),
meetings over the last three years (the latest with a tiny generated PDF as its minutes), and the
demo officer account `officer` as president of the first association, with one proposal waiting.
Idempotent: a second run finds the associations and skips.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from districts import geo
from districts.models import District, LocalGovernment
from merchants import bizno
from merchants.models import Store

from .models import AssociationEvent, ChangeRequest, Meeting, Membership, MerchantAssociation, Officer
from .services import ADJACENT_M

GOVERNMENT_CODE = "29140"
ACTOR_USERNAME = "official"
OFFICER_USERNAME = "officer"
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["영수", "정희", "민호", "순자", "성진", "미경", "동현", "은주", "재훈", "혜진", "상철", "경자", "태호", "선영"]
AGENDAS = ["정기총회: 결산 보고 및 예산 승인", "골목 축제 준비 회의", "온누리상품권 가맹 확대 방안 논의",
           "주차 문제 개선 건의 논의", "임원 선출", "공동 마케팅 사업 계획", "청결 캠페인 일정 협의",
           "전통시장 및 상점가 지원사업 신청 논의", "회비 납부 현황 점검", "안전 점검 결과 공유"]


def minutes_pdf(title: str) -> bytes:
    """A one-page PDF, tiny and valid enough for core.uploads (header and %%EOF); synthetic."""
    text = title.encode("ascii", "replace")[:60]
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
            b"4 0 obj<</Length " + str(len(text) + 30).encode() + b">>stream\nBT /F1 12 Tf 72 770 Td (" + text +
            b") Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _person(rng) -> str:
    return FAMILY[rng.randrange(len(FAMILY))] + GIVEN[rng.randrange(len(GIVEN))]


def _adjacent_pairs(districts, rng, wanted: int) -> list[tuple[District, District]]:
    shapes = {d.pk: geo.to_korea_tm(geo.validate_geometry(d.boundary)) for d in districts}
    margin = ADJACENT_M / 80_000  # degrees, generous
    candidates = []
    for i, a in enumerate(districts):
        for b in districts[i + 1:]:
            if (a.min_lon - margin > b.max_lon or b.min_lon - margin > a.max_lon
                    or a.min_lat - margin > b.max_lat or b.min_lat - margin > a.max_lat):
                continue
            if shapes[a.pk].distance(shapes[b.pk]) <= ADJACENT_M:
                candidates.append((a, b))
    rng.shuffle(candidates)
    pairs, used = [], set()
    for a, b in candidates:
        if a.pk in used or b.pk in used:
            continue
        pairs.append((a, b))
        used |= {a.pk, b.pk}
        if len(pairs) == wanted:
            break
    return pairs


def seed_associations(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        log("  no 서구 government yet: skipped")
        return
    if MerchantAssociation.objects.filter(local_government=government).exists():
        log(f"  {MerchantAssociation.objects.filter(local_government=government).count()} associations already "
            "there: skipped")
        return
    districts = list(District.objects.filter(local_government=government, status=District.Status.DESIGNATED)
                     .order_by("code"))
    if not districts:
        log("  no designated districts yet: skipped")
        return
    rng = random.Random(seed * 1000 + 14)
    today = timezone.localdate()
    User = get_user_model()
    actor = User.objects.filter(username=ACTOR_USERNAME).first()
    officer_user = User.objects.filter(username=OFFICER_USERNAME).first()

    # The yangdong market district first (the officer's), then the others in code order.
    districts.sort(key=lambda d: (not d.name.startswith("양동시장"), d.code))
    without = set(rng.sample([d.pk for d in districts[1:]], k=max(1, len(districts) // 10)))
    pairs = _adjacent_pairs([d for d in districts[1:] if d.pk not in without], rng, wanted=4)
    partner = {a.pk: b for a, b in pairs}
    second = {b.pk for _a, b in pairs}
    groups = [[d, *([partner[d.pk]] if d.pk in partner else [])] for d in districts
              if d.pk not in without and d.pk not in second]
    states = [MerchantAssociation.Status.ACTIVE] * len(groups)
    others = list(range(1, len(groups)))
    rng.shuffle(others)
    dormant = min(5, len(others) // 4)
    for index in others[:dormant]:
        states[index] = MerchantAssociation.Status.DORMANT
    if len(others) > dormant:
        states[others[dormant]] = MerchantAssociation.Status.DISSOLVED

    stores_by_district: dict[int, list] = {}
    for pk, district_id, opened in (Store.objects.filter(district__in=districts, status=Store.Status.OPEN)
                                    .order_by("pk").values_list("pk", "district_id", "opened_on")):
        stores_by_district.setdefault(district_id, []).append((pk, opened))

    with transaction.atomic():
        associations, officers, memberships, meetings, events, files = [], [], [], [], [], []
        for group, state in zip(groups, states, strict=True):
            first = group[0]
            name = (first.organization_name or f"{first.name} 상인회") if len(group) == 1 else \
                f"{first.name.replace(' 골목형상점가', '')}·{group[1].name.replace(' 골목형상점가', '')} 연합상인회"
            founded = datetime.date(rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28))
            changed_on = founded
            if state != MerchantAssociation.Status.ACTIVE:
                changed_on = today - datetime.timedelta(days=rng.randint(200, 700))
                changed_on = max(changed_on, founded + datetime.timedelta(days=30))
            association = MerchantAssociation(
                local_government=government, name=name[:100],
                registration_number=bizno.make_valid(f"{rng.randint(100, 999)}82{rng.randint(0, 9999):04d}")
                if rng.random() < 0.7 else "",
                founded_on=founded, contact_name=first.organization_representative or _person(rng),
                phone=first.organization_contact if first.organization_contact.startswith("0") else "",
                status=state, status_changed_on=changed_on, created_by=actor, note="데모 데이터(가상)")
            associations.append((association, group, founded, changed_on))
        MerchantAssociation.objects.bulk_create([a for a, *_rest in associations])
        through = MerchantAssociation.districts.through
        through.objects.bulk_create([through(merchantassociation_id=a.pk, district_id=d.pk)
                                     for a, group, *_rest in associations for d in group])

        for index, (association, group, founded, changed_on) in enumerate(associations):
            state = association.status
            end_of_life = changed_on if state == MerchantAssociation.Status.DISSOLVED else today
            events.append(AssociationEvent(association=association, kind=AssociationEvent.Kind.CREATED,
                                           to_status=MerchantAssociation.Status.ACTIVE, effective_on=founded,
                                           actor=actor, reason="데모 데이터"))
            if state != MerchantAssociation.Status.ACTIVE:
                events.append(AssociationEvent(
                    association=association, kind=AssociationEvent.Kind.STATUS, from_status="active", to_status=state,
                    effective_on=changed_on, actor=actor,
                    reason="임원 부재로 활동 중단" if state == "dormant" else "총회 해산 의결"))
            # Officers: the current two-year term (some ending within 90 days), and the previous president.
            left = rng.randint(10, 700) if rng.random() < 0.85 else rng.randint(5, 85)
            term_end = today + datetime.timedelta(days=left)
            term_start = term_end - datetime.timedelta(days=730)
            if state == MerchantAssociation.Status.DISSOLVED:
                term_end = changed_on
                term_start = changed_on - datetime.timedelta(days=500)
            president = group[0].organization_representative or _person(rng)
            roles = [("president", president), ("vice_president", _person(rng)), ("secretary", _person(rng)),
                     ("auditor", _person(rng))]
            for role, person in roles:
                user = officer_user if index == 0 and role == "president" else None
                officers.append(Officer(association=association, role=role, person_name="한회장" if user else person,
                                        user=user, term_start=max(term_start, founded), term_end=term_end))
            if term_start - datetime.timedelta(days=730) > founded:
                officers.append(Officer(association=association, role="president", person_name=_person(rng),
                                        term_start=term_start - datetime.timedelta(days=730),
                                        term_end=term_start - datetime.timedelta(days=1)))
            # Members: 30–80% of the open stores (dormant ones at the low end).
            rate = rng.uniform(0.3, 0.45) if state == "dormant" else rng.uniform(0.4, 0.8)
            for district in group:
                stores = stores_by_district.get(district.pk, [])
                for store_id, opened in rng.sample(stores, k=int(len(stores) * rate)):
                    earliest = max(founded, opened or founded)
                    latest = end_of_life - datetime.timedelta(days=20)
                    if latest <= earliest:
                        continue
                    joined = earliest + datetime.timedelta(days=rng.randint(0, (latest - earliest).days))
                    left_on = end_of_life if state == "dissolved" else None
                    if left_on is None and rng.random() < 0.04:
                        left_on = joined + datetime.timedelta(days=rng.randint(1, max(1, (today - joined).days - 1)))
                        left_on = min(left_on, today)
                    memberships.append(Membership(association=association, store_id=store_id, joined_on=joined,
                                                  left_on=left_on))
            # Meetings over the last three years: active ones 3–6 a year, others stop at the change.
            start = max(founded, today - datetime.timedelta(days=3 * 365))
            stop = end_of_life if state == "active" else changed_on
            per_year = rng.randint(3, 6)
            day = start + datetime.timedelta(days=rng.randint(10, 60))
            held = []
            while day < stop:
                held.append(day)
                day += datetime.timedelta(days=int(365 / per_year) + rng.randint(-15, 15))
            size = max(5, int(sum(len(stores_by_district.get(d.pk, [])) for d in group) * rate))
            for n, when in enumerate(held):
                attendance = max(3, int(size * rng.uniform(0.3, 0.7)))
                meeting = Meeting(association=association, held_on=when, attendance=attendance,
                                  agenda=AGENDAS[rng.randrange(len(AGENDAS))], created_by=actor)
                if n == len(held) - 1:
                    files.append((meeting, f"minutes {association.pk} {when.isoformat()}"))
                meetings.append(meeting)
        Officer.objects.bulk_create(officers)
        # One open membership per store: a store drawn twice (shared groups never overlap) keeps the first.
        seen, unique = set(), []
        for membership in memberships:
            key = membership.store_id
            if membership.left_on is None:
                if key in seen:
                    continue
                seen.add(key)
            unique.append(membership)
        Membership.objects.bulk_create(unique, batch_size=2000)
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        AssociationEvent.objects.bulk_create(events)
        for meeting, title in files:
            meeting.minutes.save("minutes.pdf", ContentFile(minutes_pdf(title)), save=False)
            meeting.minutes_name = f"회의록_{meeting.held_on:%Y%m%d}.pdf"
            meeting.minutes_content_type = "application/pdf"
        Meeting.objects.bulk_update([m for m, _t in files], ["minutes", "minutes_name", "minutes_content_type"])
        # The demo officer's proposal waiting for the district office: a store of their district joins.
        first = associations[0][0]
        if officer_user is not None:
            busy = Membership.objects.filter(left_on__isnull=True).values("store_id")
            candidate = (Store.objects.filter(district__in=associations[0][1], status=Store.Status.OPEN)
                         .exclude(pk__in=busy).order_by("pk").first())
            if candidate is not None:
                ChangeRequest.objects.create(association=first, kind=ChangeRequest.Kind.MEMBER_ADD, store=candidate,
                                             proposed_by=officer_user, effective_on=today - datetime.timedelta(days=3),
                                             note="신규 가입 신청서를 받았습니다 (데모)")
    counts = {s: sum(1 for a, *_r in associations if a.status == s) for s in MerchantAssociation.Status.values}
    log(f"  {len(associations)} associations ({counts['active']} active, {counts['dormant']} dormant, "
        f"{counts['dissolved']} dissolved; {len(pairs)} shared by two districts; {len(without)} districts without), "
        f"{len(unique):,} memberships, {len(meetings):,} meetings")

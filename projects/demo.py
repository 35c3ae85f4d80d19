"""Demo step: about 55 synthetic special projects of 서구's designated districts, 2024-2026.

Deterministic for a given seed and day (random.Random(seed)); idempotent (a second run only checks
that the demo projects exist). Statuses follow the dates: past projects finished (a few cancelled)
with outcomes and figures, current ones running with some milestones done, later ones planned.
Budgets of 5백만–3억 won are split across 국비/시비/구비/자부담. Every project is marked synthetic.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from districts.models import District, LocalGovernment

from .models import FundingLine, Milestone, OutcomeFigure, ProjectEvent, SpecialProject

T = SpecialProject.Type
COUNT = 56
YEARS = (2024, 2025, 2026)

# type -> (weight, title patterns with {name}, milestone titles, budget range in 백만 won)
KINDS = {
    T.FACILITY: (18, ["{name} 아케이드 보수", "{name} 공용 화장실 개선", "{name} 바닥 포장 정비",
                      "{name} 고객 쉼터 조성"],
                 ["실시 설계", "시공 업체 선정", "착공", "준공 검사", "정산"], (50, 300)),
    T.SIGNAGE: (16, ["{name} 간판 개선", "{name} 경관 조명 설치", "{name} 골목 안내 사인 정비"],
                ["상인 동의 및 디자인 확정", "제작 업체 선정", "설치", "준공 및 정산"], (30, 200)),
    T.MARKETING: (20, ["{name} 골목 축제", "{name} 야시장 운영", "{name} 가을 할인 행사", "{name} SNS 홍보"],
                  ["행사 기획", "참여 점포 모집", "홍보", "행사 운영", "결과 보고"], (5, 80)),
    T.CONSULTING: (14, ["{name} 상인 역량 강화 교육", "{name} 점포 경영 컨설팅", "{name} 디지털 전환 교육"],
                   ["교육 과정 설계", "참여 상인 모집", "교육 운영", "만족도 조사"], (5, 40)),
    T.ONNURI: (14, ["{name} 온누리상품권 가맹 캠페인", "{name} 온누리 환급 행사"],
               ["가맹 안내 자료 제작", "점포 방문 안내", "가맹 신청 지원", "결과 집계"], (5, 30)),
    T.CONTEST: (10, ["{name} 골목형상점가 활성화 공모사업", "{name} 특성화 공모사업"],
                ["공모 선정", "세부 계획 수립", "사업 착수", "중간 점검", "최종 평가"], (100, 300)),
    T.OTHER: (8, ["{name} 공동 배송 시범 사업", "{name} 상점가 안전 점검"],
              ["계획 수립", "시행", "결과 정리"], (5, 50)),
}
FIGURES = {
    T.FACILITY: [("이용객 만족도", "점"), ("보수 면적", "m²")],
    T.SIGNAGE: [("교체 간판", "개"), ("참여 점포", "곳")],
    T.MARKETING: [("방문객", "명"), ("참여 점포", "곳"), ("행사 기간 매출 증가율", "%")],
    T.CONSULTING: [("교육 수료 상인", "명"), ("만족도", "점")],
    T.ONNURI: [("신규 가맹 점포", "곳"), ("환급 행사 참여자", "명")],
    T.CONTEST: [("방문객", "명"), ("매출 증가율", "%")],
    T.OTHER: [("참여 점포", "곳")],
}


def _split(total: int, rng: random.Random, type_: str) -> dict[str, int]:
    """The budget over the sources, in 10만 won steps, adding up to `total` exactly."""
    national = rng.choice([0, 0, 30, 40, 50]) if type_ in (T.CONTEST, T.FACILITY) else rng.choice([0, 0, 0, 20])
    city = rng.choice([10, 20, 30])
    own = rng.choice([0, 0, 5, 10])
    shares = {"national": national, "city": city, "self": own}
    amounts = {source: total * share // 100 // 100_000 * 100_000 for source, share in shares.items()}
    amounts["district"] = total - sum(amounts.values())
    return {source: amount for source, amount in amounts.items() if amount}


@transaction.atomic
def seed_projects(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code="29140").first()
    if government is None:
        log("  no 서구: skipped")
        return
    if SpecialProject.objects.filter(local_government=government, is_synthetic=True).exists():
        log("  special projects already there")
        return
    districts = list(District.objects.filter(local_government=government, status=District.Status.DESIGNATED)
                     .order_by("code"))
    if not districts:
        log("  no designated districts: skipped")
        return
    officials = list(get_user_model().objects.filter(role="official", local_government=government)
                     .order_by("username"))
    rng = random.Random(seed * 7919 + 14)
    today = timezone.localdate()
    kinds, weights = list(KINDS), [KINDS[k][0] for k in KINDS]
    made = 0
    for index in range(COUNT):
        type_ = rng.choices(kinds, weights)[0]
        _weight, titles, milestone_titles, (low, high) = KINDS[type_]
        year = YEARS[index % len(YEARS)]
        first = rng.randrange(len(districts))
        chosen = [districts[first]]
        if type_ == T.CONTEST or rng.random() < 0.15:  # a few joint projects of neighbouring districts
            chosen += districts[first + 1:first + 1 + rng.randint(1, 2)]
        start = datetime.date(year, rng.randint(2, 9), rng.choice([1, 10, 15, 20]))
        end = start + datetime.timedelta(days=rng.randint(45, 240))
        total = rng.randint(low, high) * 1_000_000 + rng.randint(0, 9) * 100_000
        funding = _split(total, rng, type_)

        if end < today:
            status = SpecialProject.Status.CANCELLED if rng.random() < 0.06 else SpecialProject.Status.FINISHED
        elif start <= today:
            status = SpecialProject.Status.RUNNING
        else:
            status = SpecialProject.Status.PLANNED
        actual_start = start + datetime.timedelta(days=rng.randint(0, 14)) if status != "planned" else None
        if actual_start and actual_start > today:
            actual_start = today
        actual_end = None
        if status == SpecialProject.Status.FINISHED:
            actual_end = max(actual_start, end + datetime.timedelta(days=rng.randint(-10, 20)))
            actual_end = min(actual_end, today)
        name = chosen[0].name if len(chosen) == 1 else f"{chosen[0].name} 외 {len(chosen) - 1}곳"
        project = SpecialProject.objects.create(
            local_government=government, title=rng.choice(titles).format(name=name), type=type_,
            summary="예시 데이터(합성): 실제 사업이 아닙니다.", planned_start=start, planned_end=end,
            actual_start=actual_start, actual_end=actual_end if status == "finished" else None, status=status,
            responsible=officials[index % len(officials)] if officials else None, is_synthetic=True,
            created_by=officials[0] if officials else None)
        project.districts.set(chosen)

        # Milestones spread over the planned period; their state follows the project's and the dates.
        span = (end - start).days
        milestones, done_count = [], 0
        for step, title in enumerate(milestone_titles):
            due = start + datetime.timedelta(days=span * (step + 1) // len(milestone_titles))
            ms_status, done_on = Milestone.Status.PLANNED, None
            if status == SpecialProject.Status.FINISHED:
                ms_status = Milestone.Status.CANCELLED if rng.random() < 0.05 else Milestone.Status.DONE
            elif status == SpecialProject.Status.RUNNING:
                if due < today and rng.random() < 0.85:
                    ms_status = Milestone.Status.DONE
                elif due < today + datetime.timedelta(days=45):
                    ms_status = Milestone.Status.IN_PROGRESS
            elif status == SpecialProject.Status.CANCELLED:
                ms_status = Milestone.Status.DONE if step == 0 else Milestone.Status.CANCELLED
            if ms_status == Milestone.Status.DONE:
                done_on = min(today, due + datetime.timedelta(days=rng.randint(-7, 10)))
                done_count += 1
            milestones.append(Milestone(project=project, title=title, due_on=due, done_on=done_on, status=ms_status))
        Milestone.objects.bulk_create(milestones)
        share = {"finished": rng.uniform(0.85, 1.0), "running": done_count / len(milestones) * rng.uniform(0.7, 1.0),
                 "cancelled": rng.uniform(0, 0.2), "planned": 0.0}[status]
        FundingLine.objects.bulk_create([
            FundingLine(project=project, source=source, planned_won=amount,
                        executed_won=int(amount * share) // 10_000 * 10_000)
            for source, amount in funding.items()])

        actor = project.responsible
        events = [ProjectEvent(project=project, kind=ProjectEvent.Kind.CREATED, to_status="planned", actor=actor,
                               created_at=_at(start - datetime.timedelta(days=rng.randint(20, 60))))]
        if actual_start:
            events.append(ProjectEvent(project=project, kind=ProjectEvent.Kind.STATUS, from_status="planned",
                                       to_status="running", actor=actor, created_at=_at(actual_start)))
        if status == SpecialProject.Status.FINISHED:
            events.append(ProjectEvent(project=project, kind=ProjectEvent.Kind.STATUS, from_status="running",
                                       to_status="finished", actor=actor, created_at=_at(actual_end)))
            project.outcomes = (f"{project.title}을(를) 마쳤습니다. 참여 상인과 방문객의 반응이 좋았습니다. "
                                "(예시 데이터)")
            project.save(update_fields=["outcomes"])
            OutcomeFigure.objects.bulk_create([
                OutcomeFigure(project=project, label=label, unit=unit, value=Decimal(_figure(rng, unit)))
                for label, unit in FIGURES[type_]])
        elif status == SpecialProject.Status.CANCELLED:
            events.append(ProjectEvent(project=project, kind=ProjectEvent.Kind.STATUS, from_status="running",
                                       to_status="cancelled", actor=actor, reason="상인회 요청으로 사업 취소 (예시)",
                                       created_at=_at(min(today, end))))
        ProjectEvent.objects.bulk_create(events)
        made += 1
    log(f"  {made} special projects created (synthetic)")


def _figure(rng: random.Random, unit: str) -> int:
    return rng.randint(5, 40) if unit == "%" else rng.randint(30, 95) if unit == "점" else rng.randint(10, 5000)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone())

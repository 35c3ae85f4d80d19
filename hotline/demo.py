"""Demo data: about a year of hotline tickets for the default government (seed_demo step).

Deterministic for a given seed and day (random.Random(seed)); idempotent and
fast on a second run (it only checks that demo tickets exist). Tickets sit at
store points when stores exist, otherwise at random points inside the dongs.
Statuses follow the due dates: most are resolved within their service level,
some late (flagged overdue), some rejected, a few merged, the recent ones open.
"""

from __future__ import annotations

import datetime
import math
import random
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from districts import geo
from districts.models import LocalGovernment
from districts.selectors import dong_locator, dongs_of

from . import selectors, services
from .business_days import add_business_days
from .models import Category, Ticket, TicketComment, TicketEvent

DAYS = 365

# Category code -> weight and description pieces: (what happens, detail, request). Combined at random,
# so the keyword counts have the spread real texts have.
TEXTS = {
    "parking": (25, [
        "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다", "가게 앞 불법 주차 차량이 하루 종일 서 있습니다",
        "상가 골목에 주차 문제가 심각합니다", "화물차가 골목을 막고 주차해서 통행이 어렵습니다",
        "주말마다 시장 입구 양쪽으로 이중 주차가 됩니다", "소방차 진입로에 불법 주차가 반복됩니다",
    ], ["저녁 시간에 특히 심합니다.", "손님들이 차를 돌려 나갑니다.", "오토바이도 인도에 세워 둡니다.", ""],
        ["단속을 부탁드립니다.", "주차 단속 요청합니다.", "공영주차장 안내 표지판이 있으면 좋겠습니다.", ""]),
    "noise": (15, [
        "새벽까지 소음이 심합니다", "주점 앞에서 밤늦게 고성방가가 이어집니다",
        "가게 스피커 음악 소리가 너무 큽니다", "야간 공사 소음 때문에 잠을 잘 수 없습니다",
        "오토바이 배달 소음이 새벽 내내 납니다", "노래방 소음 방해가 매일 밤 있습니다",
    ], ["주민들이 많이 힘들어합니다.", "밤 11시 이후에도 계속됩니다.", "창문을 닫아도 들립니다.", ""],
        ["소음 측정과 계도를 부탁드립니다.", "확인 부탁드립니다.", ""]),
    "cleanliness": (20, [
        "쓰레기 무단투기로 악취가 납니다", "골목에 음식물 쓰레기가 쌓여 있습니다",
        "청소 문제가 계속됩니다 쓰레기 수거가 안 됩니다", "전봇대 아래 쓰레기 더미에 벌레가 꼬입니다",
        "시장 배수구가 막혀 악취가 심합니다", "재활용 쓰레기가 길가에 며칠째 방치되어 있습니다",
    ], ["손님들이 불쾌해합니다.", "여름이라 냄새가 더 심합니다.", "비둘기와 고양이가 헤집어 놓습니다.", ""],
        ["청소 부탁드립니다.", "수거 일정을 알려 주세요.", "무단투기 단속 카메라 설치를 요청합니다.", ""]),
    "safety": (10, [
        "골목 보도블록이 깨져서 넘어질 뻔했습니다", "가로등이 고장 나서 밤에 골목이 어둡습니다",
        "간판이 떨어질 것처럼 흔들립니다", "시장 통로 바닥이 미끄러워 안전 사고가 걱정됩니다",
        "맨홀 뚜껑이 들떠 있어 위험합니다", "전선이 낮게 늘어져 있어 위험합니다",
    ], ["어르신들이 많이 다니는 길입니다.", "비 오는 날 특히 위험합니다.", ""],
        ["빠른 보수 부탁드립니다.", "안전 점검을 요청합니다.", ""]),
    "onnuri": (10, [
        "온누리상품권을 받지 않는 가게가 있습니다", "가맹점 스티커가 붙어 있는데 온누리상품권 결제를 거부합니다",
        "모바일 온누리상품권 결제가 안 된다고 합니다", "온누리상품권으로 결제하면 추가 금액을 요구합니다",
        "카드형 온누리상품권 사용처를 알고 싶습니다", "온누리 가맹점인지 확인하고 싶습니다",
    ], ["지난 주말에 있었던 일입니다.", "다른 손님도 같은 일을 겪었습니다.", ""],
        ["가맹점 점검을 부탁드립니다.", "확인 후 안내 부탁드립니다.", ""]),
    "signage": (8, [
        "골목 간판이 낡아서 상점가 분위기가 어둡습니다", "불법 현수막이 거리 곳곳에 걸려 있습니다",
        "골목형상점가 안내판 글씨가 지워졌습니다", "거리환경 개선 사업을 하면 좋겠습니다",
        "상점가 입구 조형물이 파손되었습니다", "골목 벽화가 훼손되어 보기 좋지 않습니다",
    ], ["관광객이 길을 잘 찾지 못합니다.", "상인회에서도 의견을 모았습니다.", ""],
        ["정비를 요청합니다.", "개선 부탁드립니다.", ""]),
    "support": (7, [
        "소상공인 지원사업 신청 방법을 알고 싶습니다", "간판 교체 지원사업 대상인지 궁금합니다",
        "골목형상점가 지정 후 받을 수 있는 지원이 무엇인지 알고 싶습니다", "상인회 교육 지원사업 일정을 알려 주세요",
        "온누리 가맹 설명회 일정이 궁금합니다", "시설 현대화 지원사업 신청 기간을 알고 싶습니다",
    ], ["공고를 찾기 어렵습니다.", "서류가 복잡합니다.", ""], ["안내 부탁드립니다.", "연락 부탁드립니다.", ""]),
    "other": (5, [
        "상점가 행사 때 임시 화장실이 필요합니다", "골목 배달 오토바이 통행 문제를 건의합니다",
        "시장 안내 방송이 잘 들리지 않습니다", "상점가 와이파이가 자주 끊깁니다",
        "공용 쉼터 의자가 부족합니다", "골목 축제 일정 안내가 필요합니다",
    ], ["여러 상인이 같은 의견입니다.", ""], ["검토 부탁드립니다.", ""]),
}

REPLIES = {
    "parking": ["현장을 확인하고 주차 단속을 실시했습니다. 상습 구간은 주 2회 순찰하겠습니다.",
                "해당 구간에 주정차 금지 안내판을 설치하고 계도했습니다."],
    "noise": ["해당 업소에 소음 기준을 안내하고 계도했습니다. 재발 시 다시 신고해 주세요.",
              "야간 공사 시간을 조정하도록 시공사에 요청했습니다."],
    "cleanliness": ["쓰레기를 수거하고 주변을 청소했습니다. 무단투기 경고문을 부착했습니다.",
                    "수거 일정을 조정했습니다. 매주 월·목 수거합니다."],
    "safety": ["파손된 부분을 보수했습니다. 불편을 드려 죄송합니다.", "관련 부서와 함께 점검하고 조치했습니다."],
    "onnuri": ["가맹점을 방문해 온누리상품권 취급 의무를 안내했습니다. 재발 시 가맹 취소 절차를 검토합니다.",
               "해당 매장은 가맹점으로 확인되었고 결제 단말기 설정을 바로잡았습니다."],
    "signage": ["현수막을 철거하고 안내판 교체를 다음 달 정비 계획에 반영했습니다.",
                "상인회와 협의해 거리환경 개선 사업 대상에 포함했습니다."],
    "support": ["지원사업 공고와 신청 방법을 문자로 안내해 드렸습니다.",
                "담당 부서 연락처와 신청 기간을 안내했습니다."],
    "other": ["의견을 관련 부서에 전달하고 반영 여부를 검토했습니다.",
              "건의하신 내용을 다음 행사 계획에 반영했습니다."],
}
REJECT_REASONS = ["사유지 내 문제로 구청에서 조치할 수 없습니다. 건물 관리인에게 문의해 주세요.",
                  "같은 내용이 이미 처리되었습니다.", "관할 구역 밖의 장소입니다. 해당 구청에 신고해 주세요."]
OPENINGS = ["", "안녕하세요. ", "상인입니다. ", "주민입니다. ", "여러 번 말씀드렸는데 "]


def _description(rng: random.Random, code: str) -> str:
    _weight, problems, details, asks = TEXTS[code]
    parts = [rng.choice(OPENINGS) + rng.choice(problems) + ".", rng.choice(details), rng.choice(asks)]
    return " ".join(p for p in parts if p)


def _locations(rng: random.Random, government, count: int) -> list[tuple[float, float, int | None, str]]:
    """(lon, lat, store id, address): store points when the government has stores, else points in dongs."""
    from merchants.models import Store

    stores = list(Store.objects.filter(local_government=government, status=Store.Status.OPEN, lon__isnull=False,
                                       lat__isnull=False).order_by("pk")
                  .values_list("pk", "lon", "lat", "road_address")[:20000])
    dongs = list(dongs_of(government))
    result = []
    for _i in range(count):
        if stores and rng.random() < 0.7:
            pk, lon, lat, address = rng.choice(stores)
            result.append((lon, lat, pk, address))
        else:
            lon, lat = geo.random_points_in(rng.choice(dongs).boundary, 1, rng)[0]
            result.append((lon, lat, None, ""))
    return result


def _at(day: datetime.date, rng: random.Random, start_hour: int = 8, end_hour: int = 21) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    moment = datetime.time(rng.randint(start_hour, end_hour), rng.randint(0, 59))
    return datetime.datetime.combine(day, moment, tzinfo=tz)


def seed_tickets(seed: int, log: Callable[[str], None]) -> None:
    government = LocalGovernment.objects.filter(code=settings.DEFAULT_LOCAL_GOVERNMENT_CODE).first()
    if government is None or not government.dongs.exists():
        log("  no default government with dongs: skipped")
        return
    if Ticket.objects.filter(local_government=government, source=Ticket.Source.DEMO).exists():
        log("  demo tickets already there: skipped")
        return
    services.categories_seed_defaults()
    rng = random.Random(seed)
    officials = list(selectors.officials_of(government))
    categories = {c.code: c for c in Category.objects.filter(code__in=TEXTS)}
    codes, weights = list(TEXTS), [TEXTS[c][0] for c in TEXTS]
    now = timezone.now()
    today = timezone.localdate()

    days = [today - datetime.timedelta(days=offset) for offset in range(DAYS, -1, -1)]
    per_day = [rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)) for _day in days]
    locations = iter(_locations(rng, government, sum(per_day)))
    plans = []
    for day, count in zip(days, per_day, strict=True):
        for _n in range(count):
            code = rng.choices(codes, weights)[0]
            lon, lat, store_id, address = next(locations)
            created = min(_at(day, rng), now - datetime.timedelta(minutes=5))
            plans.append({"code": code, "lon": lon, "lat": lat, "store_id": store_id, "address": address,
                          "created": created, "text": _description(rng, code)})
    dong_ids = dong_locator(government).locate([p["lon"] for p in plans], [p["lat"] for p in plans])
    district_ids = selectors.district_locator(government).locate([p["lon"] for p in plans], [p["lat"] for p in plans])

    primaries, duplicates, histories = [], [], {}
    recent_by_key: dict[tuple, Ticket] = {}
    for plan, dong_id, district_id in zip(plans, dong_ids, district_ids, strict=True):
        category = categories[plan["code"]]
        created = plan["created"]
        ticket = Ticket(
            local_government=government, category=category, description=plan["text"], lon=plan["lon"],
            lat=plan["lat"], address=plan["address"], store_id=plan["store_id"], dong_id=dong_id,
            district_id=district_id, source=Ticket.Source.DEMO, created_at=created,
            due_date=services.due_date_for(category, created), tracking_code=services.new_tracking_code(),
            tracking_token=secrets.token_urlsafe(32),
        )
        if rng.random() < 0.35:
            given = rng.choice(["민준", "서연", "지훈", "하은", "상철"])
            ticket.reporter_name = rng.choice("김이박최정강조윤장임") + given
            ticket.reporter_phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"
        events = [(TicketEvent.Kind.FILED, "", "received", None, "", created)]
        key = (plan["code"], dong_id)
        earlier = recent_by_key.get(key)
        if earlier is not None and (earlier.closed_at is None or earlier.closed_at > created) \
                and rng.random() < 0.5 and (created - earlier.created_at) < datetime.timedelta(days=3):
            ticket.status, ticket.merged_into = Ticket.Status.MERGED, earlier
            ticket.closed_at = min(created + datetime.timedelta(hours=rng.randint(2, 30)), now)
            actor = rng.choice(officials) if officials else None
            events.append((TicketEvent.Kind.MERGED, "received", "merged", actor, "", ticket.closed_at))
            duplicates.append(ticket)
            histories[id(ticket)] = (events, None)
            continue
        _plan_lifecycle(ticket, events, rng, officials, now, today)
        primaries.append(ticket)
        histories[id(ticket)] = (events, rng.choice(REPLIES[plan["code"]]))
        recent_by_key[key] = ticket

    with transaction.atomic():
        Ticket.objects.bulk_create(primaries, batch_size=500)
        for dup in duplicates:
            dup.merged_into_id = dup.merged_into.pk  # the primary has its pk now
        Ticket.objects.bulk_create(duplicates, batch_size=500)
        event_rows, comment_rows = [], []
        for ticket in primaries + duplicates:
            events, reply = histories[id(ticket)]
            for kind, old, new, actor, message, when in events:
                if kind == TicketEvent.Kind.MERGED:
                    message = f"#{ticket.merged_into_id}"
                event_rows.append(TicketEvent(ticket=ticket, kind=kind, from_status=old, to_status=new, actor=actor,
                                              message=message, created_at=when))
            if ticket.status == Ticket.Status.RESOLVED:
                comment_rows.append(TicketComment(ticket=ticket, kind=TicketComment.Kind.PUBLIC, body=reply,
                                                  author=ticket.assignee, created_at=ticket.closed_at))
        TicketEvent.objects.bulk_create(event_rows, batch_size=1000)
        TicketComment.objects.bulk_create(comment_rows, batch_size=1000)
    log(f"  {len(primaries) + len(duplicates)} tickets ({len(duplicates)} merged duplicates), "
        f"{len(event_rows)} events, {len(comment_rows)} public replies")

    month = selectors.month_start(days[0])
    while month <= today:
        services.keywords_compute(local_government_id=government.pk, month=month)
        month = selectors.next_month(month)
    log("  keywords counted for every month")


def _plan_lifecycle(ticket: Ticket, events: list, rng: random.Random, officials: list, now, today) -> None:
    """Statuses over time, consistent with the due date: resolved (often on time), rejected, or still open."""
    level = ticket.category.service_level_days
    created_day = timezone.localdate(ticket.created_at)
    assigned_at = ticket.created_at + datetime.timedelta(hours=rng.uniform(1, 20))
    started_at = assigned_at + datetime.timedelta(hours=rng.uniform(2, 30))
    late = rng.random() < 0.12
    forgotten = rng.random() < 0.015  # a few stay open far past their due date
    business_days = math.ceil(level * (rng.uniform(1.1, 2.0) if late else rng.uniform(0.2, 0.95)))
    closed_day = add_business_days(created_day, max(business_days, 1))
    closed_at = max(_at(closed_day, rng, 9, 18), started_at + datetime.timedelta(hours=1))
    assignee = rng.choice(officials) if officials else None
    rejected = rng.random() < 0.07

    if assigned_at < now:
        ticket.status, ticket.assignee = Ticket.Status.ASSIGNED, assignee
        events.append((TicketEvent.Kind.ASSIGNED, "received", "assigned", assignee,
                       assignee.display_name if assignee else "", assigned_at))
    if started_at < now and not rejected:
        ticket.status = Ticket.Status.IN_PROGRESS
        events.append((TicketEvent.Kind.STARTED, "assigned", "in_progress", assignee, "", started_at))
    closed = closed_at < now and not forgotten
    overdue_day = ticket.due_date + datetime.timedelta(days=1)
    if overdue_day <= (timezone.localdate(closed_at) if closed else today):
        ticket.is_overdue = True
        events.append((TicketEvent.Kind.OVERDUE, ticket.status, ticket.status, None, ticket.due_date.isoformat(),
                       _at(overdue_day, rng, 0, 0)))
    if closed and rejected:
        old = ticket.status
        ticket.status, ticket.closed_at = Ticket.Status.REJECTED, closed_at
        ticket.reject_reason = rng.choice(REJECT_REASONS)
        events.append((TicketEvent.Kind.REJECTED, old, "rejected", assignee, ticket.reject_reason, closed_at))
    elif closed and ticket.status == Ticket.Status.IN_PROGRESS:
        ticket.status, ticket.closed_at = Ticket.Status.RESOLVED, closed_at
        events.append((TicketEvent.Kind.RESOLVED, "in_progress", "resolved", assignee, "", closed_at))
    events.sort(key=lambda e: e[5])

"""Keywords come from the ticket texts (Kiwi nouns and adjacent noun pairs), counted per month and scope."""

import datetime

from hotline import keywords, services
from hotline.models import TicketKeyword
from hotline.tasks import compute_keywords

from .conftest import at, file_ticket


def test_nouns_and_noun_pairs_from_korean_sentences():
    nouns, phrases = keywords.count([
        "골목 입구 불법 주차 때문에 손님이 들어오지 못합니다",
        "주차 문제가 심각합니다. 불법 주차 차량이 많아요",
        "새벽까지 소음이 심합니다",
        "쓰레기 무단투기로 악취가 납니다",
        "온누리상품권을 받지 않는 가게가 있습니다",
    ])
    assert nouns["주차"] == 2 and nouns["불법"] == 2  # each text counts a word once
    assert nouns["소음"] == 1 and nouns["악취"] == 1 and nouns["온누리상품권"] == 1 and nouns["무단투기"] == 1
    assert "때문" not in nouns and "문제" not in nouns  # stop-words
    assert "손" not in nouns  # one-syllable nouns say little
    assert phrases["불법 주차"] == 2 and phrases["주차 문제"] == 1 and phrases["쓰레기 무단투기"] == 1
    assert not any(word in p for p in phrases for word in ("못하", "심각"))  # verbs never enter a phrase


def test_kiwi_is_loaded_once_per_process():
    assert keywords.kiwi() is keywords.kiwi()


def test_keywords_per_month_and_scope_replace_the_month_and_leave_others(seogu, official):
    march = datetime.date(2026, 3, 1)
    first = file_ticket(seogu, description="가게 앞 불법 주차가 심합니다", filed_at=at(2026, 3, 3))
    file_ticket(seogu, description="골목 불법 주차 단속 부탁드립니다", filed_at=at(2026, 3, 10))
    duplicate = file_ticket(seogu, description="불법 주차 불법 주차", filed_at=at(2026, 3, 11))
    file_ticket(seogu, description="새벽 소음이 심합니다", filed_at=at(2026, 4, 2))
    services.ticket_merge(ticket_id=duplicate.pk, into_id=first.pk, official=official)

    services.keywords_compute(local_government_id=seogu.pk, month=march)
    rows = TicketKeyword.objects.filter(month=march)
    gov = {r.keyword: r.count for r in rows.filter(scope="government", scope_id=seogu.pk)}
    assert gov["불법 주차"] == 2 and gov["주차"] == 2  # the merged duplicate is not counted
    assert "소음" not in gov  # April's ticket
    dong = {r.keyword: r.count for r in rows.filter(scope="dong", scope_id=first.dong_id)}
    assert dong["주차"] == 2
    snapshot = sorted(rows.values_list("scope", "scope_id", "keyword", "is_phrase", "count"))
    assert compute_keywords.delay(seogu.pk, "2026-03").get() == len(snapshot)  # the task, run again
    assert sorted(TicketKeyword.objects.filter(month=march)
                  .values_list("scope", "scope_id", "keyword", "is_phrase", "count")) == snapshot

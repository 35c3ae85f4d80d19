"""Keywords from free texts (hotline tickets, survey answers) with the Kiwi Korean morphological analyser.

Nouns (NNG common, NNP proper) are kept, stop-words and one-syllable nouns
dropped. Two nouns next to each other in the text ("주차 문제", "불법 주차")
also count as a phrase. Each text counts a word once, so the figure reads
"mentioned in N tickets" (or answers). The Kiwi model (from the kiwipiepy-model package,
offline) loads once per process, on first use.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

NOUN_TAGS = {"NNG", "NNP"}

# Words that say nothing about what the complaint is about.
STOP_WORDS = frozenset("""
문의 요청 부탁 민원 신고 접수 경우 정도 생각 사람 지금 오늘 어제 내일 매일 계속 부분
관련 확인 조치 해결 처리 답변 때문 이번 다음 해당 상황 내용 시간 하루 주말 평일 이상
이하 사용 여부 개선 필요 방법 근처 주변 앞쪽 뒤쪽 우리 저희 여기 거기 저기 자체
대부분 항상 가능 불편 문제 발생 진행 이용 제보 부서 담당 구청 연락 감사 안녕 수고
주민 상인 말씀 생각
""".split())  # noqa: SIM905 - a word list reads better as text
# Nouns that may not form a phrase either (they glue to anything).
PHRASE_STOP_WORDS = frozenset("""
때문 경우 정도 부분 관련 여부 자체 해당 이번 다음 감사 안녕 수고 부탁 요청 문의
""".split())  # noqa: SIM905 - a word list reads better as text

# Compound nouns of the domain that the general model would split (온누리 + 상품 + 권).
DOMAIN_WORDS = ("온누리상품권", "상품권", "무단투기", "골목형상점가", "전통시장", "지원사업", "거리환경")

_kiwi = None
_kiwi_lock = threading.Lock()


def kiwi():
    """The process-wide Kiwi instance (loading the model takes about a second)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                instance = Kiwi()
                for word in DOMAIN_WORDS:
                    instance.add_user_word(word, "NNP" if word.startswith("온누리") else "NNG")
                _kiwi = instance
    return _kiwi


@dataclass
class TextKeywords:
    nouns: set[str] = field(default_factory=set)
    phrases: set[str] = field(default_factory=set)


def _keywords_of(tokens) -> TextKeywords:
    result = TextKeywords()
    previous = None  # the previous token if it was a noun, else None
    for token in tokens:
        if token.tag not in NOUN_TAGS:
            previous = None
            continue
        word = token.form
        if len(word) > 1 and word not in STOP_WORDS:
            result.nouns.add(word)
        if (previous is not None and previous.start + previous.len <= token.start <= previous.start + previous.len + 1
                and len(previous.form) > 1 and len(word) > 1
                and previous.form not in PHRASE_STOP_WORDS and word not in PHRASE_STOP_WORDS
                and not (previous.form in STOP_WORDS and word in STOP_WORDS)):
            result.phrases.add(f"{previous.form} {word}")
        previous = token
    return result


def extract(texts: Iterable[str]) -> list[TextKeywords]:
    """Keywords of each text, in order (one batched Kiwi call)."""
    texts = [t or "" for t in texts]
    if not texts:
        return []
    return [_keywords_of(tokens) for tokens in kiwi().tokenize(texts)]


def count(texts: Iterable[str]) -> tuple[Counter, Counter]:
    """(nouns, phrases): how many of the texts mention each."""
    nouns, phrases = Counter(), Counter()
    for item in extract(texts):
        nouns.update(item.nouns)
        phrases.update(item.phrases)
    return nouns, phrases

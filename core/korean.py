"""Korean particles (조사) chosen from the word they follow, instead of the mechanical
"이(가)" / "을(를)" forms.

``josa(word, "이/가")`` returns the particle alone (always Korean); ``particle(word, "이/가")``
returns a lazy value that prints that particle only while Korean is the active language, so a
message can carry it as a parameter: the English msgid reads "%(field)s%(field_ga)s is too
large" (the particle prints as nothing in English), the Korean msgstr "%(field)s%(field_ga)s
너무 큽니다". The helper reads the last sound of the word: a Hangul syllable's final consonant
(받침), digits as Korean numerals (1 일, 10 십, 100 백, 1,000 천, 10,000 만 …), Latin letters
by their Korean reading (L 엘, M 엠, N 엔, R 알; words ending in -ng, -m, -n, -l(e)).
"""

from __future__ import annotations

from django.utils import translation

# (after a final consonant, after a vowel); either order of a pair is accepted.
_PAIRS = {
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "은/는": ("은", "는"),
    "과/와": ("과", "와"),
    "아/야": ("아", "야"),
    "이에요/예요": ("이에요", "예요"),
    "이라/라": ("이라", "라"),
    "이나/나": ("이나", "나"),
    "이랑/랑": ("이랑", "랑"),
    "으로/로": ("으로", "로"),
}
for _key, _forms in list(_PAIRS.items()):
    _a, _b = _key.split("/")
    _PAIRS[f"{_b}/{_a}"] = _forms
_PAIRS["(으)로"] = _PAIRS["으로/로"]
_PAIRS["(이)라"] = _PAIRS["이라/라"]

NONE = 0  # no final consonant (받침 없음)
RIEUL = 8  # ㄹ, the jongseong index of a Hangul syllable
OTHER = -1  # any other final consonant
UNKNOWN = None

# Final consonant of each digit read as a Sino-Korean numeral: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {"0": OTHER, "1": RIEUL, "2": NONE, "3": OTHER, "4": NONE, "5": NONE,
                "6": OTHER, "7": RIEUL, "8": RIEUL, "9": NONE}
# Letters read by their Korean names: 엘, 엠, 엔, 알 end in a consonant; the others do not.
_LETTER_FINAL = {"l": RIEUL, "r": RIEUL, "m": OTHER, "n": OTHER}
# Hangul compatibility jamo (ㄱ … ㅎ) standing alone are read as that consonant.
_JAMO_RIEUL = "ㄹ"


def _syllable_final(char: str) -> int | None:
    code = ord(char) - 0xAC00
    if 0 <= code < 11172:
        jong = code % 28
        return NONE if jong == 0 else (RIEUL if jong == RIEUL else OTHER)
    if "ㄱ" <= char <= "ㅎ":
        return RIEUL if char == _JAMO_RIEUL else OTHER
    if "ㅏ" <= char <= "ㅣ":
        return NONE
    return None


def _number_final(digits: str) -> int:
    """The last sound of a number written in digits (commas already removed)."""
    if "." in digits:  # 1.5 → 일 점 오: the last digit is read alone
        fraction = digits.rsplit(".", 1)[1]
        if fraction:
            return _DIGIT_FINAL[fraction[-1]]
        digits = digits.rsplit(".", 1)[0]
    stripped = digits.lstrip("0")
    if not stripped:
        return OTHER  # 영
    zeros = len(stripped) - len(stripped.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINAL[stripped[-1]]
    # 십 백 천 만 … 억 … 조 … 경: the unit named last decides.
    if zeros >= 16:
        return OTHER  # 경
    if zeros >= 12:
        return NONE  # 조
    return OTHER  # 십, 백, 천, 만, 억 all end in a consonant


def _latin_final(token: str) -> int:
    low = token.lower()
    if len(token) == 1 or token.isupper():  # an acronym is read letter by letter (URL → 유알엘)
        return _LETTER_FINAL.get(low[-1], NONE)
    if low.endswith("ng"):
        return OTHER  # 스트링
    if low.endswith(("le", "l")):
        return RIEUL  # 파일, 테이블
    if low[-1] in "mn":
        return OTHER  # 폼, 제이슨
    return NONE


def final_sound(word) -> int | None:
    """NONE, RIEUL or OTHER for the last sound of ``word``; None when it cannot be read."""
    text = str(word if word is not None else "").strip()
    # Closing punctuation is not pronounced: 「“서구”」, (양동시장), 3,000원.
    text = text.rstrip(" \t\n\"'”’」』)]}>.,!?…·")
    if not text:
        return UNKNOWN
    last = text[-1]
    if last.isdigit() and last.isascii():
        end = len(text)
        start = end
        while start > 0 and (text[start - 1].isdigit() and text[start - 1].isascii() or text[start - 1] in ",."):
            start -= 1
        return _number_final(text[start:end].replace(",", "").strip("."))
    if last.isascii() and last.isalpha():
        start = len(text)
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        return _latin_final(text[start:])
    if last == "%":
        return NONE  # 퍼센트
    return _syllable_final(last)


def josa(word, pair: str) -> str:
    """The particle of ``pair`` ("이/가", "을/를", "은/는", "과/와", "(으)로", "이에요/예요" …)
    that follows ``word``. A word that cannot be read gets the neutral written form "이(가)"."""
    try:
        after_consonant, after_vowel = _PAIRS[pair]
    except KeyError:
        raise ValueError(f"unknown particle pair {pair!r}") from None
    sound = final_sound(word)
    if sound is UNKNOWN:
        if after_consonant == "으로":
            return "(으)로"
        return f"{after_consonant}({after_vowel})"
    if after_consonant == "으로":
        return after_vowel if sound in (NONE, RIEUL) else after_consonant
    return after_vowel if sound == NONE else after_consonant


def with_josa(word, pair: str) -> str:
    """``word`` followed by its particle: with_josa("총매출", "이/가") == "총매출이"."""
    return f"{word}{josa(word, pair)}"


def korean_active() -> bool:
    return (translation.get_language() or "").split("-")[0] == "ko"


class Particle:
    """The particle after ``word``, printed only while Korean is active (lazy, so a message
    formatted later, e.g. a ValidationError rendered in a template, still agrees)."""

    __slots__ = ("word", "pair")

    def __init__(self, word, pair: str):
        _PAIRS[pair]  # fail early on a typo
        self.word, self.pair = word, pair

    def __str__(self) -> str:
        return josa(self.word, self.pair) if korean_active() else ""

    def __repr__(self) -> str:
        return f"Particle({self.word!r}, {self.pair!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Particle) and (str(self.word), self.pair) == (str(other.word), other.pair)

    def __hash__(self) -> int:
        return hash((str(self.word), self.pair))


def particle(word, pair: str) -> Particle:
    return Particle(word, pair)


# Parameter names for a message's particles: %(field_ga)s, %(limit_reul)s, %(path_neun)s ...
SUFFIXES = {"이/가": "ga", "을/를": "reul", "은/는": "neun", "과/와": "wa", "(으)로": "ro",
            "이에요/예요": "yeyo", "아/야": "ya", "이라/라": "ra", "이나/나": "na", "이랑/랑": "rang"}


def particles(params: dict, **pairs) -> dict:
    """``params`` plus a lazy particle for each named word:
    particles({"field": label}, field="이/가") == {"field": label, "field_ga": Particle(label, "이/가")}.
    A word that needs two particles takes a tuple: located=("을/를", "은/는")."""
    result = dict(params)
    for name, wanted in pairs.items():
        for pair in (wanted,) if isinstance(wanted, str) else wanted:
            result[f"{name}_{SUFFIXES[pair]}"] = particle(params[name], pair)
    return result

"""Korean particles follow the word they attach to (core/korean.py), and the messages use them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.korean import josa, particle, particles, with_josa


@pytest.mark.parametrize(("word", "ga", "reul", "neun", "wa", "ro"), [
    ("총매출", "이", "을", "은", "과", "으로"),  # 받침 ㄹ … but 출 ends in ㄹ: (으)로 → 로, see below
    ("서구", "가", "를", "는", "와", "로"),  # no 받침
    ("양동시장", "이", "을", "은", "과", "으로"),  # 받침 ㅇ
])
def test_hangul_final_consonant(word, ga, reul, neun, wa, ro):
    assert josa(word, "이/가") == ga
    assert josa(word, "을/를") == reul
    assert josa(word, "은/는") == neun
    assert josa(word, "과/와") == wa
    if word != "총매출":
        assert josa(word, "(으)로") == ro


def test_rieul_final_takes_ro_not_euro():
    assert josa("서울", "(으)로") == "로"
    assert josa("총매출", "(으)로") == "로"
    assert josa("승인", "(으)로") == "으로"
    assert josa("보완 요청", "으로/로") == "으로"
    assert josa("반려", "(으)로") == "로"
    assert josa("서울", "이/가") == "이"  # ㄹ is a 받침 for every other particle


@pytest.mark.parametrize(("word", "ga", "ro"), [
    ("1", "이", "로"),  # 일
    ("2", "가", "로"),  # 이
    ("3", "이", "으로"),  # 삼
    ("4", "가", "로"),  # 사
    ("6", "이", "으로"),  # 육
    ("7", "이", "로"),  # 칠
    ("8", "이", "로"),  # 팔
    ("9", "가", "로"),  # 구
    ("0", "이", "으로"),  # 영
    ("10", "이", "으로"),  # 십
    ("100", "이", "으로"),  # 백
    ("3,000", "이", "으로"),  # 삼천
    ("20000", "이", "으로"),  # 이만
    ("1000000000000", "가", "로"),  # 일조
    ("1.5", "가", "로"),  # 일 점 오
    ("3,000,000,001원", "이", "으로"),  # the unit is read, not the digits
    ("2026-12", "가", "로"),  # 십이
])
def test_digits_are_read_as_korean_numerals(word, ga, ro):
    assert josa(word, "이/가") == ga
    assert josa(word, "(으)로") == ro


@pytest.mark.parametrize(("word", "neun"), [
    ("GeoJSON", "은"),  # 제이슨
    ("LineString", "은"),  # 라인스트링
    ("Point", "는"),  # 포인트
    ("URL", "은"),  # 유알엘
    ("PDF", "는"),  # 피디에프
    ("file", "은"),  # 파일
    ("stores.csv", "는"),  # 씨에스브이
    ("M", "은"),  # 엠
    ("UTF-8", "은"),  # 팔
])
def test_latin_letters_by_their_korean_reading(word, neun):
    assert josa(word, "은/는") == neun


def test_closing_punctuation_is_not_read():
    assert josa("‘승인’", "(으)로") == "으로"
    assert josa("(서구)", "이/가") == "가"


def test_empty_or_unreadable_word_keeps_the_neutral_written_form():
    assert josa("", "이/가") == "이(가)"
    assert josa(None, "을/를") == "을(를)"
    assert josa("★", "은/는") == "은(는)"
    assert josa("", "(으)로") == "(으)로"


def test_either_order_of_a_pair_and_unknown_pairs():
    assert josa("서구", "가/이") == "가"
    assert josa("서구", "와/과") == "와"
    assert josa("학생", "이에요/예요") == "이에요"
    assert josa("서구", "이에요/예요") == "예요"
    with pytest.raises(ValueError):
        josa("서구", "의/에")


def test_with_josa():
    assert with_josa("총매출", "이/가") == "총매출이"
    assert with_josa("서구", "을/를") == "서구를"


def test_particle_prints_only_in_korean():
    value = particle("총매출", "이/가")
    with translation.override("ko"):
        assert str(value) == "이"
    with translation.override("en"):
        assert str(value) == ""
    params = particles({"field": "총매출"}, field=("이/가", "은/는"))
    with translation.override("ko"):
        assert "%(field)s%(field_ga)s|%(field)s%(field_neun)s" % params == "총매출이|총매출은"  # noqa: UP031 (messages are %-formatted)


def test_template_filter():
    template = Template('{% load korean %}{{ word }}{{ word|josa:"을/를" }}')
    with translation.override("ko"):
        assert template.render(Context({"word": "양동시장"})) == "양동시장을"
    with translation.override("en"):
        assert template.render(Context({"word": "양동시장"})) == "양동시장"


# The messages that used to read "총매출이(가)".

def _figure_errors(**overrides):
    from sales.services import figure_errors
    values = {"month": datetime.date(2020, 1, 1), "total_won": 0, "onnuri_won": 0, "transactions": 0}
    values.update(overrides)
    return dict(figure_errors(**values))


def test_sales_figure_errors_read_naturally_in_korean_and_stay_english():
    with translation.override("ko"):
        assert _figure_errors(total_won=10**15)["total_won"] == "총매출이 너무 큽니다. 자릿수를 확인해 주세요."
        negative = _figure_errors(transactions=-1)["transactions"]
        assert "(" not in negative and negative.endswith("0보다 작을 수 없습니다.")
        future = _figure_errors(month=datetime.date(2999, 12, 1))["month"]
        assert future.startswith("2999-12는 아직 오지 않은 달입니다")
    with translation.override("en"):
        assert _figure_errors(total_won=10**15)["total_won"] == "Total sales is too large; check the number of digits."


def test_revenue_rule_reads_naturally():
    from giftcerts.eligibility import _revenue

    class Ctx:
        revenue_limit_won = 3_000_000_000

    with translation.override("ko"):
        over = _revenue(3_000_000_001, Ctx).message
        within = _revenue(1_000, Ctx).message
    assert over == "신고한 연 매출액 3,000,000,001원이 한도 3,000,000,000원을 1원 초과합니다."
    assert within == "신고한 연 매출액 1,000원은 한도 3,000,000,000원 이내입니다."
    with translation.override("en"):
        assert "(" not in _revenue(3_000_000_001, Ctx).message


def test_geometry_and_import_messages():
    from core.errors import DomainError
    from districts.geo import GeometryError, validate_geometry
    from sales.importer import parse_won

    with translation.override("ko"):
        with pytest.raises(GeometryError) as exc:
            validate_geometry({"type": "Point", "coordinates": [126.9, 35.1]}, allowed_types=("Polygon",))
        assert "Point가 입력되었습니다" in str(exc.value)
        with pytest.raises(DomainError) as exc:
            parse_won("12a", "총매출")
        assert "“12a”는 숫자가 아닙니다" in str(exc.value)
    with translation.override("en"):
        with pytest.raises(DomainError) as exc:
            parse_won("12a", "Total sales")
        assert str(exc.value).endswith("not “12a”.")


def test_status_mail_uses_the_right_particle():
    from django.template.loader import render_to_string

    class Event:
        message = ""

        def __init__(self, label):
            self.label = label

        def get_to_status_display(self):
            return self.label

    with translation.override("ko"):
        approved = render_to_string("giftcerts/email/application_status.txt",
                                    {"store": "양동상회", "event": Event("승인"), "name": "김상인"})
        rejected = render_to_string("giftcerts/email/application_status.txt",
                                    {"store": "양동상회", "event": Event("반려"), "name": "김상인"})
    assert "‘승인’으로 바뀌었습니다" in approved
    assert "‘반려’로 바뀌었습니다" in rejected
    assert "(으)로" not in approved + rejected


# --- times and months the Korean way, English kept English ------------------------------------------

def test_korean_puts_ojeon_before_the_time_and_english_keeps_its_format():
    moment = datetime.datetime(2026, 12, 3, 3, 4)
    template = Template('{{ t|date:"DATETIME_FORMAT" }}|{{ t|time:"TIME_FORMAT" }}|{{ t|date:"YEAR_MONTH_FORMAT" }}')
    with translation.override("ko"):
        assert template.render(Context({"t": moment})) == "2026년 12월 3일 오전 3:04|오전 3:04|2026년 12월"
    with translation.override("en"):
        assert template.render(Context({"t": moment})) == "Dec. 3, 2026, 3:04 a.m.|3:04 a.m.|December 2026"


@pytest.mark.django_db
def test_sales_page_months_follow_the_language(merchant_a_client, merchant_a):
    from dashboard.months import add_months, current_month
    from tests.factories import SalesReportFactory, StoreFactory

    month = add_months(current_month(), -1)  # the page lists the last twelve months
    store = StoreFactory(owner=merchant_a.merchant, name="양동국밥")
    SalesReportFactory(store=store, month=month)
    from django.urls import reverse

    korean = merchant_a_client.get(reverse("sales:my_sales")).content.decode()
    assert f"{month.year}년 {month.month}월" in korean
    merchant_a_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = merchant_a_client.get(reverse("sales:my_sales")).content.decode()
    assert f"{month:%B} {month.year}" in english and f"{month.year}년 {month.month}월" not in english


def test_admin_history_reads_cheori_iryeok():
    from django.utils.translation import gettext

    with translation.override("ko"):
        assert gettext("History") == "처리 이력"
        assert gettext("Change history: %s") % "양동" == "처리 이력: 양동"

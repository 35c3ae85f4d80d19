"""The dashboard hook: figures per scope for the quarter to date, the KPI card, the block and its table twin,
the Excel columns and the map layer; and the demo answers."""

import datetime

import pytest

from dashboard import extensions
from perception import dashboard_blocks, demo, periods
from perception.models import PerceptionResponse

from .conftest import answer, designated

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(government):
    busy, quiet = designated(government, name="양동 맛집거리"), designated(government, name="농성 골목")
    dong = government.dongs.order_by("name").first()
    for day in range(1, 13):  # 12 in April and May 2026 (Q2), the first four from `dong`
        answer(busy, satisfaction=5 if day % 3 else 3, answered_on=datetime.date(2026, 4 + day % 2, day),
               dong=dong if day <= 4 else None)
    answer(busy, satisfaction=1, answered_on=datetime.date(2026, 6, 20))  # after May: not in May's figures
    for _i in range(2):
        answer(quiet, satisfaction=2, answered_on=datetime.date(2026, 5, 3))
    return {"busy": busy, "quiet": quiet, "dong": dong}


def test_aggregate_reads_the_quarter_to_date_per_scope_and_suppresses_small_ones(government, answers):
    figures = dashboard_blocks.aggregate(local_government_id=government.pk, month=datetime.date(2026, 5, 1),
                                         as_of=datetime.date(2026, 12, 3))
    busy = figures[("district", answers["busy"].pk)]
    assert busy["perception_n"] == 12
    assert busy["perception_satisfaction"] == pytest.approx((8 * 5 + 4 * 3) / 12, abs=1e-4)
    assert busy["perception_satisfied_share"] == pytest.approx(8 / 12, abs=1e-4)
    quiet = figures[("district", answers["quiet"].pk)]
    assert quiet == {"perception_n": 2, "perception_satisfaction": None, "perception_satisfied_share": None}
    assert figures[("government", 0)]["perception_n"] == 14
    assert figures[("dong", answers["dong"].pk)]["perception_satisfaction"] is None  # 4 answers
    june = dashboard_blocks.aggregate(local_government_id=government.pk, month=datetime.date(2026, 6, 1),
                                      as_of=datetime.date(2026, 12, 3))
    assert june[("district", answers["busy"].pk)]["perception_n"] == 13  # the whole quarter
    july = dashboard_blocks.aggregate(local_government_id=government.pk, month=datetime.date(2026, 7, 1),
                                      as_of=datetime.date(2026, 12, 3))
    assert july == {}  # a new quarter starts empty


def test_the_kpi_the_block_and_the_declarations(government, answers, official):
    kpi, = dashboard_blocks.kpis(local_government=government, month=datetime.date(2026, 6, 1))
    assert kpi.key == "perception_satisfaction"
    assert kpi.value == pytest.approx(57 / 15, abs=1e-4)  # all 15 answers of Q2
    assert "응답 15건" in kpi.hint and "2026년 2분기" in kpi.hint and kpi.url.endswith("?quarter=2026Q2")
    empty, = dashboard_blocks.kpis(local_government=government, month=datetime.date(2025, 1, 1))
    assert empty.value is None and empty.display == "-" and "10건부터 공개" in empty.hint
    panel, = dashboard_blocks.panels(local_government=government, month=datetime.date(2026, 6, 1))
    html = panel.render()
    assert panel.title == "주민 체감도" and 'data-testid="perception-block"' in html
    assert 'role="img"' in html and 'id="pc-trend-table"' in html and "2026년 2분기" in html  # chart + table twin
    assert [key for key, _label in dashboard_blocks.EXTRA_COLUMNS] == [
        "perception_n", "perception_satisfaction", "perception_satisfied_share"]
    layer, = dashboard_blocks.MAP_LAYERS
    assert layer["key"] == "perception_satisfaction" and layer["format"] == "score" and str(layer["label"])
    assert dashboard_blocks in extensions.providers()  # the dashboard finds the module by itself
    assert ("perception_n", dashboard_blocks.EXTRA_COLUMNS[0][1]) in extensions.extra_columns()


def test_the_demo_answers_are_synthetic_rising_deterministic_and_seeded_once(government):
    for i in range(24):
        designated(government, name=f"데모 골목 {i:02d}")
    demo.seed_responses(42, lambda _line: None)
    answers = PerceptionResponse.objects.all()
    count = answers.count()
    assert 600 <= count <= 1500 and not answers.filter(is_synthetic=False).exists()
    assert answers.values("period").distinct().count() == len(
        [q for q in periods.quarters_between(demo.FIRST_QUARTER, demo.LAST_QUARTER) if q <= datetime.date.today()])
    first, last = demo.FIRST_QUARTER, min(demo.LAST_QUARTER, periods.current_quarter())

    def mean(quarter):
        values = list(answers.filter(period=quarter).values_list("satisfaction", flat=True))
        return sum(values) / len(values)
    assert mean(last) > mean(first) + 0.2  # the gentle upward trend
    per_district = list(answers.filter(period=last).values_list("district").distinct())
    assert len(per_district) >= 15
    small = [d for d, in per_district if answers.filter(period=last, district_id=d).count() < 10]
    assert small  # some districts stay under n 10
    assert answers.exclude(improvement="").count() > count // 4
    assert not answers.filter(answered_on__gt=datetime.date.today()).exists()
    demo.seed_responses(42, lambda _line: None)  # idempotent
    assert PerceptionResponse.objects.count() == count

"""The statistics without scipy: the t quantile, the mean's 95% interval, the summary and its suppression."""

import math

import pytest

from perception import stats


@pytest.mark.parametrize(("df", "expected"), [
    (1, 12.706204736), (2, 4.302652730), (5, 2.570581836), (9, 2.262157163), (29, 2.045229642),
    (100, 1.983971519), (1000, 1.962339081),
])
def test_the_t_quantile_matches_the_tables(df, expected):
    assert stats.t_quantile(0.975, df) == pytest.approx(expected, abs=1e-6)


def test_the_t_distribution_is_symmetric_and_tends_to_the_normal():
    assert stats.t_quantile(0.025, 9) == pytest.approx(-stats.t_quantile(0.975, 9))
    assert stats.t_quantile(0.5, 4) == 0.0
    assert stats.t_cdf(0.0, 7) == pytest.approx(0.5)
    assert stats.t_quantile(0.975, 1_000_000) == pytest.approx(1.959964, abs=1e-4)
    assert stats.t_quantile(0.95, 10) == pytest.approx(1.812461123, abs=1e-6)
    with pytest.raises(ValueError):
        stats.t_quantile(1.0, 3)


def test_the_mean_interval_of_known_values():
    # mean 3.5, s = 1.269296 (n - 1), t(0.975, 9) = 2.262157: half-width 0.907999
    interval = stats.mean_ci([1, 2, 3, 4, 5, 4, 3, 4, 5, 4])
    assert interval.n == 10 and interval.mean == pytest.approx(3.5)
    assert interval.sd == pytest.approx(1.269296, abs=1e-6)
    assert interval.low == pytest.approx(2.592001, abs=1e-6)
    assert interval.high == pytest.approx(4.407999, abs=1e-6)


def test_identical_answers_have_a_zero_width_interval_and_one_answer_none():
    same = stats.mean_ci([4] * 12)
    assert same.low == same.high == 4.0
    one = stats.mean_ci([5])
    assert one.mean == 5.0 and one.low is None and one.high is None
    assert stats.mean_ci([]).mean is None


def test_a_group_under_ten_answers_is_suppressed_and_ten_are_shown():
    rows = [(5, 4, 5)] * 5 + [(2, None, 3)] * 4
    nine = stats.summarise(rows)
    assert nine.suppressed and nine.n == 9 and nine.mean is None and nine.share_satisfied is None
    ten = stats.summarise([*rows, (4, 2, 4)])
    assert not ten.suppressed and ten.n == 10
    assert ten.mean == pytest.approx((5 * 5 + 2 * 4 + 4) / 10)
    assert ten.share_satisfied == pytest.approx(0.6)  # 4s and 5s
    assert ten.usability_n == 6 and ten.usability_mean == pytest.approx((4 * 5 + 2) / 6)
    assert ten.share_recommend == pytest.approx(0.6)
    assert math.isclose(ten.low + ten.high, 2 * ten.mean)

"""The event study on panels whose true effect is known."""

import datetime

import numpy as np
import pytest

from dashboard import impact
from dashboard.months import months_between

MONTHS = months_between(datetime.date(2023, 1, 1), datetime.date(2025, 12, 1))  # 36 months
NEVER = impact.SalesPanel.NEVER
SEASON = 1 + 0.2 * np.sin(np.arange(len(MONTHS)) / 12 * 2 * np.pi)  # the same season for every store


def panel(stores):
    """stores: [(cell, level, join index or NEVER, uplift)]; sales = level x season x (1 + uplift once joined)."""
    sales = np.zeros((len(stores), len(MONTHS)))
    for i, (_cell, level, join, uplift) in enumerate(stores):
        treated = np.arange(len(MONTHS)) >= join
        sales[i] = level * SEASON * np.where(treated, 1 + uplift, 1.0)
    return impact.SalesPanel(MONTHS, sales, [s[0] for s in stores],
                             np.array([s[2] for s in stores], dtype=np.int64))


def row(result, k):
    return next(r for r in result["table"] if r["k"] == k)


def test_a_known_uplift_is_recovered_and_the_pre_period_is_flat():
    cell = (1, "I2")
    stores = [(cell, 10e6 * (1 + i / 10), 18, 0.25) for i in range(5)]       # join in month 18
    stores += [(cell, 8e6 * (1 + i / 10), NEVER, 0.0) for i in range(5)]      # never join
    result = impact.event_study(panel(stores))
    assert row(result, 3)["uplift"] == pytest.approx(0.25)
    assert row(result, -3)["uplift"] == pytest.approx(0.0, abs=1e-12)
    assert row(result, 3)["treated_index"] == pytest.approx(1.25 * row(result, 3)["control_index"])
    assert (row(result, 3)["n_treated"], row(result, 3)["n_controls"]) == (5, 5)
    assert result["post"]["uplift"] == pytest.approx(0.25)
    assert result["post"]["ci_low"] == pytest.approx(0.25) and result["post"]["ci_high"] == pytest.approx(0.25)
    assert result["post"]["stores"] == 5


def test_season_and_level_do_not_bias_the_estimate_but_a_bare_before_after_would():
    # Joining just before the seasonal peak: the stores' own growth mixes season with the effect.
    cell = (1, "G2")
    stores = [(cell, 12e6, 14, 0.20)] * 3 + [(cell, 5e6, NEVER, 0.0)] * 3
    result = impact.event_study(panel(stores))
    assert row(result, 2)["uplift"] == pytest.approx(0.20)
    bare = row(result, 2)["treated_index"] - 1
    assert abs(bare - 0.20) > 0.05  # what a before/after comparison would have claimed


def test_stores_that_already_joined_never_serve_as_controls():
    cell = (2, "I2")
    stores = [(cell, 10e6, 20, 0.25)] * 2 + [(cell, 10e6, NEVER, 0.0)] * 2
    # Joined in month 3 with a larger effect (too early to be analysed themselves): never a control.
    stores += [(cell, 10e6, 3, 0.50)] * 4
    result = impact.event_study(panel(stores))
    k2 = row(result, 2)
    assert k2["uplift"] == pytest.approx(0.25)
    assert k2["n_controls"] == 2 and result["excluded"] == 4


def test_not_yet_treated_stores_are_controls_only_until_they_join():
    cell = (3, "I2")
    stores = [(cell, 10e6, 15, 0.25)] * 2 + [(cell, 10e6, 18, 0.25)] * 3
    result = impact.event_study(panel(stores))
    # For the month-15 cohort, the month-18 stores are controls at k = 0, 1, 2 and not from k = 3 on.
    assert row(result, 2)["n_controls"] == 3 and row(result, 2)["uplift"] == pytest.approx(0.25)
    assert row(result, 4)["n_treated"] == 0  # no control left in that cell for month 19+


def test_controls_come_from_the_same_dong_and_industry_only():
    stores = [((1, "I2"), 10e6, 18, 0.25)] * 2 + [((9, "I2"), 10e6, NEVER, 0.0)] * 5 + [
        ((1, "G2"), 10e6, NEVER, 0.0)] * 5
    result = impact.event_study(panel(stores))
    assert result["post"] is None and all(r["n_treated"] == 0 for r in result["table"])


def test_stores_without_six_months_before_joining_are_left_out_and_counted():
    cell = (1, "I2")
    stores = [(cell, 10e6, 4, 0.25)] * 3 + [(cell, 10e6, 18, 0.25)] * 2 + [(cell, 10e6, NEVER, 0.0)] * 2
    result = impact.event_study(panel(stores))
    assert result["excluded"] == 3 and result["post"]["stores"] == 2


def test_as_of_ignores_later_months():
    cell = (1, "I2")
    stores = [(cell, 10e6, 18, 0.25)] * 2 + [(cell, 10e6, NEVER, 0.0)] * 2
    result = impact.event_study(panel(stores), as_of=MONTHS[20])
    assert row(result, 2)["n_treated"] == 2 and row(result, 3)["n_treated"] == 0
    assert len(result["months"]) == 21


def test_spread_across_stores_is_reported():
    cell = (1, "I2")
    stores = [(cell, 10e6, 18, u) for u in (0.1, 0.2, 0.3, 0.4)] + [(cell, 10e6, NEVER, 0.0)] * 4
    result = impact.event_study(panel(stores))
    k3 = row(result, 3)
    assert k3["uplift"] == pytest.approx(0.25)
    assert k3["iqr_low"] == pytest.approx(0.175) and k3["iqr_high"] == pytest.approx(0.325)
    assert k3["ci_low"] < 0.25 < k3["ci_high"]
    assert result["post"]["ci_low"] < 0.25 < result["post"]["ci_high"]


def test_no_sales_gives_an_empty_result():
    assert impact.event_study(None)["post"] is None

"""The statistics of the results: a mean with its 95% confidence interval, without scipy.

Method (stated on the results page): the interval of a mean of n answers on the 1-5 scale is
mean ± t(0.975, n-1) · s / √n, with s the sample standard deviation (n-1 in the denominator) and
t the Student t quantile with n-1 degrees of freedom. The t quantile is found by bisection on the
t distribution's CDF, written with the regularised incomplete beta function (continued fraction,
as in Numerical Recipes §6.4), so no statistics package is needed. With fewer than 2 answers
there is no interval. Figures of groups under `MIN_N` answers are suppressed (not shown at all).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MIN_N = 10  # below this a group's figures are not shown (too few answers to mean much, and re-identifiable)
SATISFIED = (4, 5)  # "satisfied": 4 or 5 on the 5-point scale


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b) for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t distribution with `df` degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T <= t) = p (bisection to about 1e-12)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanInterval:
    n: int
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None


def mean_ci(values: Iterable[float], confidence: float = 0.95) -> MeanInterval:
    """The mean of `values` with its t-based confidence interval (none below 2 values)."""
    data = [float(v) for v in values]
    n = len(data)
    if n == 0:
        return MeanInterval(0, None, None, None, None)
    mean = math.fsum(data) / n
    if n == 1:
        return MeanInterval(1, mean, None, None, None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in data) / (n - 1))
    half = t_quantile(1.0 - (1.0 - confidence) / 2.0, n - 1) * sd / math.sqrt(n)
    return MeanInterval(n, mean, mean - half, mean + half, sd)


@dataclass(frozen=True)
class Summary:
    """A group's figures. When `suppressed`, only n is known to the reader."""

    n: int
    suppressed: bool
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    share_satisfied: float | None = None
    usability_mean: float | None = None
    usability_n: int = 0
    recommend_mean: float | None = None
    share_recommend: float | None = None

    @property
    def has_interval(self) -> bool:
        return self.low is not None


def summarise(rows: list[tuple[int, int | None, int]], *, min_n: int = MIN_N) -> Summary:
    """rows: (satisfaction, onnuri_usability or None, recommend) of a group's answers."""
    n = len(rows)
    if n < min_n:
        return Summary(n=n, suppressed=True)
    satisfaction = mean_ci(row[0] for row in rows)
    usability = [row[1] for row in rows if row[1] is not None]
    recommend = [row[2] for row in rows]
    return Summary(
        n=n, suppressed=False, mean=satisfaction.mean, low=satisfaction.low, high=satisfaction.high,
        share_satisfied=sum(1 for row in rows if row[0] in SATISFIED) / n,
        usability_mean=(math.fsum(usability) / len(usability)) if usability else None, usability_n=len(usability),
        recommend_mean=math.fsum(recommend) / n, share_recommend=sum(1 for v in recommend if v in SATISFIED) / n,
    )

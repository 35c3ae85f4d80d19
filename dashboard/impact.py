"""Did joining Onnuri raise sales? An event study against not-yet-treated stores.

For every store that joined (its first franchise's valid_from gives the joining
month, event month 0), monthly sales from 12 months before to 12 months after
are indexed to the store's own average over the 12 months before joining (at
least 6 of them reported). Each such store is compared with control stores of
the same industry (SEMAS 대분류) and dong that had not joined yet: stores that
joined later than the month compared (and later than the store itself), or
never. A control's sales are indexed to its own average over the same 12
calendar months, so season and local trend cancel out.

The uplift of a store in event month k is its index relative to the mean
index of its controls in that calendar month (index / control mean - 1): how
much more, in per cent, it sold than comparable stores that had not joined. We report, per k: the mean uplift, its
95% confidence interval (mean ± 1.96 standard errors across stores), the
interquartile range across stores, and how many joined stores and distinct
control stores were used. The headline figure averages each store's uplift
over months +1..+12 (month 0 is partly before joining) with a bootstrap 95%
interval across stores. Months -12..-1 are the check: month by month, joined
and control stores should move alike before joining (their average over those
months is zero by construction, since both are indexed to them).

Limits: stores choose to join, so stores expecting growth may join first; the
controls share industry and dong but not everything else. The standard errors
treat stores as independent although stores of one cell share controls.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Min

from .months import add_months

WINDOW = 12  # event months -12..+12
MIN_BASELINE_MONTHS = 6
BOOTSTRAP_SAMPLES = 1000
EVENT_MONTHS = list(range(-WINDOW, WINDOW + 1))


@dataclass
class SalesPanel:
    """Monthly sales as a stores x months matrix (NaN where no report) with each store's cell and joining month."""

    months: list[datetime.date]
    sales: np.ndarray
    cell: list[tuple[int, str]]
    join_index: np.ndarray  # month index of joining; NEVER when the store never joined

    NEVER = 10**6


_panels: OrderedDict = OrderedDict()


def load_panel(local_government_id: int, *, memo_key=None) -> SalesPanel | None:
    """All sales of a government's stores, kept per process for the current cache version (`memo_key`)."""
    if memo_key is not None and (local_government_id, memo_key) in _panels:
        return _panels[(local_government_id, memo_key)]
    from merchants.models import Store
    from sales import selectors as sales_selectors

    stores = list(Store.objects.filter(local_government_id=local_government_id)
                  .annotate(joined_on=Min("franchises__valid_from"))
                  .values_list("pk", "dong_id", "industry__code", "joined_on").order_by("pk"))
    reports = sales_selectors.monthly_totals(local_government_id)
    rows = list(reports.iterator(chunk_size=20_000))
    if not stores or not rows:
        return None
    first = min(r[1] for r in rows)
    last = max(r[1] for r in rows)
    months, current = [], first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    month_index = {m: i for i, m in enumerate(months)}
    store_index = {pk: i for i, (pk, *_rest) in enumerate(stores)}
    sales = np.full((len(stores), len(months)), np.nan)
    store_pos = np.fromiter((store_index[r[0]] for r in rows), dtype=np.int64, count=len(rows))
    month_pos = np.fromiter((month_index[r[1]] for r in rows), dtype=np.int64, count=len(rows))
    sales[store_pos, month_pos] = np.fromiter((r[2] for r in rows), dtype=float, count=len(rows))
    join_index = np.full(len(stores), SalesPanel.NEVER, dtype=np.int64)
    for i, (_pk, _dong, _code, joined_on) in enumerate(stores):
        if joined_on:
            delta = (joined_on.year - first.year) * 12 + joined_on.month - first.month
            join_index[i] = delta
    panel = SalesPanel(months, sales, [(dong or 0, (code or "")[:2]) for _pk, dong, code, _j in stores],
                       join_index)
    if memo_key is not None:
        _panels[(local_government_id, memo_key)] = panel
        while len(_panels) > 2:
            _panels.popitem(last=False)
    return panel


def event_study(panel: SalesPanel | None, *, as_of: datetime.date | None = None, seed: int = 0) -> dict:
    """The event-study table and headline figures, using the sales of months up to `as_of`."""
    if panel is None:
        return empty_result()
    last = len(panel.months) if as_of is None else sum(1 for m in panel.months if m <= as_of)
    sales = panel.sales[:, :last]
    n_months = sales.shape[1]
    ks = np.array(EVENT_MONTHS)
    uplifts, treated_rows, control_rows = [], [], []
    controls_used = np.zeros((sales.shape[0], len(ks)), dtype=bool)
    excluded = 0

    cells = defaultdict(list)
    for i, cell in enumerate(panel.cell):
        cells[cell].append(i)
    for members in cells.values():
        idx = np.array(members)
        joins = panel.join_index[idx]
        for j in np.unique(joins[(joins >= 0) & (joins < n_months)]):
            lo = max(0, j - WINDOW)
            window = sales[idx, lo:j]
            counts = np.sum(~np.isnan(window), axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                baseline = np.where(counts >= MIN_BASELINE_MONTHS,
                                    np.nansum(window, axis=1) / np.maximum(counts, 1), np.nan)
            baseline[baseline <= 0] = np.nan
            cohort = joins == j
            usable = cohort & ~np.isnan(baseline)
            excluded += int(np.sum(cohort & np.isnan(baseline)))
            if not usable.any():
                continue
            columns = j + ks
            inside = (columns >= 0) & (columns < n_months)
            index = np.full((len(idx), len(ks)), np.nan)
            index[:, inside] = sales[np.ix_(idx, columns[inside])] / baseline[:, None]
            # Not yet treated: joined after this cohort and after the calendar month compared.
            threshold = np.maximum(j, j + ks)
            is_control = (joins[:, None] > threshold[None, :]) & ~np.isnan(index)
            n_controls = is_control.sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                control_mean = np.where(n_controls > 0, np.where(is_control, index, 0).sum(axis=0) / n_controls,
                                        np.nan)
            controls_used[idx] |= is_control
            treated = index[usable]
            with np.errstate(invalid="ignore", divide="ignore"):
                uplifts.append(treated / control_mean[None, :] - 1)
            treated_rows.append(treated)
            control_rows.append(np.broadcast_to(control_mean, treated.shape))

    if not uplifts:
        return empty_result(excluded=excluded)
    uplift = np.vstack(uplifts)
    treated = np.vstack(treated_rows)
    control = np.vstack(control_rows)
    table = []
    for col, k in enumerate(EVENT_MONTHS):
        values = uplift[:, col]
        ok = ~np.isnan(values)
        n = int(ok.sum())
        row = {"k": k, "n_treated": n, "n_controls": int(controls_used[:, col].sum())}
        if n:
            mean = float(values[ok].mean())
            se = float(values[ok].std(ddof=1) / np.sqrt(n)) if n > 1 else None
            row.update(
                treated_index=float(treated[ok, col].mean()), control_index=float(control[ok, col].mean()),
                uplift=mean, ci_low=mean - 1.96 * se if se is not None else None,
                ci_high=mean + 1.96 * se if se is not None else None,
                iqr_low=float(np.percentile(values[ok], 25)), iqr_high=float(np.percentile(values[ok], 75)))
        table.append(row)
    rng = np.random.default_rng(seed)
    post = window_summary(uplift, treated, ks >= 1, rng)
    return {"table": table, "post": post, "stores": int(uplift.shape[0]), "excluded": excluded,
            "months": [m.isoformat() for m in panel.months[:last]]}


def window_summary(uplift: np.ndarray, treated: np.ndarray, columns: np.ndarray, rng) -> dict | None:
    """Each store's average over some event months, then the mean across stores with a bootstrap interval."""
    part = uplift[:, columns]
    has = ~np.isnan(part).all(axis=1)
    if not has.any():
        return None
    with np.errstate(invalid="ignore"):
        per_store = np.nanmean(part[has], axis=1)
        growth = np.nanmean(treated[:, columns][has], axis=1) - 1
    draws = rng.integers(0, len(per_store), size=(BOOTSTRAP_SAMPLES, len(per_store)))
    means = per_store[draws].mean(axis=1)
    return {"uplift": float(per_store.mean()), "ci_low": float(np.percentile(means, 2.5)),
            "ci_high": float(np.percentile(means, 97.5)), "growth": float(growth.mean()),
            "iqr_low": float(np.percentile(per_store, 25)), "iqr_high": float(np.percentile(per_store, 75)),
            "stores": int(len(per_store))}


def empty_result(excluded: int = 0) -> dict:
    return {"table": [{"k": k, "n_treated": 0, "n_controls": 0} for k in EVENT_MONTHS], "post": None,
            "stores": 0, "excluded": excluded, "months": []}

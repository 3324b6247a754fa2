"""Joint simulation of peers with common shocks: bootstrap of whole years' cross-area residuals.

A relative target ("grow more than the median county") compares areas that share their shocks: a
year that is bad for one county is usually bad for all of them. Simulating each area independently
lets those shocks count against the area although they cancel in "area minus median". Here every
simulated future is built from *whole years* of the areas' past residuals, so what was common stays
common:

* per area, the drift model on the model scale: `b_a` = mean yearly change, residual
  `r_{a,t} = (z_{a,t} - z_{a,t-1}) - b_a` for consecutive observed years;
* a simulated path draws h past years t_1..t_h (with replacement, the same years for every area) and
  adds their residual vectors: `z_{a,T+h} = z_{a,T} + h b_a + sum_j r_{a,t_j}`;
* the drift's own estimation error is bootstrapped the same way: `h * mean of m resampled residual
  vectors` (m = the years available), which gives the textbook variance `h s^2 (1 + h/m)`;
* the deviation from the point forecast is then multiplied by the family's calibration factor
  c(h) (`conformal.Scale.factor`), so the joint draws have the calibrated spread of each area.

Areas without a residual in a drawn year (shorter series) are simulated only from the years they
have; an area with fewer than two residuals gets NaN (no forecast).
"""

from __future__ import annotations

import numpy as np

from styrkedja.analytics import forecast as fc

MIN_YEARS = 2  # residual years needed to simulate


def residuals(z: fc.FloatArray) -> tuple[fc.FloatArray, fc.FloatArray]:
    """(drift per row, residual matrix rows x (years - 1)) from consecutive observed years only."""
    d = np.diff(z, axis=1)
    ok = np.isfinite(d)
    n = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        b = np.where(ok, d, 0.0).sum(axis=1) / n
    return np.where(n > 0, b, np.nan), d - b[:, None]


def simulate(
    z: fc.FloatArray,
    years: fc.IntArray,
    target_year: int,
    n_sims: int,
    rng: np.random.Generator,
    factor: fc.FloatArray | None = None,
) -> fc.FloatArray:
    """Draws (n_sims x rows) of every row's value at `target_year` on the model scale, jointly.
    `factor` (per row) multiplies each draw's deviation from the row's point forecast; a row already
    observed at the target year keeps that value; NaN where a row cannot be simulated."""
    n_rows = z.shape[0]
    valid = np.isfinite(z)
    last = np.where(valid.any(axis=1), valid.shape[1] - 1 - np.argmax(valid[:, ::-1], axis=1), -1)
    last_year = np.where(last >= 0, years[np.maximum(last, 0)], -1)
    z_last = z[np.arange(n_rows), np.maximum(last, 0)]
    h = (target_year - last_year).astype(np.int64)
    b, r = residuals(z)
    have = np.isfinite(r)
    cols = np.nonzero(have.any(axis=0))[0]
    out = np.full((n_sims, n_rows), np.nan)
    count = have.sum(axis=1)
    can = (last >= 0) & (count >= MIN_YEARS) & (h >= 0)
    if cols.size == 0 or not can.any():
        return out
    r = r[:, cols]
    have = have[:, cols]
    m = cols.size
    hmax = int(max(1, h[can].max()))
    future = rng.integers(0, m, size=(n_sims, hmax))
    past = rng.integers(0, m, size=(n_sims, m))
    rz = np.where(have, r, 0.0)  # (rows x m)
    w = have.astype(float)
    shock, drift_err = _deviations(future, past, rz, w, h, hmax)
    dev = shock
    dev += drift_err
    if factor is not None:
        dev *= np.where(np.isfinite(factor), factor, 1.0)[None, :]
    if (h <= 0).any():
        dev[:, h <= 0] = 0.0
    sims = dev
    sims += (z_last + h * b)[None, :]
    if can.all():
        return sims
    out[:, can] = sims[:, can]
    return out


def _deviations(
    future: fc.IntArray, past: fc.IntArray, rz: fc.FloatArray, w: fc.FloatArray, h: fc.IntArray, hmax: int
) -> tuple[fc.FloatArray, fc.FloatArray]:
    """(shock, drift error), each n_sims x rows: the sums of the drawn future years' residuals and the
    bootstrapped drift error, both over h years."""
    n_sims, n_rows, m = future.shape[0], rz.shape[0], rz.shape[1]
    # Sum of the drawn years' residuals, rescaled for rows missing some years so that each row's
    # sum has the variance of its own residuals (mean over its drawn years x number of draws).
    # A sum over drawn years is (how often each year was drawn) @ (the years' residuals): one small
    # matrix product per horizon instead of gathering n_sims x horizons x rows values.
    hi = np.clip(h, 1, hmax) - 1
    fs, fc_ = np.empty((n_sims, n_rows)), np.empty((n_sims, n_rows))
    for k in np.unique(hi):
        drawn = _counts(future[:, : k + 1], m)  # (n_sims x m): how often each year was drawn
        if (hi == k).all():  # the usual case: every row has the same horizon (no column copies)
            fs, fc_ = drawn @ rz.T, drawn @ w.T
            break
        rows = hi == k
        fs[:, rows] = drawn @ rz[rows].T
        fc_[:, rows] = drawn @ w[rows].T
    drawn_past = _counts(past, m)
    p_sum, p_cnt = drawn_past @ rz.T, drawn_past @ w.T
    # Divisions only where something was drawn (no NaN/inf temporaries to mask afterwards).
    shock = np.divide(fs, fc_, out=np.zeros_like(fs), where=fc_ > 0)
    shock *= h[None, :]
    drift_err = np.divide(p_sum, p_cnt, out=np.zeros_like(p_sum), where=p_cnt > 0)
    drift_err *= h[None, :]
    return shock, drift_err


# --- Riket as the sum of its parts -------------------------------------------------------------

SUM_TOLERANCE = 0.01  # the total's ratio to the sum of its parts may move this much over the years
SUM_GAP = 0.05  # and may differ this much from 1 (a part not allocated to any area, e.g. extra-regio)


def sum_ratio(values: fc.FloatArray, total: int, parts: fc.BoolArray) -> float | None:
    """total / sum(parts) in the latest year where all have values, when the data show that the row
    `total` is the sum of the rows `parts` (counts, money totals, guest nights): in every such year
    the ratio is within SUM_GAP of 1 and moves by at most SUM_TOLERANCE. None otherwise (shares,
    rates and per-capita values are weighted means, not sums; a subset of the areas is no sum)."""
    full = np.isfinite(values[total]) & np.isfinite(values[parts]).all(axis=0)
    if not parts.any() or not full.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = values[total, full] / values[parts][:, full].sum(axis=0)
    if not np.isfinite(ratio).all() or np.abs(ratio - 1).max() > SUM_GAP or np.ptp(ratio) > SUM_TOLERANCE:
        return None
    return float(ratio[-1])


def total_from_parts(
    draws: fc.FloatArray, kind: str, total: int, parts: fc.BoolArray, ratio: float | None
) -> fc.FloatArray:
    """`draws` (n_sims x rows, model scale) with the row `total` replaced by `ratio` times the sum of
    the simulated parts, so that the country is what its areas add up to in every simulated future
    (a total simulated from its own trend drifts away from its parts: faster-growing areas weigh
    more each year). Unchanged when `ratio` is None or a part could not be simulated."""
    if ratio is None or not np.isfinite(draws[:, parts]).all():
        return draws
    out = draws.copy()
    out[:, total] = fc.transform(ratio * fc.inverse(draws[:, parts], kind).sum(axis=1), kind)
    return out


def _counts(draws: fc.IntArray, m: int) -> fc.FloatArray:
    """(n_sims x m): how often each year index was drawn in each simulation (a bincount per row,
    as floats for the matrix products)."""
    n = draws.shape[0]
    flat = (np.arange(n)[:, None] * m + draws).ravel()
    counts: fc.FloatArray = np.bincount(flat, minlength=n * m).reshape(n, m).astype(float)
    return counts

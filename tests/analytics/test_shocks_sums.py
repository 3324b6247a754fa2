"""The joint simulation's sums over drawn years, computed as (draw counts) @ (residuals), equal the
direct way: gather every drawn year's residuals and add them up draw by draw (the implementation
before issue 18, kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.analytics import shocks


def direct(z: np.ndarray, years: np.ndarray, target_year: int, n_sims: int, rng: np.random.Generator) -> np.ndarray:
    n_rows = z.shape[0]
    valid = np.isfinite(z)
    last = np.where(valid.any(axis=1), valid.shape[1] - 1 - np.argmax(valid[:, ::-1], axis=1), -1)
    last_year = np.where(last >= 0, years[np.maximum(last, 0)], -1)
    z_last = z[np.arange(n_rows), np.maximum(last, 0)]
    h = (target_year - last_year).astype(np.int64)
    b, r = shocks.residuals(z)
    have = np.isfinite(r)
    cols = np.nonzero(have.any(axis=0))[0]
    out = np.full((n_sims, n_rows), np.nan)
    can = (last >= 0) & (have.sum(axis=1) >= shocks.MIN_YEARS) & (h >= 0)
    r, have = r[:, cols], have[:, cols]
    m = cols.size
    hmax = int(max(1, h[can].max()))
    future = rng.integers(0, m, size=(n_sims, hmax))
    past = rng.integers(0, m, size=(n_sims, m))
    for s in range(n_sims):
        for row in np.nonzero(can)[0]:
            drawn = future[s, : max(h[row], 1)]
            f_sum, f_cnt = np.where(have[row], r[row], 0.0)[drawn].sum(), have[row][drawn].sum()
            p_sum, p_cnt = np.where(have[row], r[row], 0.0)[past[s]].sum(), have[row][past[s]].sum()
            shock = f_sum / f_cnt * h[row] if f_cnt else 0.0
            drift_err = p_sum / p_cnt * h[row] if p_cnt else 0.0
            out[s, row] = z_last[row] + h[row] * b[row] + (shock + drift_err if h[row] > 0 else 0.0)
    return out


@pytest.mark.parametrize("target_year", [2024, 2026, 2035])
def test_sums_over_drawn_years_equal_the_direct_sums(target_year):
    rng = np.random.default_rng(3)
    z = rng.normal(size=(9, 15)).cumsum(axis=1)
    z[rng.random(z.shape) < 0.1] = np.nan
    z[:2, -1] = np.nan  # rows a year behind: another horizon
    z[3, :10] = np.nan  # a short row
    z[4, :-1] = np.nan  # a row that cannot be simulated
    years = np.arange(2010, 2025)
    got = shocks.simulate(z, years, target_year, 50, np.random.default_rng(11))
    want = direct(z, years, target_year, 50, np.random.default_rng(11))
    assert np.array_equal(np.isnan(got), np.isnan(want)) and np.isnan(got[:, 4]).all()
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)

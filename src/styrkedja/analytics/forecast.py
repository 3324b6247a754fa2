"""Vectorised forecasts of short annual series to a target year.

Every function works on a matrix `Y` of shape (series x years) with NaN for missing values
and a vector `years` (int, increasing, usually consecutive). All models run on a transformed
scale (see `transform`): log for positive levels, logit for shares in percent, identity otherwise;
probabilities are invariant to the monotone transform, intervals are mapped back.

Methods (methods.md section 3.2; Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*):

* drift (the default): random walk with drift, `b = (y_T - y_1)/(T - 1)`,
  `yhat_{T+h} = y_T + h b`, `sd_h = s sqrt(h (1 + h/(T - 1)))` with `s` the sd of the first
  differences, which includes the drift's estimation error (`forecast::rwf`); Student t with
  T - 2 degrees of freedom. Interior gaps are allowed: a k-year difference counts as k steps.
  The sd is multiplied by a per-horizon calibration factor (`calibrated_scale`: k * min(h, 10)**gamma,
  fitted on rolling-origin back-tests of the county population panel; see `calibration.py`). The
  same calibrated (mean, sd, df) feeds the interval, `prob_meets` and `simulate_t`.
* OLS linear trend: `se_pred = s sqrt(1 + 1/n + (t0 - tbar)^2 / sum (t - tbar)^2)`, t with n - 2 df.
* ETS(A,Ad,N), damped additive trend, parameters grid-searched on the one-step SSE; used as a
  sensitivity value (its analytic interval is known to be far too narrow on short series).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

LOG: Final = "log"
LOGIT: Final = "logit"
IDENTITY: Final = "identity"
LOGIT_EPS: Final = 1e-4  # shares are clipped to [0.01 %, 99.99 %] before the logit

# Calibration of the drift model's predictive sd: sd_h is multiplied by k * min(h, H)**gamma
# (`calibrated_scale`). k and gamma are a power-law summary of the per-horizon conformal factors
# (the factor by which the textbook sd must grow so that 80 % of held-out values fall inside the
# interval), fitted on rolling-origin forecast errors of the Eurostat county population panel
# 1999-2024 (11-year windows, horizons 1-10) by `calibration.fit_scale`; validated leaving each
# county out (`calibration.leave_one_area_out`), see docs/forecast-calibration.md. Beyond the
# largest back-tested horizon H the factor is held constant (no extrapolation beyond evidence).
# k = 1, gamma = 0 is the textbook formula.
# Why a horizon power: growth rates are persistent, so errors grow faster than the random walk's
# sqrt(h); one constant factor over-covers at h = 1 and under-covers at h = 5.
DRIFT_SD_INFLATION: Final = 1.60
DRIFT_SD_HORIZON_POWER: Final = 0.48
DRIFT_SD_HORIZON_CAP: Final = 10


def calibrated_scale(
    h: float | FloatArray,
    inflation: float | FloatArray = DRIFT_SD_INFLATION,
    horizon_power: float | FloatArray = DRIFT_SD_HORIZON_POWER,
    cap: float = DRIFT_SD_HORIZON_CAP,
) -> FloatArray:
    """Multiplier of the drift model's textbook predictive sd at horizon(s) `h` (years ahead):
    `inflation * min(h, cap)**horizon_power`, vectorised; h <= 0 gives `inflation` (the sd is 0
    there anyway). With the defaults this is the calibrated predictive distribution used for the
    interval, P(threshold) and the joint peer simulations alike."""
    hh = np.asarray(h, dtype=float)
    with np.errstate(invalid="ignore"):
        eff = np.where(hh > 0, np.minimum(hh, cap), 1.0)
    return np.asarray(np.asarray(inflation) * eff ** np.asarray(horizon_power), dtype=float)


def choose_transform(measure_type: str, unit: str, values: FloatArray) -> str:
    """logit for shares in percent (and rates whose unit is %), log when every value is > 0, else identity."""
    finite = values[np.isfinite(values)]
    is_share = measure_type == "share" or (measure_type == "rate" and unit.strip() in ("%", "procent", "percent"))
    if is_share and (finite.size == 0 or (finite.min() >= 0 and finite.max() <= 100)):
        return LOGIT
    if finite.size and finite.min() > 0:
        return LOG
    return IDENTITY


def transform(y: FloatArray | float, kind: str) -> FloatArray:
    """To the model scale. Shares are in percent (0-100)."""
    a = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == LOG:
            return np.where(a > 0, np.log(np.where(a > 0, a, 1.0)), np.nan)
        if kind == LOGIT:
            p = np.clip(a / 100.0, LOGIT_EPS, 1 - LOGIT_EPS)
            return np.asarray(np.log(p / (1 - p)))
    return a


def threshold_transform(x: FloatArray | float, kind: str) -> FloatArray:
    """Like `transform`, but for thresholds: a log threshold <= 0 maps to -inf, a share threshold
    at 0/100 maps to -inf/+inf (no clipping), so probabilities at the edges are exact."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == LOG:
            return np.where(a > 0, np.log(np.where(a > 0, a, 1.0)), -np.inf)
        if kind == LOGIT:
            p = a / 100.0
            return np.where(p <= 0, -np.inf, np.where(p >= 1, np.inf, np.log(p / (1 - p))))
    return a


def inverse(z: FloatArray | float, kind: str) -> FloatArray:
    a = np.asarray(z, dtype=float)
    if kind == LOG:
        return np.asarray(np.exp(a), dtype=float)
    if kind == LOGIT:
        return np.asarray(100.0 / (1.0 + np.exp(-a)), dtype=float)
    return a


@dataclass(frozen=True, slots=True)
class DriftFit:
    """Random walk with drift fitted per row (arrays of length n_series)."""

    last_year: FloatArray
    last: FloatArray  # last observed value (model scale)
    slope: FloatArray  # drift b per year
    sigma: FloatArray  # sd of the (gap-normalised) first differences
    span: FloatArray  # years between first and last observation (T - 1 without gaps)
    df: FloatArray  # degrees of freedom of sigma (pairs - 1; T - 2 without gaps)
    n_obs: IntArray

    def predict(
        self, target_year: float | FloatArray, inflation: float = 1.0, horizon_power: float = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        """(mean, sd) on the model scale at `target_year`; NaN where fewer than 3 observations.
        The sd is multiplied by `calibrated_scale(h, inflation, horizon_power)`, i.e.
        `inflation * min(h, DRIFT_SD_HORIZON_CAP)**horizon_power` (1 and 0 = textbook; pass the
        module's DRIFT_SD_* constants for the calibrated default)."""
        h = np.asarray(target_year, dtype=float) - self.last_year
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.last + h * self.slope
            factor = calibrated_scale(h, inflation, horizon_power)
            sd = factor * self.sigma * np.sqrt(h * (1.0 + h / self.span))
        bad = (self.n_obs < 3) | (h < 0)
        return np.where(bad, np.nan, mean), np.where(bad, np.nan, np.where(h == 0, 0.0, sd))


def _first_last(valid: BoolArray) -> tuple[IntArray, IntArray]:
    n_years = valid.shape[1]
    first = np.argmax(valid, axis=1).astype(np.int64)
    last = (n_years - 1 - np.argmax(valid[:, ::-1], axis=1)).astype(np.int64)
    return first, last


def fit_drift(z: FloatArray, years: IntArray) -> DriftFit:
    """Fit the drift model to every row of `z` (model scale, NaN = missing)."""
    z = np.asarray(z, dtype=float)
    t = np.asarray(years, dtype=float)
    n, n_years = z.shape
    valid = np.isfinite(z)
    n_obs = valid.sum(axis=1).astype(np.int64)
    first, last = _first_last(valid)
    rows = np.arange(n)
    z_first, z_last = z[rows, first], z[rows, last]
    span = t[last] - t[first]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (z_last - z_first) / span
    # Pairs of consecutive observations (a gap of k years counts as k random-walk steps).
    pos = np.where(valid, np.arange(n_years), -1)
    seen = np.maximum.accumulate(pos, axis=1)
    prev = np.concatenate([np.full((n, 1), -1), seen[:, :-1]], axis=1)
    pair = valid & (prev >= 0)
    prev_c = np.where(prev >= 0, prev, 0)
    gap = np.where(pair, t[None, :] - t[prev_c], 1.0)
    diff = np.where(pair, z - np.take_along_axis(z, prev_c, axis=1), 0.0)
    with np.errstate(invalid="ignore"):
        resid2 = np.where(pair, (diff - gap * slope[:, None]) ** 2 / gap, 0.0)
    m = pair.sum(axis=1)
    dfree = (m - 1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt(resid2.sum(axis=1) / dfree)
    sigma = np.where(m >= 2, sigma, np.nan)
    return DriftFit(
        last_year=np.where(n_obs > 0, t[last], np.nan),
        last=np.where(n_obs > 0, z_last, np.nan),
        slope=np.where(n_obs >= 2, slope, np.nan),
        sigma=sigma,
        span=np.where(n_obs >= 2, span, np.nan),
        df=np.where(m >= 2, dfree, np.nan),
        n_obs=n_obs,
    )


def fit_drift_expanding(z: FloatArray, years: IntArray, start: int = 2) -> Iterator[tuple[int, DriftFit]]:
    """For every window end j >= `start` (but the last column): (j, `fit_drift(z[:, : j + 1], years[: j + 1])`),
    with the same arithmetic, so the same numbers, but the pairs of consecutive observations found
    once for the whole matrix (they do not depend on where the window ends). The calibration
    back-tests every origin year of every series; this is most of its cost."""
    z = np.asarray(z, dtype=float)
    t = np.asarray(years, dtype=float)
    n, n_years = z.shape
    valid = np.isfinite(z)
    n_obs_to = np.cumsum(valid, axis=1, dtype=np.int64)
    first_any = np.argmax(valid, axis=1).astype(np.int64)
    pos = np.where(valid, np.arange(n_years), -1)
    seen = np.maximum.accumulate(pos, axis=1)
    prev = np.concatenate([np.full((n, 1), -1), seen[:, :-1]], axis=1)
    pair = valid & (prev >= 0)
    prev_c = np.where(prev >= 0, prev, 0)
    gap = np.where(pair, t[None, :] - t[prev_c], 1.0)
    diff = np.where(pair, z - np.take_along_axis(z, prev_c, axis=1), 0.0)
    pairs_to = np.cumsum(pair, axis=1)
    rows = np.arange(n)
    for j in range(start, n_years - 1):
        n_obs = n_obs_to[:, j]
        first = np.where(n_obs > 0, first_any, 0)  # as `_first_last` on the window: 0 and j without data
        last = np.where(seen[:, j] >= 0, seen[:, j], j).astype(np.int64)
        z_first, z_last = z[rows, first], z[rows, last]
        span = t[last] - t[first]
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = (z_last - z_first) / span
        w_pair, w_gap, w_diff = pair[:, : j + 1], gap[:, : j + 1], diff[:, : j + 1]
        with np.errstate(invalid="ignore"):
            resid2 = np.where(w_pair, (w_diff - w_gap * slope[:, None]) ** 2 / w_gap, 0.0)
        m = pairs_to[:, j]
        dfree = (m - 1).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = np.sqrt(resid2.sum(axis=1) / dfree)
        yield (
            j,
            DriftFit(
                last_year=np.where(n_obs > 0, t[last], np.nan),
                last=np.where(n_obs > 0, z_last, np.nan),
                slope=np.where(n_obs >= 2, slope, np.nan),
                sigma=np.where(m >= 2, sigma, np.nan),
                span=np.where(n_obs >= 2, span, np.nan),
                df=np.where(m >= 2, dfree, np.nan),
                n_obs=n_obs,
            ),
        )


@dataclass(frozen=True, slots=True)
class OlsFit:
    """Linear trend fitted by OLS per row (arrays of length n_series)."""

    intercept: FloatArray  # at t = tbar (centred)
    slope: FloatArray
    tbar: FloatArray
    stt: FloatArray  # sum (t - tbar)^2
    s: FloatArray  # residual sd, n - 2 df
    df: FloatArray
    n_obs: IntArray
    last_year: FloatArray

    def predict(self, target_year: float | FloatArray, inflation: float = 1.0) -> tuple[FloatArray, FloatArray]:
        """(mean, prediction sd) at `target_year`; NaN with fewer than 3 observations."""
        t0 = np.asarray(target_year, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.intercept + self.slope * (t0 - self.tbar)
            se = inflation * self.s * np.sqrt(1.0 + 1.0 / self.n_obs + (t0 - self.tbar) ** 2 / self.stt)
        bad = self.n_obs < 3
        return np.where(bad, np.nan, mean), np.where(bad, np.nan, se)


def fit_ols(z: FloatArray, years: IntArray) -> OlsFit:
    z = np.asarray(z, dtype=float)
    t = np.broadcast_to(np.asarray(years, dtype=float), z.shape)
    valid = np.isfinite(z)
    n_obs = valid.sum(axis=1).astype(np.int64)
    w = valid.astype(float)
    zz = np.where(valid, z, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tbar = (w * t).sum(1) / n_obs
        zbar = zz.sum(1) / n_obs
        dt = np.where(valid, t - tbar[:, None], 0.0)
        stt = (dt**2).sum(1)
        slope = (dt * (zz - zbar[:, None])).sum(1) / stt
        resid = np.where(valid, zz - zbar[:, None] - slope[:, None] * dt, 0.0)
        s = np.sqrt((resid**2).sum(1) / (n_obs - 2))
    _, last = _first_last(valid)
    return OlsFit(
        intercept=zbar,
        slope=slope,
        tbar=tbar,
        stt=stt,
        s=np.where(n_obs >= 3, s, np.nan),
        df=np.where(n_obs >= 3, n_obs - 2.0, np.nan),
        n_obs=n_obs,
        last_year=np.where(n_obs > 0, np.asarray(years, dtype=float)[last], np.nan),
    )


# ETS(A,Ad,N) grid: alpha (level), beta* (trend, as a share of alpha's update), phi (damping).
ETS_ALPHA: Final = (0.2, 0.4, 0.6, 0.8, 0.95)
ETS_BETA: Final = (0.05, 0.2, 0.5)
ETS_PHI: Final = (0.8, 0.9, 0.98)


@dataclass(frozen=True, slots=True)
class EtsFit:
    """ETS(A,Ad,N) state at the last column, per row, with the grid-chosen parameters."""

    level: FloatArray
    trend: FloatArray
    alpha: FloatArray
    beta: FloatArray  # beta* (so the trend update is alpha * beta* * error)
    phi: FloatArray
    sigma: FloatArray  # sqrt(SSE / number of one-step errors)
    end_year: float
    n_obs: IntArray

    def predict(self, target_year: float | FloatArray) -> tuple[FloatArray, FloatArray]:
        """(mean, sd) with the class-1 analytic variance (Hyndman et al. 2008, table 6.1)."""
        h = np.asarray(target_year, dtype=float) - self.end_year
        hmax = int(np.max(h)) if np.size(h) else 0
        phi = self.phi
        steps = np.arange(1, max(hmax, 1) + 1, dtype=float)
        powers = phi[:, None] ** steps[None, :]  # phi^1..phi^hmax
        cum = np.cumsum(powers, axis=1)  # phi + ... + phi^j
        hi = np.clip(np.broadcast_to(h, phi.shape).astype(np.int64), 1, max(hmax, 1)) - 1
        damp = np.take_along_axis(cum, hi[:, None], axis=1)[:, 0]
        mean = self.level + damp * self.trend
        big_b = self.alpha * self.beta
        with np.errstate(divide="ignore", invalid="ignore"):
            cj = self.alpha[:, None] + big_b[:, None] * phi[:, None] * (1 - powers) / (1 - phi[:, None])
        cum2 = np.concatenate([np.zeros((phi.size, 1)), np.cumsum(cj**2, axis=1)], axis=1)
        var = self.sigma**2 * (1 + np.take_along_axis(cum2, hi[:, None], axis=1)[:, 0])
        bad = self.n_obs < 3
        return np.where(bad, np.nan, mean), np.where(bad, np.nan, np.sqrt(var))


def fit_ets_damped(z: FloatArray, years: IntArray) -> EtsFit:
    """Grid-searched ETS(A,Ad,N) per row. Initial level = first observation, initial trend = the
    slope between the first two observations; missing years propagate the damped state."""
    z = np.asarray(z, dtype=float)
    t = np.asarray(years, dtype=float)
    n, n_years = z.shape
    grid = np.array([(a, b, p) for a in ETS_ALPHA for b in ETS_BETA for p in ETS_PHI])
    alpha, beta, phi = (grid[:, i][None, :] for i in range(3))
    valid = np.isfinite(z)
    n_obs = valid.sum(axis=1).astype(np.int64)
    first, _ = _first_last(valid)
    rows = np.arange(n)
    masked = np.where(valid, np.arange(n_years), n_years)
    masked[rows, first] = n_years
    second = np.minimum(masked.min(axis=1), n_years - 1)
    z0 = z[rows, first]
    with np.errstate(invalid="ignore", divide="ignore"):
        b0 = (z[rows, second] - z0) / (t[second] - t[first])
    level = np.repeat(z0[:, None], grid.shape[0], axis=1)
    trend = np.repeat(np.nan_to_num(b0)[:, None], grid.shape[0], axis=1)
    sse = np.zeros_like(level)
    cnt = np.zeros(n)
    for j in range(n_years):
        started = (j > first)[:, None]
        fc = level + phi * trend
        obs = valid[:, j][:, None] & started
        err = np.where(obs, np.nan_to_num(z[:, j])[:, None] - fc, 0.0)
        new_level = fc + alpha * err
        new_trend = phi * trend + alpha * beta * err
        level = np.where(started, new_level, level)
        trend = np.where(started, new_trend, trend)
        sse += err**2
        cnt += obs[:, 0]
    best = np.argmin(sse, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(sse[rows, best] / cnt)
    return EtsFit(
        level=level[rows, best],
        trend=trend[rows, best],
        alpha=grid[best, 0],
        beta=grid[best, 1],
        phi=grid[best, 2],
        sigma=sigma,
        end_year=float(t[-1]),
        n_obs=n_obs,
    )


def t_interval(mean: FloatArray, sd: FloatArray, df: FloatArray, level: float = 0.8) -> tuple[FloatArray, FloatArray]:
    """Central `level` interval of a location-scale Student t (model scale); df=inf gives the normal."""
    q = stats.t.ppf(0.5 + level / 2, np.where(np.isfinite(df) & (df > 0), df, np.inf))
    return mean - q * sd, mean + q * sd


def prob_meets(mean: FloatArray, sd: FloatArray, df: FloatArray, threshold: FloatArray, operator: str) -> FloatArray:
    """P(Y op threshold) for Y = mean + sd * T_df (all on the model scale). sd == 0 gives 0/1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        zval = (threshold - mean) / sd
    cdf = stats.t.cdf(zval, np.where(np.isfinite(df) & (df > 0), df, np.inf))
    point = np.where(operator in (">", ">="), mean > threshold, mean < threshold).astype(float)
    p = 1.0 - cdf if operator in (">", ">=") else cdf
    return np.where(sd == 0, point, p)


def simulate_t(mean: FloatArray, sd: FloatArray, df: FloatArray, n_sims: int, rng: np.random.Generator) -> FloatArray:
    """Draws (n_sims x n_series) of mean + sd * T_df; NaN where the fit is missing."""
    ok = np.isfinite(mean) & np.isfinite(sd) & np.isfinite(df) & (df > 0)
    dfs = np.where(ok, df, 1.0)
    z = rng.standard_normal((n_sims, mean.size))
    chi = rng.chisquare(np.broadcast_to(dfs, (n_sims, mean.size)))
    draws = mean[None, :] + sd[None, :] * z / np.sqrt(chi / dfs[None, :])
    return np.where(ok[None, :], draws, np.nan)

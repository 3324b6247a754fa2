"""Outlier treatment as COINr's `Treat()` does it by default.

An indicator passes when |skewness| < 2 or kurtosis < 3.5 (both the bias-corrected "type 2" statistics, as Excel
and pandas compute them). A failing indicator is winsorised: the highest point (lowest if skew is negative)
takes the next value, repeatedly, until it passes or `winmax` points are reached. If it still fails, the
log transform log(x - min + 0.01 (max - min)) is applied to the *original* values instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SKEW_THRESHOLD = 2.0
KURT_THRESHOLD = 3.5


def skewness(x: np.ndarray) -> float:
    """Sample skewness, bias-corrected (e1071 type 2); NaNs skipped; NaN with fewer than 3 points."""
    v = x[np.isfinite(x)]
    n = v.size
    if n < 3:
        return float("nan")
    d = v - v.mean()
    s2 = float(np.sum(d * d))
    if s2 == 0.0:
        return float("nan")
    g = np.sqrt(n) * float(np.sum(d**3)) / s2**1.5
    return float(g * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis, bias-corrected (e1071 type 2); NaNs skipped; NaN with fewer than 4 points."""
    v = x[np.isfinite(x)]
    n = v.size
    if n < 4:
        return float("nan")
    d = v - v.mean()
    s2 = float(np.sum(d * d))
    if s2 == 0.0:
        return float("nan")
    r = n * float(np.sum(d**4)) / s2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def passes(x: np.ndarray, skew_threshold: float = SKEW_THRESHOLD, kurt_threshold: float = KURT_THRESHOLD) -> bool:
    """True when the distribution needs no treatment (a constant or too short column also passes)."""
    sk, kt = skewness(x), kurtosis(x)
    if not (np.isfinite(sk) and np.isfinite(kt)):
        return True
    return bool(abs(sk) < skew_threshold or kt < kurt_threshold)


@dataclass(frozen=True)
class Treatment:
    """What happened to one indicator: `method` is "none", "winsorise" or "log"; `points` the treated rows."""

    values: np.ndarray
    method: str
    winsorised: int
    skew_before: float
    kurt_before: float
    skew_after: float
    kurt_after: float
    high: tuple[int, ...] = ()
    low: tuple[int, ...] = ()


def winsorise(
    x: np.ndarray, winmax: int, skew_threshold: float = SKEW_THRESHOLD, kurt_threshold: float = KURT_THRESHOLD
) -> tuple[np.ndarray, int, tuple[int, ...], tuple[int, ...]]:
    """Returns (values, points counted, rows set from the top, rows set from the bottom).

    As in COINr the count is the size of the latest tied group at each end: a point already moved to the
    next value is tied with it, so a run of moves at one end counts every point it moved."""
    x = x.copy()
    high: np.ndarray = np.array([], dtype=int)
    low: np.ndarray = np.array([], dtype=int)
    count = 0
    while not passes(x, skew_threshold, kurt_threshold) and count < winmax:
        finite = np.isfinite(x)
        if skewness(x) >= 0:
            top = np.nanmax(x)
            high = np.flatnonzero(finite & (x == top))
            rest = x[finite & (x != top)]
            if rest.size == 0:
                break
            x[high] = rest.max()
        else:
            bottom = np.nanmin(x)
            low = np.flatnonzero(finite & (x == bottom))
            rest = x[finite & (x != bottom)]
            if rest.size == 0:
                break
            x[low] = rest.min()
        count = high.size + low.size
    return x, count, tuple(int(i) for i in high), tuple(int(i) for i in low)


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr's `log_CT`: log(x - min + 0.01 (max - min)), NaNs kept."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(x - lo + 0.01 * (hi - lo)))


def treat_column(
    x: np.ndarray, winmax: int = 5, skew_threshold: float = SKEW_THRESHOLD, kurt_threshold: float = KURT_THRESHOLD
) -> Treatment:
    """Winsorise if needed, else (still failing) log-transform the original values."""
    sk0, kt0 = skewness(x), kurtosis(x)
    if passes(x, skew_threshold, kurt_threshold):
        return Treatment(x.copy(), "none", 0, sk0, kt0, sk0, kt0)
    w, count, high, low = winsorise(x, winmax, skew_threshold, kurt_threshold)
    if passes(w, skew_threshold, kurt_threshold):
        return Treatment(w, "winsorise", count, sk0, kt0, skewness(w), kurtosis(w), high, low)
    logged = log_ct(x)
    return Treatment(logged, "log", count, sk0, kt0, skewness(logged), kurtosis(logged))


def treat_matrix(data: np.ndarray, winmax: int = 5) -> tuple[np.ndarray, list[Treatment]]:
    """Treat every column of a units x indicators matrix; `winmax` 0 turns winsorisation off (log only)."""
    treatments = [treat_column(data[:, j], winmax) for j in range(data.shape[1])]
    return np.column_stack([t.values for t in treatments]) if treatments else data.copy(), treatments

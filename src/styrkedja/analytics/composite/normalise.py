"""Normalisation onto a common scale, after multiplying each indicator by its direction (COINr `Normalise`).

Every method is column-wise and skips missing values. A column whose range is zero cannot be min-maxed: that
is an error naming the indicator, not a column of NaNs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import rankdata

from styrkedja.analytics.composite.framework import CompositeError

METHODS = ("minmax", "zscore", "rank", "prank", "dist2max", "dist2targ", "fracmax")


def normalise(
    data: np.ndarray,
    directions: Sequence[int],
    codes: Sequence[str],
    method: str = "minmax",
    *,
    lower: float = 0.0,
    upper: float = 100.0,
    targets: Sequence[float | None] | None = None,
) -> np.ndarray:
    """Normalise every column. minmax -> [lower, upper]; zscore -> mean 0, sd 1 (n - 1); rank -> 1..n (ties
    get the lowest rank); prank -> (rank - 1)/(n - 1); dist2max -> 1 - (max - x)/(max - min);
    dist2targ -> 1 - (t - x)/(t - min) with t the target, capped at 1; fracmax -> x / max."""
    if method not in METHODS:
        raise ValueError(f"normalisation method must be one of {METHODS}, got {method!r}")
    x = np.asarray(data * np.asarray(directions, dtype=float), dtype=float)
    out: np.ndarray = np.empty_like(x)
    for j in range(x.shape[1]):
        target = None
        if method == "dist2targ":
            t = targets[j] if targets is not None else None
            if t is None:
                raise CompositeError(codes[j], "distance to target needs a target value")
            target = float(t) * directions[j]
        out[:, j] = _column(x[:, j], method, codes[j], lower, upper, target)
    return out


def _range(col: np.ndarray, code: str) -> tuple[float, float]:
    if not np.isfinite(col).any():
        raise CompositeError(code, "has no data to normalise")
    lo, hi = float(np.nanmin(col)), float(np.nanmax(col))
    if lo == hi:
        raise CompositeError(code, f"all values are equal ({lo:g}): the range is zero, so it cannot be normalised")
    return lo, hi


def _column(col: np.ndarray, method: str, code: str, lower: float, upper: float, target: float | None) -> np.ndarray:
    if method in ("rank", "prank"):
        return _ranks(col, method)
    lo, hi = _range(col, code)
    if method == "minmax":
        return (col - lo) / (hi - lo) * (upper - lower) + lower
    if method == "zscore":
        return np.asarray((col - np.nanmean(col)) / np.nanstd(col, ddof=1))
    if method == "dist2max":
        return 1 - (hi - col) / (hi - lo)
    if method == "fracmax":
        return col / hi
    assert target is not None
    if target == lo:
        raise CompositeError(code, "the target equals the lowest value: distance to target is undefined")
    return np.minimum(1 - (target - col) / (target - lo), 1.0)


def _ranks(col: np.ndarray, method: str) -> np.ndarray:
    present = np.isfinite(col)
    out = np.full(col.shape, np.nan)
    ranks = rankdata(col[present], method="min").astype(float)
    if method == "rank":
        out[present] = ranks
    else:
        n = int(present.sum())
        out[present] = (ranks - 1) / (n - 1) if n > 1 else np.nan
    return out

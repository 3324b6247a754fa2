"""Vectorised building blocks for target rules: growth, benchmarks, competition ranks, progress ratio.

All functions take numpy arrays whose last axis runs over areas (the "universe" of one
indicator/breakdown) and, optionally, a leading axis over simulations. NaN means missing and
is never treated as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from styrkedja.analytics import model as m

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def growth_measure(rule: m.TargetRule | None, indicator: m.IndicatorInfo) -> str:
    """percent for levels (count, money, index, ratio), pp for shares and rates, unless the rule says."""
    if rule is not None and rule.growth is not None:
        return rule.growth
    return default_growth(indicator.measure_type)


def default_growth(measure_type: str) -> str:
    """The growth measure an indicator's measure type implies: pp for shares and rates, else percent."""
    return "pp" if measure_type in m.POINT_MEASURES else "percent"


def uses_growth(rule: m.TargetRule) -> bool:
    """Whether the rule's status rests on a growth: growth vs a benchmark, rank by growth, or a change
    by a stated amount."""
    return (
        rule.rule == m.GROWTH_VS_BENCHMARK
        or (rule.rule == m.RANK and rule.rank_by == "growth")
        or (rule.rule == m.CHANGE and rule.value is not None)
    )


def growth(base: FloatArray, end: FloatArray, measure: str) -> FloatArray:
    """Growth base -> end: percent `(end/base - 1)*100` (undefined unless base > 0) or pp `end - base`."""
    base = np.asarray(base, dtype=float)
    end = np.asarray(end, dtype=float)
    if measure == "pp":
        return end - base
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(base > 0, (end / np.where(base > 0, base, 1.0) - 1.0) * 100.0, np.nan)


def compare(a: FloatArray, b: FloatArray, operator: str) -> BoolArray:
    """Elementwise `a op b`; False where either side is missing."""
    with np.errstate(invalid="ignore"):
        if operator == ">":
            out = a > b
        elif operator == ">=":
            out = a >= b
        elif operator == "<":
            out = a < b
        elif operator == "<=":
            out = a <= b
        else:  # pragma: no cover - rules are validated first
            raise ValueError(f"unknown operator {operator!r}")
    return np.asarray(out & np.isfinite(a) & np.isfinite(b))


def benchmark_values(vals: FloatArray, peer_mask: BoolArray, kind: str, riket_idx: int) -> tuple[FloatArray, IntArray]:
    """Benchmark per row of `vals` (K x U): the Riket column, or the median/mean over the peers that
    have a value. Median of an even count is the mean of the two middle values. Returns (value, n)."""
    avail = peer_mask[None, :] & np.isfinite(vals)
    n = avail.sum(axis=1).astype(np.int64)
    if kind == "riket":
        return vals[:, riket_idx].copy(), n
    if peer_mask.any() and bool(np.isfinite(vals[:, peer_mask]).all()):
        sub = vals[:, peer_mask]  # fast path: no missing peer in any row
        return (np.median(sub, axis=1) if kind == "peer_median" else sub.mean(axis=1)), n
    masked = np.where(avail, vals, np.nan)
    out = np.full(vals.shape[0], np.nan)
    ok = n > 0
    if ok.any():
        if kind == "peer_median":
            out[ok] = np.nanmedian(masked[ok], axis=1)
        else:
            out[ok] = np.nanmean(masked[ok], axis=1)
    return out, n


def oriented(vals: FloatArray, direction: str) -> FloatArray:
    """Values oriented so that larger is better (lower-is-better indicators are negated)."""
    return -vals if direction == m.LOWER_IS_BETTER else vals


def competition_ranks(
    vals: FloatArray, peer_mask: BoolArray, area_idx: IntArray, direction: str
) -> tuple[IntArray, IntArray]:
    """Competition ("min") rank of each area among the available peers plus the area itself:
    `rank = 1 + #{peers j: g_j better than g_i}`; ties share the better place. `vals` is 1-D (U,).
    Returns (rank, n) per area; rank 0 where the area has no value."""
    v = oriented(vals, direction)
    avail = peer_mask & np.isfinite(v)
    va = v[area_idx]
    better = (v[None, :] > va[:, None]) & avail[None, :]
    rank = 1 + better.sum(axis=1)
    n = avail.sum() + (~avail[area_idx]).astype(np.int64)
    has = np.isfinite(va)
    return np.where(has, rank, 0).astype(np.int64), np.where(has, n, avail.sum()).astype(np.int64)


def rank_at_most(vals: FloatArray, peer_mask: BoolArray, area_idx: IntArray, n_best: int, direction: str) -> BoolArray:
    """rank <= N for each area, for every row of `vals` (K x U), without ranking everybody:
    fewer than N peers strictly better <=> the area's value >= the N-th best available value.
    Returns (K x A) booleans; False where the area has no value."""
    v = oriented(vals, direction)
    avail = peer_mask[None, :] & np.isfinite(v)
    filled = np.where(avail, v, -np.inf)
    k = n_best - 1
    too_few = k >= filled.shape[1]
    kth = np.full(filled.shape[0], -np.inf) if too_few else -np.partition(-filled, k, axis=1)[:, k]
    va = v[:, area_idx]
    with np.errstate(invalid="ignore"):
        return np.asarray((va >= kth[:, None]) & np.isfinite(va))


@dataclass(frozen=True, slots=True)
class Progress:
    ratio: float | None
    category: str | None


def progress_ratio(
    base: float,
    current: float,
    years_elapsed: int,
    target: float,
    years_total: int,
    operator: str,
) -> Progress:
    """Progress ratio (Statistics Canada SDG data hub / Open SDG): the observed compound annual
    growth rate since the base year divided by the rate required to reach the target on time.
    Works for decreasing targets too (both rates negative). Falls back to linear annual change
    when a value is not positive. Categories: target achieved; >= 0.95 on track; 0.60-0.95
    acceleration needed; 0-0.60 limited progress; < 0 deterioration."""
    if not (np.isfinite(base) and np.isfinite(current) and np.isfinite(target)):
        return Progress(None, None)
    if bool(compare(np.array(current), np.array(target), operator)):
        return Progress(None, m.PROGRESS_ACHIEVED)
    if years_elapsed <= 0 or years_total <= 0:
        return Progress(None, None)
    if base > 0 and current > 0 and target > 0:
        observed = (current / base) ** (1.0 / years_elapsed) - 1.0
        required = (target / base) ** (1.0 / years_total) - 1.0
    else:
        observed = (current - base) / years_elapsed
        required = (target - base) / years_total
    if required == 0:
        return Progress(None, None)
    ratio = observed / required
    if ratio >= 0.95:
        cat = m.PROGRESS_ON_TRACK
    elif ratio >= 0.60:
        cat = m.PROGRESS_ACCELERATION_NEEDED
    elif ratio >= 0:
        cat = m.PROGRESS_LIMITED
    else:
        cat = m.PROGRESS_DETERIORATION
    return Progress(float(ratio), cat)


def status_from_probability(p: float | None, thresholds: tuple[float, float] = (0.7, 0.3)) -> str:
    """on_track when P >= upper, at_risk when lower <= P < upper, off_track below; no_data without P."""
    if p is None or not np.isfinite(p):
        return m.NO_DATA
    upper, lower = thresholds
    if p >= upper:
        return m.ON_TRACK
    if p >= lower:
        return m.AT_RISK
    return m.OFF_TRACK

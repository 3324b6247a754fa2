"""What one evaluation run shares: settings, caches, pending forecast summaries and result helpers."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import simulate as sim
from styrkedja.analytics.evaluate.store import (
    BoolArray,
    F32Array,
    FloatArray,
    IntArray,
)
from styrkedja.analytics.explain import explain_target


@dataclass
class _Fit:
    """Drift fits of one universe (or one batch of rows) truncated at a target year."""

    kind: str
    mat: FloatArray  # original scale, columns up to the target year
    z: FloatArray
    mean: FloatArray
    sd: FloatArray
    df: FloatArray
    last_year: FloatArray
    draws: F32Array | None = None  # (n_sims x U), original scale, observed target-year values kept


@dataclass
class _Summaries:
    """Forecast summaries requested while evaluating; computed in one batch per (target year, transform)."""

    y0: int
    z: list[FloatArray] = field(default_factory=list)
    key: list[tuple[int, str]] = field(default_factory=list)
    stats: list[tuple[float, float, float, float, float]] = field(default_factory=list)  # mean, sd, df, last, factor

    def add(self, z: FloatArray, target: int, kind: str, mean: float, sd: float, df: float, last: float,
            factor: float = 1.0) -> int:  # fmt: skip
        with _LOCK:
            self.z.append(z)
            self.key.append((target, kind))
            self.stats.append((mean, sd, df, last, factor))
            return len(self.z) - 1

    def compute(self, ctx: Context) -> list[m.ForecastSummary | None]:
        """Drift interval, ETS(A,Ad,N) sensitivity value and OLS alternative for every request."""
        out: list[m.ForecastSummary | None] = [None] * len(self.z)
        groups: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, k in enumerate(self.key):
            groups[k].append(i)
        for (target, kind), idx in groups.items():
            years = np.arange(self.y0, max(target, self.y0) + 1, dtype=np.int64)
            zm = np.full((len(idx), years.size), np.nan)
            for r, i in enumerate(idx):
                width = min(years.size, self.z[i].size)
                zm[r, :width] = self.z[i][:width]
            st = np.array([self.stats[i] for i in idx], dtype=float).reshape(len(idx), 5)
            mean, sd, dfree, last, st_k = st[:, 0], st[:, 1], st[:, 2], st[:, 3], st[:, 4]
            lo, hi = fc.t_interval(mean, sd, dfree, ctx.level)
            ets_mean, _ = fc.fit_ets_damped(zm, years).predict(target)
            ols_mean, _ = fc.fit_ols(zm, years).predict(target)
            floor = _floor(zm, kind)
            pt, lo_o, hi_o = (np.maximum(fc.inverse(v, kind), floor) for v in (mean, lo, hi))
            ets_o, ols_o = (np.maximum(fc.inverse(v, kind), floor) for v in (ets_mean, ols_mean))
            for r, i in enumerate(idx):
                if not np.isfinite(pt[r]):
                    continue
                out[i] = m.ForecastSummary(
                    method=m.DRIFT,
                    origin_year=int(last[r]),
                    target_year=target,
                    point=float(pt[r]),
                    lo=float(lo_o[r]),
                    hi=float(hi_o[r]),
                    level=ctx.level,
                    transform=kind,
                    sd_inflation=float(st_k[r]),
                    ets_point=float(ets_o[r]) if np.isfinite(ets_o[r]) else None,
                    ols_point=float(ols_o[r]) if np.isfinite(ols_o[r]) else None,
                )
        return out


def _floor(zm: FloatArray, kind: str) -> FloatArray:
    """Per row, the lowest value a forecast may show: 0 for a series modelled on its own scale
    (identity: it has zeros, so no log) whose history never went below 0 (counts, rates), else -inf.
    Log and logit forecasts are positive by construction. The forecast distribution is then censored
    at 0, which leaves every probability of a threshold at or above 0 as it is; only the interval's
    lower end and the point (its median) stop at 0 instead of showing a negative count."""
    if kind != fc.IDENTITY:
        return np.full(zm.shape[0], -np.inf)
    seen = np.where(np.isfinite(zm), zm, np.inf).min(axis=1)
    return np.where(np.isfinite(seen) & (seen >= 0), 0.0, -np.inf)


@dataclass
class Context:
    as_of: date
    thresholds: tuple[float, float]
    seed: int
    n_sims: int
    sd_inflation: float | None  # with horizon_power: one fixed scale for every indicator; None = learnt
    level: float
    horizon_power: float | None = None
    forecasts: bool = True  # False: status from data only (no forecasts, probabilities, explanations)
    bank: sim.TBank | None = None
    summaries: _Summaries | None = None
    mats: dict[Any, tuple[FloatArray, IntArray]] = field(default_factory=dict)
    fits: dict[Any, _Fit] = field(default_factory=dict)
    vals: dict[Any, F32Array] = field(default_factory=dict)
    bench: dict[Any, Any] = field(default_factory=dict)
    peers: dict[Any, list[str]] = field(default_factory=dict)  # resolved peer groups (kept for the whole run)
    masks: dict[Any, BoolArray] = field(default_factory=dict)
    scales: dict[str, cf.Scale] = field(default_factory=dict)  # per family, learnt at this evaluation
    relative_scales: dict[str, cf.Scale] = field(default_factory=dict)  # the same, for area-minus-peers
    # Percent of a peer group that must have a year for it to be compared (targets may override).
    peer_coverage: float = m.DEFAULT_PEER_COVERAGE
    # The publishers' symbols of missing cells: (indicator, breakdown) -> (area, year) -> symbol.
    symbols: dict[tuple[str, str], dict[tuple[str, int], str]] = field(default_factory=dict)

    @property
    def fixed(self) -> bool:
        """True when the caller fixed the scale (e.g. the textbook k = 1, gamma = 0)."""
        return self.sd_inflation is not None

    def scale(self, family: str, relative: bool = False) -> cf.Scale:
        """The calibration of a family's forecasts: the fixed one, or the one learnt (textbook when
        nothing could be learnt; the result then says the assessment is uncertain)."""
        if self.sd_inflation is not None:
            return cf.Scale(self.sd_inflation, self.horizon_power or 0.0, 0, cf.FAMILY)
        return (self.relative_scales if relative else self.scales).get(family, cf.TEXTBOOK)


_LOCK = threading.Lock()

# A result waiting for its forecast summary (request number) and explanation.
_Pending = tuple[m.TargetResult, int | None]


def _predict(
    drift: fc.DriftFit, target_year: float | FloatArray, ctx: Context, families: list[str]
) -> tuple[FloatArray, FloatArray]:
    """Predictive (mean, sd) on the model scale: the textbook sd times each row's family factor
    `k * min(h, cap)**gamma` (`Context.scale`)."""
    mean, sd = drift.predict(target_year)
    h = np.asarray(target_year, dtype=float) - drift.last_year
    scales = [ctx.scale(f) for f in families]
    k = np.array([s.k for s in scales], dtype=float)
    g = np.array([s.gamma for s in scales], dtype=float)
    cap = np.array([s.cap for s in scales], dtype=float)
    return mean, sd * fc.calibrated_scale(np.minimum(h, cap), k, g)


def _last_index(valid: BoolArray) -> IntArray:
    """Column of the last True per row; -1 when none."""
    n_cols = valid.shape[1]
    last = n_cols - 1 - np.argmax(valid[:, ::-1], axis=1)
    return np.where(valid.any(axis=1), last, -1).astype(np.int64)


def _no_data(spec: m.TargetSpec, why: m.Reason, **extra: Any) -> m.TargetResult:
    return m.TargetResult(
        target_key=spec.target_key,
        goal_key=spec.goal_key,
        indicator=spec.indicator.key,
        area=spec.area,
        rule=spec.rule.rule,
        target_year=spec.rule.target_year,
        status=m.NO_DATA,
        reason=why.message(spec.area),
        why=why,
        **{"base_year": spec.rule.base_year, **extra},
    )


# --- Absolute targets: level, share, change ----------------------------------------------


def _ids(spec: m.TargetSpec) -> dict[str, Any]:
    return {
        "target_key": spec.target_key,
        "goal_key": spec.goal_key,
        "indicator": spec.indicator.key,
        "area": spec.area,
        "rule": spec.rule.rule,
        "target_year": spec.rule.target_year,
    }


def _finish(spec: m.TargetSpec, res: m.TargetResult) -> m.TargetResult:
    sv, en = explain_target(spec, res)
    return replace(res, explanation_sv=sv, explanation_en=en)


# --- Relative targets: growth/level vs benchmark, rank -------------------------------------


def missing_symbols(
    observations: pl.DataFrame, pairs: set[tuple[str, str]], max_year: int
) -> dict[tuple[str, str], dict[tuple[str, int], str]]:
    """The publishers' symbols ("..", ".") of the cells without a value, from an optional `symbol`
    column: (indicator, breakdown) -> (area, year) -> symbol. Empty without that column."""
    if "symbol" not in observations.columns:
        return {}
    keys = pl.DataFrame(
        {"indicator": [p[0] for p in pairs], "breakdown": [p[1] for p in pairs]},
        schema={"indicator": pl.String, "breakdown": pl.String},
    )
    cells = (
        observations.lazy()
        .filter(pl.col("value").is_null() & pl.col("symbol").is_not_null() & (pl.col("symbol") != ""))
        .select(pl.col(c).cast(pl.String) for c in ("indicator", "breakdown", "area", "period", "symbol"))
        .filter(pl.col("period").str.contains(r"^\d{4}$"))
        .join(keys.lazy(), on=["indicator", "breakdown"], how="semi")
        .collect()
    )
    out: dict[tuple[str, str], dict[tuple[str, int], str]] = {}
    for ind, bd, area, period, symbol in cells.iter_rows():
        year = int(period)
        if year <= max_year:
            out.setdefault((ind, bd), {})[(area, year)] = symbol
    return out

"""Time-respecting back-tests of the forecast distributions: the proof behind the probabilities.

For every panel (one indicator, every county and Riket, one row per area) and every forecast origin
o, each method forecasts o + h (h = 1..5) from the years up to o only, and is scored against what was
published for o + h:

* interval coverage of the central 50 % and 80 % intervals, per family, horizon and origin;
* probabilities of relative events, every county at once: growth o -> o + h above the median county,
  above Riket, and rank <= 10 by growth; scored by the Brier score and a reliability table.

The methods:

* `textbook`: drift with the textbook sd, areas simulated independently;
* `shipped`: the previous fixed factor `SHIPPED` (fitted once on county population), independent areas;
* `new`: the factor learnt per family at each origin from errors observable then
  (`conformal.learn_scales` on every panel's data up to o), areas simulated jointly with common
  shocks (`shocks.simulate`); where the data show that Riket is the sum of the counties, Riket is
  that sum in every simulated future (`shocks.total_from_parts`), not a series of its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import shocks

TEXTBOOK, SHIPPED_METHOD, NEW = "textbook", "shipped", "new"
METHODS = (TEXTBOOK, SHIPPED_METHOD, NEW)
SHIPPED = (1.60, 0.48)  # the factor k * min(h, 10)**gamma the engine used before per-family calibration
LEVELS = (0.5, 0.8)
HORIZONS = (1, 2, 3, 4, 5)
EVENTS = ("above_median", "above_riket", "rank_le_10")
MIN_YEARS = 6  # years of data an origin needs (for every method)
BASE_LAG = 5  # events compare growth from o - BASE_LAG to o + h: a target period half behind, half ahead


@dataclass(frozen=True)
class Panel:
    """One indicator for a fixed set of areas: `values` (areas x years, original scale, NaN = missing);
    the row `riket` is the country; the other rows are the peers."""

    name: str
    family: str
    transform: str  # forecast.LOG / LOGIT / IDENTITY
    measure: str  # growth in "percent" or "pp"
    areas: tuple[str, ...]
    riket: int
    years: fc.IntArray
    values: fc.FloatArray

    @property
    def z(self) -> fc.FloatArray:
        return fc.transform(self.values, self.transform)


@dataclass(frozen=True)
class Report:
    """Back-test results: `hits` one row per interval check, `events` one row per predicted event."""

    hits: pl.DataFrame  # method, family, panel, origin, horizon, level, hit
    events: pl.DataFrame  # method, family, panel, event, origin, horizon, area, p, y
    scales: pl.DataFrame  # family, origin, k, gamma, n, source (the new method's calibration)


def _origins(p: Panel) -> list[int]:
    counts = np.isfinite(p.values).sum(axis=0)
    full = np.cumsum(counts == p.values.shape[0])
    return [int(y) for j, y in enumerate(p.years[:-1]) if full[j] >= max(MIN_YEARS, BASE_LAG + 1)]


def learn_at(
    panels: Sequence[Panel], origin: int, level: float = 0.8
) -> tuple[dict[str, cf.Scale], dict[str, cf.Scale]]:
    """What the engine would learn at an evaluation with data through `origin` on these panels:
    (absolute scales, relative scales) per family."""
    series: dict[str, list[tuple[fc.FloatArray, fc.IntArray]]] = {}
    for p in panels:
        keep = p.years <= origin
        if keep.sum() >= 3:
            series.setdefault(p.family, []).append((p.z[:, keep], p.years[keep]))
    return cf.learn_scales(series, level=level), cf.learn_scales(series, level=level, relative=True)


def _scale(method: str, scales: dict[str, cf.Scale], family: str) -> cf.Scale:
    if method == TEXTBOOK:
        return cf.TEXTBOOK
    if method == SHIPPED_METHOD:
        return cf.Scale(SHIPPED[0], SHIPPED[1], 0, cf.NONE)
    return scales.get(family, cf.TEXTBOOK)


def _hits(p: Panel, origin: int, fit: fc.DriftFit, method: str, scale: cf.Scale) -> list[dict[str, object]]:
    z = p.z
    out: list[dict[str, object]] = []
    for h in HORIZONS:
        col = np.searchsorted(p.years, origin + h)
        if col >= p.years.size or p.years[col] != origin + h:
            continue
        mean, sd = fit.predict(float(origin + h))
        sd = sd * scale.factor(origin + h - fit.last_year)
        actual = z[:, col]
        for level in LEVELS:
            lo, hi = fc.t_interval(mean, sd, fit.df, level)
            ok = np.isfinite(lo) & np.isfinite(actual)
            hit = (actual >= lo) & (actual <= hi)
            out.extend({"horizon": h, "level": level, "hit": bool(x)} for x in hit[ok])
    return out


def _draws(p: Panel, origin: int, h: int, method: str, scale: cf.Scale, rng: np.random.Generator,
           n_sims: int) -> fc.FloatArray:  # fmt: skip
    keep = p.years <= origin
    z = p.z[:, keep]
    if method == NEW:
        factor = np.full(z.shape[0], float(scale.factor(h)))
        draws = shocks.simulate(z, p.years[keep], origin + h, n_sims, rng, factor)
        parts = np.arange(z.shape[0]) != p.riket
        return shocks.total_from_parts(
            draws, p.transform, p.riket, parts, shocks.sum_ratio(p.values[:, keep], p.riket, parts)
        )
    fit = fc.fit_drift(z, p.years[keep])
    mean, sd = fit.predict(float(origin + h))
    return fc.simulate_t(mean, sd * scale.factor(origin + h - fit.last_year), fit.df, n_sims, rng)


def _growth(p: Panel, base: fc.FloatArray, end: fc.FloatArray) -> fc.FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if p.measure == "pp":
            return end - base
        return (end / base - 1.0) * 100.0


def event_outcomes(p: Panel, growth: fc.FloatArray) -> dict[str, fc.FloatArray]:
    """Per event, 0/1 per peer (NaN where undefined) for growths `growth` (... x areas)."""
    peers = np.ones(len(p.areas), dtype=bool)
    peers[p.riket] = False
    g = growth[..., peers]
    med = np.median(g, axis=-1, keepdims=True)
    riket = growth[..., [p.riket]]
    better = (g[..., None, :] > g[..., :, None]).sum(axis=-1)  # peers strictly better than each
    return {
        "above_median": (g > med).astype(float),
        "above_riket": (g > riket).astype(float),
        "rank_le_10": (better + 1 <= 10).astype(float),
    }


def _events(p: Panel, origin: int, method: str, scale: cf.Scale, seed: int,
            n_sims: int) -> list[dict[str, object]]:  # fmt: skip
    out: list[dict[str, object]] = []
    base = p.values[:, int(np.searchsorted(p.years, origin - BASE_LAG))]
    peers = [a for i, a in enumerate(p.areas) if i != p.riket]
    for h in HORIZONS:
        col = int(np.searchsorted(p.years, origin + h))
        if col >= p.years.size or not np.isfinite(p.values[:, col]).all() or not np.isfinite(base).all():
            continue
        rng = np.random.default_rng([seed, zlib.crc32(f"{p.name}|{method}".encode()), origin, h])
        draws = fc.inverse(_draws(p, origin, h, method, scale, rng, n_sims), p.transform)
        prob = {e: v.mean(axis=0) for e, v in event_outcomes(p, _growth(p, base[None, :], draws)).items()}
        actual = event_outcomes(p, _growth(p, base, p.values[:, col]))
        for e in EVENTS:
            out.extend(
                {"event": e, "horizon": h, "area": a, "p": float(prob[e][i]), "y": float(actual[e][i])}
                for i, a in enumerate(peers)
            )
    return out


def run(panels: Sequence[Panel], *, seed: int = 20_240_101, n_sims: int = 1000,
        methods: Sequence[str] = METHODS) -> Report:  # fmt: skip
    """Back-test every method on every panel; see the module docstring."""
    hits: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    scale_rows: list[dict[str, object]] = []
    learnt: dict[int, tuple[dict[str, cf.Scale], dict[str, cf.Scale]]] = {}
    for p in panels:
        for origin in _origins(p):
            if origin not in learnt:
                learnt[origin] = learn_at(panels, origin)
                for kind, scales in zip(("absolute", "relative"), learnt[origin], strict=True):
                    scale_rows.extend(
                        {
                            "kind": kind,
                            "family": f,
                            "origin": origin,
                            "k": s.k,
                            "gamma": s.gamma,
                            "n": s.n,
                            "source": s.source,
                        }
                        for f, s in scales.items()
                    )
            keep = p.years <= origin
            fit = fc.fit_drift(p.z[:, keep], p.years[keep])
            absolute, relative = learnt[origin]
            for method in methods:
                tag = {"method": method, "family": p.family, "panel": p.name, "origin": origin}
                hits.extend({**tag, **r} for r in _hits(p, origin, fit, method, _scale(method, absolute, p.family)))
                kg = _scale(method, relative, p.family)
                events.extend({**tag, **r} for r in _events(p, origin, method, kg, seed, n_sims))
    return Report(pl.DataFrame(hits), pl.DataFrame(events), pl.DataFrame(scale_rows))


# --- Summaries ---------------------------------------------------------------------------------


def coverage(report: Report) -> pl.DataFrame:
    """Coverage per method, family, level and horizon (pooled over origins and panels)."""
    return (
        report.hits.group_by("method", "family", "level", "horizon")
        .agg(pl.len().alias("n"), pl.col("hit").mean().alias("coverage"))
        .sort("family", "level", "horizon", "method")
    )


def coverage_pooled(report: Report) -> pl.DataFrame:
    """Coverage per method, family and level over horizons 1-5 and origins, with the per-origin range."""
    per_origin = report.hits.group_by("method", "family", "level", "origin").agg(pl.col("hit").mean().alias("c"))
    rng = per_origin.group_by("method", "family", "level").agg(
        pl.col("c").min().alias("origin_min"),
        pl.col("origin").sort_by("c").first().alias("worst_origin"),
        pl.col("c").max().alias("origin_max"),
    )
    pooled = report.hits.group_by("method", "family", "level").agg(
        pl.len().alias("n"), pl.col("hit").mean().alias("coverage"), pl.col("origin").n_unique().alias("origins")
    )
    return pooled.join(rng, on=["method", "family", "level"]).sort("family", "level", "method")


def coverage_by_outcome(report: Report, level: float = 0.8) -> pl.DataFrame:
    """Coverage per method, family and outcome year (origin + horizon) of the central `level` interval:
    where a shock year (a series break, a pandemic) misses, and by how much."""
    return (
        report.hits.filter(pl.col("level") == level)
        .with_columns((pl.col("origin") + pl.col("horizon")).alias("outcome"))
        .group_by("method", "family", "outcome")
        .agg(pl.len().alias("n"), pl.col("hit").mean().alias("coverage"))
        .sort("family", "outcome", "method")
    )


def brier(report: Report, by: Sequence[str] = ("panel",)) -> pl.DataFrame:
    """Brier score per method and event (and `by`)."""
    keys = ["method", "event", *by]
    return (
        report.events.group_by(keys)
        .agg(pl.len().alias("n"), ((pl.col("p") - pl.col("y")) ** 2).mean().alias("brier"))
        .sort([*by, "event", "method"])
    )


def reliability(report: Report) -> pl.DataFrame:
    """Predicted-probability deciles vs observed frequency, per method and event (all panels)."""
    binned = report.events.with_columns(
        pl.min_horizontal((pl.col("p") * 10).floor(), pl.lit(9.0)).cast(pl.Int64).alias("bin")
    )
    return (
        binned.group_by("method", "event", "bin")
        .agg(pl.len().alias("n"), pl.col("p").mean().alias("mean_p"), pl.col("y").mean().alias("observed"))
        .sort("event", "method", "bin")
    )


def interval_quantile(level: float, df: float) -> float:
    """The Student t quantile of the central `level` interval (for the plain-loop cross-checks)."""
    return float(stats.t.ppf(0.5 + level / 2, df))

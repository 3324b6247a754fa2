"""Relative targets (growth/level vs a benchmark, rank): all peers evaluated and simulated jointly."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import shocks
from styrkedja.analytics import simulate as sim
from styrkedja.analytics import targets as tg
from styrkedja.analytics.evaluate.context import (
    Context,
    _Fit,
    _ids,
    _last_index,
    _no_data,
    _Pending,
    _predict,
)
from styrkedja.analytics.evaluate.store import (
    MIN_POINTS,
    BoolArray,
    F32Array,
    FloatArray,
    IntArray,
    Store,
)
from styrkedja.analytics.family import family_of
from styrkedja.data import RIKET


def operator_statement_relative(rule: m.TargetRule, direction: str) -> str:
    ties = "competition ranks (1 + number of peers strictly better); ties share the better place"
    if direction == m.LOWER_IS_BETTER:
        ties += "; lower is better"
    what = "growth" if (rule.rule == m.GROWTH_VS_BENCHMARK or rule.rank_by == "growth") else "level"
    if rule.rule == m.RANK:
        return f"rank by {what} <= {rule.rank}; {ties}"
    strict = " (strict)" if rule.operator in (">", "<") else ""
    bench = {
        "riket": "Riket's",
        "peer_median": "the median (even n: mean of the two middle values) of the peers'",
        "peer_mean": "the mean of the peers'",
    }[rule.benchmark or "peer_median"]
    period = "same period" if what == "growth" else "same year"
    return f"{what} {rule.operator} {bench} {what}{strict}, {period}, peers with data in every year used; {ties}"


@dataclass
class _Relative:
    """Everything a group of relative specs shares."""

    specs: list[m.TargetSpec]
    universe: list[str]
    mat: FloatArray
    years: IntArray
    peer_mask: BoolArray
    area_idx: IntArray
    riket_idx: int
    by_growth: bool
    measure: str
    key: tuple[Any, ...]  # (indicator, breakdown, universe, target year): what the simulations depend on
    peer_key: tuple[str, ...]


def _relative_values(g: _Relative, base_col: int, col: IntArray | int) -> FloatArray:
    """Compared values for every unit: growth base->col or level at col (col per unit or common)."""
    cols = np.broadcast_to(np.asarray(col), (g.mat.shape[0],))
    end = g.mat[np.arange(g.mat.shape[0]), cols]
    if g.by_growth:
        return tg.growth(g.mat[:, base_col], end, g.measure)
    return np.asarray(end, dtype=float)


def _comparison_end(g: _Relative, rule: m.TargetRule, base_col: int) -> IntArray:
    """Per area: the latest column available for the area, every needed peer (and Riket when it is
    the benchmark), capped at the target year; -1 when nothing usable."""
    valid = np.isfinite(g.mat)
    last = _last_index(valid)
    if g.by_growth:
        has_base = valid[:, base_col] if base_col >= 0 else np.zeros(len(g.universe), bool)
        needed = g.peer_mask & has_base & (last > base_col)
    else:
        needed = g.peer_mask & (last >= 0)
    cap = g.mat.shape[1] - 1
    if needed.any():
        cap = min(cap, int(last[needed].min()))
    if rule.benchmark == "riket":
        cap = min(cap, int(last[g.riket_idx]))
    end = np.minimum(last[g.area_idx], cap)
    if g.by_growth:
        end = np.where(end > base_col, end, -1)
    return np.asarray(end, dtype=np.int64)


def _universe_matrix(
    ind: m.IndicatorInfo, breakdown: str, universe: tuple[str, ...], target: int, store: Store, ctx: Context
) -> tuple[FloatArray, IntArray]:
    """The universe's rows up to and including the target year (cached per target year)."""
    key = (ind.key, breakdown, universe, target)
    hit = ctx.mats.get(key)
    if hit is None:
        mat, years = store.matrix(ind.key, breakdown, universe, target)
        tcol = int(np.searchsorted(years, target))
        hit = (mat[:, : tcol + 1], years[: tcol + 1])
        ctx.mats[key] = hit
    return hit


def _peer_mask(universe: tuple[str, ...], peers: list[str], ctx: Context) -> BoolArray:
    key = (universe, tuple(peers))
    mask = ctx.masks.get(key)
    if mask is None:
        pset = set(peers)
        mask = np.array([u in pset for u in universe], dtype=bool)
        ctx.masks[key] = mask
    return mask


def _eval_relative(
    specs: list[m.TargetSpec], universe: list[str], peers: list[str], store: Store, ctx: Context
) -> list[_Pending]:
    spec0 = specs[0]
    rule, ind = spec0.rule, spec0.indicator
    target = rule.target_year
    uni = tuple(universe)
    mat, years = _universe_matrix(ind, spec0.breakdown, uni, target, store, ctx)
    tcol = years.size - 1
    pos = {a: i for i, a in enumerate(universe)}
    by_growth = rule.rule == m.GROWTH_VS_BENCHMARK or (rule.rule == m.RANK and rule.rank_by == "growth")
    g = _Relative(
        specs=specs,
        universe=universe,
        mat=mat,
        years=years,
        peer_mask=_peer_mask(uni, peers, ctx),
        area_idx=np.array([pos[s.area] for s in specs], dtype=np.int64),
        riket_idx=pos[RIKET],
        by_growth=by_growth,
        measure=tg.growth_measure(rule, ind),
        key=(ind, spec0.breakdown, uni, target),
        peer_key=tuple(peers),
    )
    base_col = -1
    if by_growth:
        hit = np.nonzero(years == rule.base_year)[0]
        base_col = int(hit[0]) if hit.size else -1
    end = _comparison_end(g, rule, base_col) if (base_col >= 0 or not by_growth) else np.full(len(specs), -1)
    now = _relative_now(g, rule, base_col, end)
    sims = None
    if ctx.forecasts and ((end >= 0) & (end < tcol)).any():
        sims = _relative_simulated(g, rule, base_col, ctx)
    statement = operator_statement_relative(rule, ind.direction)
    out: list[_Pending] = []
    for i, spec in enumerate(specs):
        out.append(_relative_result(spec, i, g, base_col, end, tcol, now, sims, statement, ctx))
    return out


@dataclass
class _Now:
    values: dict[int, FloatArray] = field(default_factory=dict)  # end column -> compared values (U,)
    bench: dict[int, tuple[float, int]] = field(default_factory=dict)
    ranks: dict[int, tuple[IntArray, IntArray]] = field(default_factory=dict)  # per end column, per area
    used: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)  # peers used/excluded


def _benchmark_now(vals: FloatArray, peer_mask: BoolArray, kind: str, riket_idx: int) -> tuple[float, int]:
    """`targets.benchmark_values` for one row (value, n), without the masked-array median."""
    avail = peer_mask & np.isfinite(vals)
    n = int(avail.sum())
    if kind == "riket":
        return float(vals[riket_idx]), n
    if n == 0:
        return float("nan"), 0
    sub = vals[avail]
    return float(np.median(sub) if kind == "peer_median" else sub.mean()), n


def _relative_now(g: _Relative, rule: m.TargetRule, base_col: int, end: IntArray) -> _Now:
    now = _Now()
    direction = g.specs[0].indicator.direction
    for col in sorted({int(c) for c in end if c >= 0}):
        vals = _relative_values(g, base_col, col)
        now.values[col] = vals
        if rule.benchmark is not None:
            now.bench[col] = _benchmark_now(vals, g.peer_mask, rule.benchmark, g.riket_idx)
        now.ranks[col] = tg.competition_ranks(vals, g.peer_mask, g.area_idx, direction)
    return now


@dataclass
class _Sims:
    prob: FloatArray  # per area
    fit: _Fit


def _fit(g: _Relative, ctx: Context) -> _Fit:
    """Drift fits of the universe at the group's target year (cached: shared by every rule on it)."""
    fit = ctx.fits.get(g.key)
    if fit is None:
        ind = g.specs[0].indicator
        kind = fc.choose_transform(ind.measure_type, ind.unit, g.mat)
        z = fc.transform(g.mat, kind)
        drift = fc.fit_drift(z, g.years)
        mean, sd = _predict(drift, int(g.years[-1]), ctx, [family_of(ind)] * len(g.universe))
        fit = _Fit(kind, g.mat, z, mean, sd, drift.df, drift.last_year)
        ctx.fits[g.key] = fit
    return fit


def _draws(g: _Relative, fit: _Fit, cols: IntArray | None, ctx: Context) -> F32Array:
    """Simulated target-year values (n_sims x U, original scale) of the universe's units `cols`
    (all when None; then cached); units that already published the target year keep that value."""
    if cols is None and fit.draws is not None:
        return fit.draws
    if cols is not None and fit.draws is not None:
        return fit.draws[:, cols]
    c = np.arange(len(g.universe)) if cols is None else cols
    if ctx.fixed:
        assert ctx.bank is not None
        z = ctx.bank.draws([g.universe[i] for i in c], fit.mean[c], fit.sd[c], fit.df[c])
    else:
        z = _joint_draws(g, fit, ctx)[:, c]
    d = sim.inverse32(z, fit.kind)
    observed = fit.mat[c, -1]
    seen = np.isfinite(observed)
    if seen.any():
        d[:, seen] = observed[seen].astype(np.float32)[None, :]
    if cols is None:
        fit.draws = d
    return d


def _joint_draws(g: _Relative, fit: _Fit, ctx: Context) -> F32Array:
    """Every unit of the universe simulated jointly with common shocks (`shocks.simulate`), the
    deviations scaled by the family's relative calibration; Riket is the sum of the other units when
    the data show that it is one (`shocks.sum_ratio`: counts, money totals); seeded by the series and target year
    only, so a probability does not depend on which other targets are evaluated with it."""
    ind, breakdown, _, target = g.key
    rng = np.random.default_rng([ctx.seed, zlib.crc32(f"{ind.key}|{breakdown}|{target}".encode())])
    h = target - fit.last_year
    factor = ctx.scale(family_of(ind), relative=True).factor(h)
    z = shocks.simulate(fit.z, g.years, int(target), ctx.n_sims, rng, factor)
    parts = np.arange(len(g.universe)) != g.riket_idx
    z = shocks.total_from_parts(z, fit.kind, g.riket_idx, parts, shocks.sum_ratio(g.mat, g.riket_idx, parts))
    return np.asarray(z, dtype=np.float32)


def _relative_simulated(g: _Relative, rule: m.TargetRule, base_col: int, ctx: Context) -> _Sims:
    """P(target met at the target year) per area by simulating every unit of the universe jointly.
    The simulated values, benchmarks and N-th best values are shared by every target on the same
    series, target year, base year and peer set."""
    ind = g.specs[0].indicator
    fit = _fit(g, ctx)
    if rule.rule != m.RANK and rule.benchmark == "riket":
        # Only the areas and Riket matter: simulate just those units.
        cols = np.unique(np.concatenate([g.area_idx, [g.riket_idx]]))
        d = _draws(g, fit, cols, ctx)
        vals = sim.growth32(fit.mat[cols, base_col], d, g.measure) if g.by_growth else d
        where = {int(c): j for j, c in enumerate(cols)}
        bench = vals[:, where[g.riket_idx]].astype(np.float64)
        va = vals[:, [where[int(a)] for a in g.area_idx]]
        met = tg.compare(va, bench[:, None], rule.operator)  # type: ignore[arg-type]  # float32 values
    else:
        vkey = (g.key, g.by_growth, base_col, g.measure)
        vals = ctx.vals.get(vkey)  # type: ignore[assignment]
        if vals is None:
            d = _draws(g, fit, None, ctx)
            vals = sim.growth32(fit.mat[:, base_col], d, g.measure) if g.by_growth else d
            ctx.vals[vkey] = vals
        va = vals[:, g.area_idx]
        kind = "rank" if rule.rule == m.RANK else (rule.benchmark or "peer_median")
        skey = (vkey, g.peer_key, "sorted")
        if kind in ("rank", "peer_median") and skey not in ctx.bench:
            ctx.bench[skey] = sim.sorted_peers(vals, g.peer_mask)
        if rule.rule == m.RANK:
            n_best = int(rule.rank or 1)
            rkey: tuple[Any, ...] = (vkey, g.peer_key, "rank", n_best, ind.direction)
            kth = ctx.bench.get(rkey)
            if kth is None:
                kth = sim.nth_best(vals, g.peer_mask, n_best, ind.direction, ctx.bench[skey])
                ctx.bench[rkey] = kth
            met = sim.rank_met(va, kth[:, None], ind.direction)
        else:
            bkey: tuple[Any, ...] = (vkey, g.peer_key, kind)
            bench_v: FloatArray | None = ctx.bench.get(bkey)
            if bench_v is None:
                bench_v = sim.peer_benchmark(vals, g.peer_mask, kind, g.riket_idx, ctx.bench.get(skey))
                ctx.bench[bkey] = bench_v
            met = tg.compare(va, bench_v[:, None], rule.operator)  # type: ignore[arg-type]  # float32 values
    prob = met.mean(axis=0)
    can = np.isfinite(va).all(axis=0)
    return _Sims(np.where(can, prob, np.nan), fit)


def _relative_result(
    spec: m.TargetSpec,
    i: int,
    g: _Relative,
    base_col: int,
    end: IntArray,
    tcol: int,
    now: _Now,
    sims: _Sims | None,
    statement: str,
    ctx: Context,
) -> _Pending:
    rule = spec.rule
    a = int(g.area_idx[i])
    row = g.mat[a]
    last = _last_index(np.isfinite(row)[None, :])[0]
    latest: dict[str, Any] = {}
    if last >= 0:
        latest = {"latest_period": str(int(g.years[last])), "latest_value": float(row[last])}
    if not g.peer_mask.any():
        return _no_data(spec, m.Reason(m.Why.NO_PEERS), **latest), None
    if g.by_growth and (base_col < 0 or not np.isfinite(row[base_col])):
        return _no_data(spec, m.Reason(m.Why.NO_BASE_VALUE, year=rule.base_year), **latest), None
    col = int(end[i])
    if col < 0:
        return _no_data(spec, m.Reason(m.Why.NO_COMMON_YEAR, year=rule.target_year), **latest), None
    vals = now.values[col]
    if col not in now.used:
        used_mask = g.peer_mask & np.isfinite(vals)
        now.used[col] = (
            tuple(g.universe[j] for j in np.nonzero(used_mask)[0]),
            tuple(g.universe[j] for j in np.nonzero(g.peer_mask & ~used_mask)[0]),
        )
    used, excluded = now.used[col]
    bench_val, n = now.bench.get(col, (float("nan"), len(used)))
    ranks, rank_n = now.ranks[col]
    kind = rule.benchmark if rule.rule != m.RANK else "rank"
    fields: dict[str, Any] = {
        **latest,
        "data_through": int(g.years[col]),
        "base_year": rule.base_year if g.by_growth else None,
        "base_value": float(row[base_col]) if g.by_growth else None,
        "value": float(vals[a]),
        "growth": float(vals[a]) if g.by_growth else None,
        "growth_measure": g.measure if g.by_growth else None,
        "benchmark": m.BenchmarkSummary(
            kind=kind or "peer_median",
            value=None if rule.rule == m.RANK else bench_val,
            peers=used,
            n=n if rule.rule != m.RANK else len(used),
            excluded=excluded,
        ),
        "rank": int(ranks[i]),
        "rank_n": int(rank_n[i]),
        "operator_statement": statement,
    }
    if col == tcol or not ctx.forecasts:
        if rule.rule == m.RANK:
            met = int(ranks[i]) <= int(rule.rank or 1)
        else:
            met = bool(tg.compare(np.array(vals[a]), np.array(bench_val), rule.operator))
        status = m.MET if met else m.NOT_MET
        return m.TargetResult(**_ids(spec), status=status, preliminary=col != tcol, **fields), None
    assert sims is not None
    p = float(sims.prob[i])
    if not np.isfinite(p):
        n_obs = int(np.isfinite(row).sum())
        return _no_data(spec, m.Reason(m.Why.TOO_FEW_TO_FORECAST, n=n_obs, minimum=MIN_POINTS), **fields), None
    status = tg.status_from_probability(p, ctx.thresholds)
    res = m.TargetResult(**_ids(spec), status=status, probability=p, preliminary=True, **fields)
    f = sims.fit
    req = None
    if ctx.summaries is not None:
        req = ctx.summaries.add(
            f.z[a],
            int(g.years[-1]),
            f.kind,
            float(f.mean[a]),
            float(f.sd[a]),
            float(f.df[a]),
            float(f.last_year[a]),
            float(ctx.scale(family_of(spec.indicator)).factor(int(g.years[-1]) - float(f.last_year[a]))),
        )
    return res, req

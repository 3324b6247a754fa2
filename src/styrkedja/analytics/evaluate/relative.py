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
    coverage: float = m.DEFAULT_PEER_COVERAGE  # percent of the peer group that must have a compared year


def _relative_values(g: _Relative, base_col: int, col: IntArray | int) -> FloatArray:
    """Compared values for every unit: growth base->col or level at col (col per unit or common)."""
    cols = np.broadcast_to(np.asarray(col), (g.mat.shape[0],))
    end = g.mat[np.arange(g.mat.shape[0]), cols]
    if g.by_growth:
        return tg.growth(g.mat[:, base_col], end, g.measure)
    return np.asarray(end, dtype=float)


def _comparison_end(g: _Relative, rule: m.TargetRule, base_col: int, coverage: float) -> IntArray:
    """Per area: the latest column, capped at the target year, where the area has a value (and its
    base value for growth) and the benchmark can be formed there: Riket has one when it is the
    benchmark (no peer matters then), else at least `coverage` percent of the peer group has one
    (the missing peers are named in the result). -1 when no column qualifies."""
    valid = np.isfinite(g.mat)
    usable = valid
    if g.by_growth:
        after_base = np.arange(g.mat.shape[1]) > base_col
        usable = valid & valid[:, base_col : base_col + 1] & after_base[None, :]
    if rule.rule != m.RANK and rule.benchmark == "riket":
        ok = usable[g.riket_idx]
    else:
        ok = _covered(usable[g.peer_mask], coverage)
    return _last_index(usable[g.area_idx] & ok[None, :])


def _covered(usable: BoolArray, coverage: float) -> BoolArray:
    """Per column: whether at least `coverage` percent of the rows (the peer group) have a value.
    An empty group covers nothing (the result then says there are no peers)."""
    n = usable.shape[0]
    if n == 0:
        return np.zeros(usable.shape[1], dtype=bool)
    # Counts compared as integers: 90 % of 290 peers is 261 peers, with no rounding at the edge.
    need = int(np.ceil(n * coverage / 100.0 - 1e-9))
    return np.asarray(usable.sum(axis=0) >= max(need, 1))


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
    coverage = rule.peer_coverage if rule.peer_coverage is not None else ctx.peer_coverage
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
        coverage=coverage,
    )
    base_col = -1
    if by_growth:
        hit = np.nonzero(years == rule.base_year)[0]
        base_col = int(hit[0]) if hit.size else -1
    if base_col >= 0 or not by_growth:
        end = _comparison_end(g, rule, base_col, coverage)
    else:
        end = np.full(len(specs), -1, dtype=np.int64)
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
    # per end column: peers used, peers missing, the missing cells' symbols
    used: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)


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
    latest = _latest(row, g.years)
    if not g.peer_mask.any():
        return _no_data(spec, m.Reason(m.Why.NO_PEERS), **latest), None
    if g.by_growth and (base_col < 0 or not np.isfinite(row[base_col])):
        return _no_data(spec, m.Reason(m.Why.NO_BASE_VALUE, year=rule.base_year), **latest), None
    col = int(end[i])
    if col < 0:
        # Say what was required: Riket's value, or the stated share of the peer group.
        riket = rule.rule != m.RANK and rule.benchmark == "riket"
        why = m.Reason(m.Why.NO_COMMON_YEAR, year=rule.target_year, minimum=None if riket else round(g.coverage),
                       detail="riket" if riket else "")  # fmt: skip
        return _no_data(spec, why, **latest), None
    fields = {**latest, **_compared(spec, i, g, base_col, col, now, ctx), "operator_statement": statement}
    if col == tcol or not ctx.forecasts:
        return _decided(spec, i, g, col, tcol, now, fields), None
    assert sims is not None
    return _forecast_result(spec, a, float(sims.prob[i]), sims.fit, g, row, fields, ctx)


def _latest(row: FloatArray, years: IntArray) -> dict[str, Any]:
    last = _last_index(np.isfinite(row)[None, :])[0]
    if last < 0:
        return {}
    return {"latest_period": str(int(years[last])), "latest_value": float(row[last])}


def _peers_at(
    g: _Relative, col: int, now: _Now, ctx: Context
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(peers used, peers missing, the publisher's symbol of each missing peer's cell) at `col`
    (cached per column)."""
    hit = now.used.get(col)
    if hit is None:
        vals = now.values[col]
        used_mask = g.peer_mask & np.isfinite(vals)
        missing = tuple(g.universe[j] for j in np.nonzero(g.peer_mask & ~used_mask)[0])
        spec0 = g.specs[0]
        symbols = ctx.symbols.get((spec0.indicator.key, spec0.breakdown), {})
        year = int(g.years[col])
        hit = (
            tuple(g.universe[j] for j in np.nonzero(used_mask)[0]),
            missing,
            tuple(symbols.get((p, year), "") for p in missing) if symbols else (),
        )
        now.used[col] = hit
    return hit


def _compared(
    spec: m.TargetSpec, i: int, g: _Relative, base_col: int, col: int, now: _Now, ctx: Context
) -> dict[str, Any]:
    """The result's figures at the compared column: value, growth, benchmark, rank."""
    rule = spec.rule
    a = int(g.area_idx[i])
    vals = now.values[col]
    used, excluded, symbols = _peers_at(g, col, now, ctx)
    bench_val, n = now.bench.get(col, (float("nan"), len(used)))
    ranks, rank_n = now.ranks[col]
    is_rank = rule.rule == m.RANK
    return {
        "data_through": int(g.years[col]),
        "base_year": rule.base_year if g.by_growth else None,
        "base_value": float(g.mat[a, base_col]) if g.by_growth else None,
        "value": float(vals[a]),
        "growth": float(vals[a]) if g.by_growth else None,
        "growth_measure": g.measure if g.by_growth else None,
        "benchmark": m.BenchmarkSummary(
            kind="rank" if is_rank else (rule.benchmark or "peer_median"),
            value=None if is_rank else bench_val,
            peers=used,
            n=len(used) if is_rank else n,
            excluded=excluded,
            symbols=symbols if any(symbols) else (),
        ),
        "rank": int(ranks[i]),
        "rank_n": int(rank_n[i]),
    }


def _decided(
    spec: m.TargetSpec, i: int, g: _Relative, col: int, tcol: int, now: _Now, fields: dict[str, Any]
) -> m.TargetResult:
    """Met or not met from the data at `col` (preliminary when that is before the target year)."""
    rule = spec.rule
    if rule.rule == m.RANK:
        met = int(now.ranks[col][0][i]) <= int(rule.rank or 1)
    else:
        value = now.values[col][int(g.area_idx[i])]
        bench_val = now.bench.get(col, (float("nan"), 0))[0]
        met = bool(tg.compare(np.array(value), np.array(bench_val), rule.operator))
    status = m.MET if met else m.NOT_MET
    return m.TargetResult(**_ids(spec), status=status, preliminary=col != tcol, **fields)


def _forecast_result(
    spec: m.TargetSpec,
    a: int,
    p: float,
    f: _Fit,
    g: _Relative,
    row: FloatArray,
    fields: dict[str, Any],
    ctx: Context,
) -> _Pending:
    """The probability-based status, and the forecast summary requested for it."""
    if not np.isfinite(p):
        n_obs = int(np.isfinite(row).sum())
        return _no_data(spec, m.Reason(m.Why.TOO_FEW_TO_FORECAST, n=n_obs, minimum=MIN_POINTS), **fields), None
    status = tg.status_from_probability(p, ctx.thresholds)
    res = m.TargetResult(**_ids(spec), status=status, probability=p, preliminary=True, **fields)
    req = None
    if ctx.summaries is not None:
        target = int(g.years[-1])
        factor = float(ctx.scale(family_of(spec.indicator)).factor(target - float(f.last_year[a])))
        req = ctx.summaries.add(
            f.z[a], target, f.kind, float(f.mean[a]), float(f.sd[a]), float(f.df[a]), float(f.last_year[a]), factor
        )
    return res, req

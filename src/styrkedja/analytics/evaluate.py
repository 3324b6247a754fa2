"""Evaluate targets in one vectorised pass.

`evaluate(specs, observations, peer_groups=..., as_of=...)` returns one `TargetResult` per spec,
in the order given. The work is organised so that no Python loop runs over observations:

1. the observations are filtered to the (indicator, breakdown) pairs the specs need and
   scattered into one dense matrix (series x years, NaN = missing);
2. specs are grouped by (indicator, breakdown, rule, peer set); each group is evaluated for all
   its areas at once with numpy (growths, medians, competition ranks, forecasts);
3. relative targets whose target year is not yet published are settled by simulating every
   peer jointly (a seeded numpy Generator per group, so results are reproducible and do not
   depend on which other specs are evaluated in the same call);
4. a final per-result loop only writes the explanation texts.

Semantics are documented in docs/evaluation.md.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg
from styrkedja.analytics.explain import explain_target
from styrkedja.analytics.frames import RIKET, FrameError, area_level, resolve_peers, with_year

FloatArray = fc.FloatArray
IntArray = fc.IntArray
BoolArray = fc.BoolArray

DEFAULT_SEED = 20_240_101
DEFAULT_N_SIMS = 1000  # Monte Carlo SE of P <= 1.6 pp; statuses use coarse bands
RELATIVE_RULES = (m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK, m.RANK)
MIN_POINTS = 3  # fewer observations than this: no forecast (status no_data)


# --- The dense store ----------------------------------------------------------------------


def prepare_observations(observations: pl.DataFrame, share_indicators: Sequence[str] = ()) -> pl.DataFrame:
    """Annual rows with `year`; for share indicators the value is recomputed as
    100 * numerator / denominator, and a missing total ("T") is built by summing the numerators
    and denominators of the other breakdowns (shares are never averaged)."""
    obs = with_year(observations)
    if not share_indicators:
        return obs
    is_share = pl.col("indicator").is_in(list(share_indicators))
    has_nd = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null() & (pl.col("denominator") > 0)
    obs = obs.with_columns(
        pl.when(is_share & has_nd)
        .then(100.0 * pl.col("numerator") / pl.col("denominator"))
        .otherwise(pl.col("value"))
        .alias("value")
    )
    parts = obs.filter(is_share & (pl.col("breakdown") != "T"))
    if parts.height == 0:
        return obs
    keys = ["indicator", "area", "period", "year"]
    agg = (
        parts.group_by(keys)
        .agg(
            pl.col("numerator").sum().alias("numerator"),
            pl.col("denominator").sum().alias("denominator"),
            (pl.col("numerator").is_null() | pl.col("denominator").is_null()).any().alias("_incomplete"),
        )
        .filter(~pl.col("_incomplete") & (pl.col("denominator") > 0))
        .with_columns(
            pl.lit("T").alias("breakdown"),
            (100.0 * pl.col("numerator") / pl.col("denominator")).alias("value"),
        )
        .join(obs.filter(pl.col("breakdown") == "T").select(keys), on=keys, how="anti")
        .select(obs.columns)
    )
    return pl.concat([obs, agg], how="vertical_relaxed")


@dataclass
class Store:
    """All needed series as one dense matrix; the last row is all NaN (for absent series)."""

    values: FloatArray
    years: IntArray
    starts: dict[tuple[str, str], tuple[int, list[str]]]
    _index: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        observations: pl.DataFrame,
        pairs: Sequence[tuple[str, str]],
        share_indicators: Sequence[str],
        max_year: int,
    ) -> Store:
        want = pl.DataFrame(
            {"indicator": [p[0] for p in pairs], "breakdown": [p[1] for p in pairs]},
            schema={"indicator": pl.String, "breakdown": pl.String},
        ).unique()
        # Share indicators keep every breakdown until their totals are built from the parts.
        share_set = set(share_indicators)
        keep = want.filter(~pl.col("indicator").is_in(list(share_set)))
        obs = pl.concat(
            [
                observations.join(keep, on=["indicator", "breakdown"], how="semi"),
                observations.filter(pl.col("indicator").is_in(list(share_set))),
            ]
        )
        obs = prepare_observations(obs, share_indicators).filter(
            (pl.col("year") <= max_year) & pl.col("value").is_not_null() & pl.col("value").is_finite()
        )
        obs = obs.join(want, on=["indicator", "breakdown"], how="semi")
        if obs.height == 0:
            return cls(np.full((1, 1), np.nan), np.array([max_year], dtype=np.int64), {})
        keys = obs.select("indicator", "breakdown", "area").unique().sort(["indicator", "breakdown", "area"])
        keys = keys.with_row_index("sid")
        obs = obs.join(keys, on=["indicator", "breakdown", "area"], how="inner")
        y0 = int(obs["year"].min())  # type: ignore[arg-type]
        y1 = int(obs["year"].max())  # type: ignore[arg-type]
        years = np.arange(y0, y1 + 1, dtype=np.int64)
        values = np.full((keys.height + 1, years.size), np.nan)
        values[obs["sid"].to_numpy(), obs["year"].to_numpy().astype(np.int64) - y0] = obs["value"].to_numpy()
        starts: dict[tuple[str, str], tuple[int, list[str]]] = {}
        firsts = keys.group_by("indicator", "breakdown").agg(pl.col("sid").min(), pl.col("area"))
        for ind, bd, sid, areas in firsts.iter_rows():
            starts[(ind, bd)] = (int(sid), list(areas))
        return cls(values, years, starts)

    def rows(self, indicator: str, breakdown: str, areas: Sequence[str]) -> IntArray:
        key = (indicator, breakdown)
        if key not in self._index:
            start, names = self.starts.get(key, (0, []))
            self._index[key] = {a: start + i for i, a in enumerate(names)}
        idx = self._index[key]
        missing = self.values.shape[0] - 1
        return np.array([idx.get(a, missing) for a in areas], dtype=np.int64)

    def matrix(
        self, indicator: str, breakdown: str, areas: Sequence[str], last_year: int
    ) -> tuple[FloatArray, IntArray]:
        """Rows for `areas` (NaN rows where absent), columns up to and including `last_year`
        (padded with NaN columns when the store ends earlier)."""
        rows = self.rows(indicator, breakdown, areas)
        y0 = int(self.years[0])
        years = np.arange(y0, max(last_year, y0) + 1, dtype=np.int64)
        out = np.full((len(areas), years.size), np.nan)
        k = min(years.size, self.years.size)
        out[:, :k] = self.values[rows, :k]
        return out, years


# --- Context -------------------------------------------------------------------------


@dataclass
class Context:
    as_of: date
    thresholds: tuple[float, float]
    seed: int
    n_sims: int
    sd_inflation: float
    level: float
    horizon_power: float = fc.DRIFT_SD_HORIZON_POWER
    draw_cache: dict[str, FloatArray] = field(default_factory=dict)


def _rng(ctx: Context, key: str) -> np.random.Generator:
    return np.random.default_rng([ctx.seed, zlib.crc32(key.encode("utf-8"))])


def _last_index(valid: BoolArray) -> IntArray:
    """Column of the last True per row; -1 when none."""
    n_cols = valid.shape[1]
    last = n_cols - 1 - np.argmax(valid[:, ::-1], axis=1)
    return np.where(valid.any(axis=1), last, -1).astype(np.int64)


def _no_data(spec: m.TargetSpec, reason: str, **extra: Any) -> m.TargetResult:
    return m.TargetResult(
        target_key=spec.target_key,
        goal_key=spec.goal_key,
        indicator=spec.indicator.key,
        area=spec.area,
        rule=spec.rule.rule,
        target_year=spec.rule.target_year,
        status=m.NO_DATA,
        reason=reason,
        **{"base_year": spec.rule.base_year, **extra},
    )


def _forecast_summaries(
    z: FloatArray, years: IntArray, kind: str, target_year: int, ctx: Context, rows: IntArray | None = None
) -> tuple[FloatArray, FloatArray, FloatArray, list[m.ForecastSummary | None]]:
    """Drift forecast (mean, sd, df on the model scale) for every row, plus a summary for `rows`
    (default all) with the interval, the ETS sensitivity value and the OLS alternative."""
    drift = fc.fit_drift(z, years)
    mean, sd = drift.predict(target_year, ctx.sd_inflation, ctx.horizon_power)
    rows = np.arange(z.shape[0], dtype=np.int64) if rows is None else rows
    lo, hi = fc.t_interval(mean[rows], sd[rows], drift.df[rows], ctx.level)
    ets_mean, _ = fc.fit_ets_damped(z[rows], years).predict(target_year)
    ols_mean, _ = fc.fit_ols(z[rows], years).predict(target_year)
    pt, lo_o, hi_o = fc.inverse(mean[rows], kind), fc.inverse(lo, kind), fc.inverse(hi, kind)
    ets_o, ols_o = fc.inverse(ets_mean, kind), fc.inverse(ols_mean, kind)
    last_year = drift.last_year[rows]
    out: list[m.ForecastSummary | None] = []
    for i in range(rows.size):
        if not np.isfinite(pt[i]):
            out.append(None)
            continue
        out.append(
            m.ForecastSummary(
                method=m.DRIFT,
                origin_year=int(last_year[i]),
                target_year=target_year,
                point=float(pt[i]),
                lo=float(lo_o[i]),
                hi=float(hi_o[i]),
                level=ctx.level,
                transform=kind,
                sd_inflation=ctx.sd_inflation,
                ets_point=float(ets_o[i]) if np.isfinite(ets_o[i]) else None,
                ols_point=float(ols_o[i]) if np.isfinite(ols_o[i]) else None,
            )
        )
    return mean, sd, drift.df, out


# --- Absolute targets: level, share, change ----------------------------------------------


def _absolute_threshold(rule: m.TargetRule, base: FloatArray, measure: str) -> tuple[FloatArray, str]:
    """Threshold (original scale) and effective operator for level/share/change rules."""
    if rule.rule in (m.LEVEL, m.SHARE):
        return np.full(base.shape, float(rule.value)), rule.operator  # type: ignore[arg-type]
    up = rule.change == "increase"
    if rule.value is None:
        return base.copy(), (">" if up else "<")
    v = float(rule.value)
    sign = 1.0 if up else -1.0
    thr = base + sign * v if measure == "pp" else base * (1 + sign * v / 100)
    return thr, (">=" if up else "<=")


def operator_statement_absolute(rule: m.TargetRule, measure: str) -> str:
    if rule.rule == m.CHANGE:
        unit = "pp" if measure == "pp" else "%"
        if rule.value is None:
            sym = ">" if rule.change == "increase" else "<"
            return f"value {rule.target_year} {sym} value {rule.base_year} (strict {rule.change})"
        return f"{rule.change} {rule.base_year}->{rule.target_year} of at least {rule.value:g} {unit}"
    unit = " %" if rule.rule == m.SHARE else ""
    return f"value {rule.target_year} {rule.operator} {rule.value:g}{unit}"


def _eval_absolute(specs: list[m.TargetSpec], store: Store, ctx: Context) -> list[m.TargetResult]:
    spec0 = specs[0]
    rule, ind = spec0.rule, spec0.indicator
    target = rule.target_year
    areas = [s.area for s in specs]
    mat, years = store.matrix(ind.key, spec0.breakdown, areas, target)
    mat = mat[:, : int(np.searchsorted(years, target)) + 1]
    years = years[: mat.shape[1]]
    valid = np.isfinite(mat)
    last = _last_index(valid)
    tcol = int(np.searchsorted(years, target))
    measure = tg.growth_measure(rule, ind)
    bcol = int(np.searchsorted(years, rule.base_year)) if rule.base_year is not None else -1
    base = (
        mat[:, bcol]
        if rule.base_year is not None and 0 <= bcol < years.size and years[bcol] == rule.base_year
        else np.full(len(specs), np.nan)
    )
    thr, op = _absolute_threshold(rule, base, measure)
    decided = valid[:, tcol]
    met = tg.compare(mat[:, tcol], thr, op)
    kind = fc.choose_transform(ind.measure_type, ind.unit, mat)
    z = fc.transform(mat, kind)
    mean, sd, dfree, summaries = _forecast_summaries(z, years, kind, target, ctx)
    prob = fc.prob_meets(mean, sd, dfree, fc.threshold_transform(thr, kind), op)
    statement = operator_statement_absolute(rule, measure)
    out: list[m.TargetResult] = []
    for i, spec in enumerate(specs):
        out.append(
            _absolute_result(
                spec, i, mat, years, last, base, thr, op, bool(decided[i]), bool(met[i]),
                float(prob[i]), summaries[i], measure, statement, ctx,
            )
        )  # fmt: skip
    return out


def _absolute_result(
    spec: m.TargetSpec,
    i: int,
    mat: FloatArray,
    years: IntArray,
    last: IntArray,
    base: FloatArray,
    thr: FloatArray,
    op: str,
    decided: bool,
    met: bool,
    prob: float,
    summary: m.ForecastSummary | None,
    measure: str,
    statement: str,
    ctx: Context,
) -> m.TargetResult:
    rule = spec.rule
    if last[i] < 0:
        return _no_data(spec, f"no observations for {spec.area} up to {rule.target_year}")
    latest_year, latest = int(years[last[i]]), float(mat[i, last[i]])
    common: dict[str, Any] = {"latest_period": str(latest_year), "latest_value": latest}
    if rule.rule == m.CHANGE and not np.isfinite(base[i]):
        return _no_data(spec, f"no value for the base year {rule.base_year}", **common)
    prog = _progress(spec, mat[i], years, last[i], thr[i], op)
    n_obs = int(np.isfinite(mat[i]).sum())
    fields: dict[str, Any] = {
        **common,
        "data_through": latest_year,
        "base_year": rule.base_year if rule.rule == m.CHANGE else prog[2],
        "base_value": float(base[i]) if rule.rule == m.CHANGE else prog[3],
        "value": latest,
        "growth_measure": measure,
        "progress_ratio": prog[0],
        "progress_category": prog[1],
        "operator_statement": statement,
    }
    if fields["base_value"] is not None and np.isfinite(fields["base_value"]):
        fields["growth"] = float(tg.growth(np.array(fields["base_value"]), np.array(latest), measure))
    if decided:
        status = m.MET if met else m.NOT_MET
        return _finish(spec, m.TargetResult(**_ids(spec), status=status, **fields))
    if n_obs < MIN_POINTS or summary is None:
        return _no_data(spec, f"too few observations to forecast ({n_obs} < {MIN_POINTS})", **fields)
    status = tg.status_from_probability(prob, ctx.thresholds)
    res = m.TargetResult(**_ids(spec), status=status, probability=prob, preliminary=True, forecast=summary, **fields)
    return _finish(spec, res)


def _progress(
    spec: m.TargetSpec, row: FloatArray, years: IntArray, last: int, thr: float, op: str
) -> tuple[float | None, str | None, int | None, float | None]:
    """(ratio, category, base year, base value) for targets with a value; the base is the rule's
    base year when given, else the first observed year (stated in the result)."""
    rule = spec.rule
    if rule.value is None or not np.isfinite(thr):
        return None, None, rule.base_year, None
    valid = np.isfinite(row)
    if rule.base_year is not None:
        hit = np.nonzero(years == rule.base_year)[0]
        if hit.size == 0 or not valid[hit[0]]:
            return None, None, rule.base_year, None
        b = int(hit[0])
    else:
        b = int(np.argmax(valid))
    by, cy = int(years[b]), int(years[last])
    p = tg.progress_ratio(float(row[b]), float(row[last]), cy - by, thr, rule.target_year - by, op)
    return p.ratio, p.category, by, float(row[b])


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


def _eval_relative(
    specs: list[m.TargetSpec], universe: list[str], peers: list[str], store: Store, ctx: Context
) -> list[m.TargetResult]:
    spec0 = specs[0]
    rule, ind = spec0.rule, spec0.indicator
    target = rule.target_year
    mat, years = store.matrix(ind.key, spec0.breakdown, universe, target)
    tcol = int(np.searchsorted(years, target))
    mat = mat[:, : tcol + 1]
    years = years[: tcol + 1]
    pos = {a: i for i, a in enumerate(universe)}
    by_growth = rule.rule == m.GROWTH_VS_BENCHMARK or (rule.rule == m.RANK and rule.rank_by == "growth")
    g = _Relative(
        specs=specs,
        universe=universe,
        mat=mat,
        years=years,
        peer_mask=np.isin(np.array(universe), np.array(peers)) if peers else np.zeros(len(universe), bool),
        area_idx=np.array([pos[s.area] for s in specs], dtype=np.int64),
        riket_idx=pos[RIKET],
        by_growth=by_growth,
        measure=tg.growth_measure(rule, ind),
    )
    base_col = -1
    if by_growth:
        hit = np.nonzero(years == rule.base_year)[0]
        base_col = int(hit[0]) if hit.size else -1
    end = _comparison_end(g, rule, base_col) if (base_col >= 0 or not by_growth) else np.full(len(specs), -1)
    now = _relative_now(g, rule, base_col, end)
    sims = _relative_simulated(g, rule, base_col, ctx) if (end < tcol).any() else None
    statement = operator_statement_relative(rule, ind.direction)
    out: list[m.TargetResult] = []
    for i, spec in enumerate(specs):
        out.append(_relative_result(spec, i, g, base_col, end, tcol, now, sims, statement, ctx))
    return out


@dataclass
class _Now:
    values: dict[int, FloatArray] = field(default_factory=dict)  # end column -> compared values (U,)
    bench: dict[int, tuple[float, int]] = field(default_factory=dict)
    ranks: dict[int, tuple[IntArray, IntArray]] = field(default_factory=dict)  # per end column, per area


def _relative_now(g: _Relative, rule: m.TargetRule, base_col: int, end: IntArray) -> _Now:
    now = _Now()
    direction = g.specs[0].indicator.direction
    for col in sorted({int(c) for c in end if c >= 0}):
        vals = _relative_values(g, base_col, col)
        now.values[col] = vals
        if rule.benchmark is not None:
            b, n = tg.benchmark_values(vals[None, :], g.peer_mask, rule.benchmark, g.riket_idx)
            now.bench[col] = (float(b[0]), int(n[0]))
        now.ranks[col] = tg.competition_ranks(vals, g.peer_mask, g.area_idx, direction)
    return now


@dataclass
class _Sims:
    prob: FloatArray  # per area
    summaries: list[m.ForecastSummary | None]


def _relative_simulated(g: _Relative, rule: m.TargetRule, base_col: int, ctx: Context) -> _Sims:
    """P(target met at the target year) per area by simulating every unit of the universe jointly."""
    ind = g.specs[0].indicator
    kind = fc.choose_transform(ind.measure_type, ind.unit, g.mat)
    z = fc.transform(g.mat, kind)
    target = int(g.years[-1])
    mean, sd, dfree, summaries = _forecast_summaries(z, g.years, kind, target, ctx, g.area_idx)
    # Draws depend only on the series, the target year and the seed, so rules on the same
    # indicator and peer set share them (and a target's P does not depend on the batch).
    key = f"{ind.key}|{g.specs[0].breakdown}|{target}|{','.join(g.universe)}"
    if key not in ctx.draw_cache:
        ctx.draw_cache[key] = fc.inverse(fc.simulate_t(mean, sd, dfree, ctx.n_sims, _rng(ctx, key)), kind)
    draws = ctx.draw_cache[key]
    observed = np.isfinite(g.mat[:, -1])
    draws = np.where(observed[None, :], g.mat[:, -1][None, :], draws)
    vals = tg.growth(g.mat[:, base_col][None, :], draws, g.measure) if g.by_growth else draws
    if rule.rule == m.RANK:
        met = tg.rank_at_most(vals, g.peer_mask, g.area_idx, int(rule.rank or 1), ind.direction)
    else:
        bench, _ = tg.benchmark_values(vals, g.peer_mask, rule.benchmark or "peer_median", g.riket_idx)
        met = tg.compare(vals[:, g.area_idx], bench[:, None], rule.operator)
    prob = met.mean(axis=0)
    can = np.isfinite(vals[:, g.area_idx]).all(axis=0)
    return _Sims(np.where(can, prob, np.nan), summaries)


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
) -> m.TargetResult:
    rule = spec.rule
    a = int(g.area_idx[i])
    row = g.mat[a]
    last = _last_index(np.isfinite(row)[None, :])[0]
    latest: dict[str, Any] = {}
    if last >= 0:
        latest = {"latest_period": str(int(g.years[last])), "latest_value": float(row[last])}
    if not g.peer_mask.any():
        return _no_data(spec, f"no peers to compare {spec.area} with", **latest)
    if g.by_growth and (base_col < 0 or not np.isfinite(row[base_col])):
        return _no_data(spec, f"no value for {spec.area} in the base year {rule.base_year}", **latest)
    col = int(end[i])
    if col < 0:
        return _no_data(spec, f"no comparable year for {spec.area} and its peers up to {rule.target_year}", **latest)
    vals = now.values[col]
    used_mask = g.peer_mask & np.isfinite(vals)
    used = tuple(u for u, k in zip(g.universe, used_mask, strict=True) if k)
    excluded = tuple(u for u, k, p in zip(g.universe, used_mask, g.peer_mask, strict=True) if p and not k)
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
    if col == tcol:
        if rule.rule == m.RANK:
            met = int(ranks[i]) <= int(rule.rank or 1)
        else:
            met = bool(tg.compare(np.array(vals[a]), np.array(bench_val), rule.operator))
        return _finish(spec, m.TargetResult(**_ids(spec), status=m.MET if met else m.NOT_MET, **fields))
    assert sims is not None
    p = float(sims.prob[i])
    if not np.isfinite(p):
        n_obs = int(np.isfinite(row).sum())
        return _no_data(spec, f"too few observations to forecast ({n_obs} < {MIN_POINTS})", **fields)
    status = tg.status_from_probability(p, ctx.thresholds)
    res = m.TargetResult(
        **_ids(spec), status=status, probability=p, preliminary=True, forecast=sims.summaries[i], **fields
    )
    return _finish(spec, res)


# --- Entry point ---------------------------------------------------------------------------


def _group_key(spec: m.TargetSpec) -> tuple[Any, ...]:
    rule = spec.rule
    if rule.rule in RELATIVE_RULES:
        peers_key: Any = ("group", rule.peer_group) if rule.peer_group else ("default", area_level(spec.area))
    else:
        peers_key = None
    return (spec.indicator, spec.breakdown, rule, peers_key)


def evaluate(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
    thresholds: tuple[float, float] = (0.7, 0.3),
    seed: int = DEFAULT_SEED,
    n_sims: int = DEFAULT_N_SIMS,
    sd_inflation: float = fc.DRIFT_SD_INFLATION,
    horizon_power: float = fc.DRIFT_SD_HORIZON_POWER,
    level: float = 0.8,
) -> list[m.TargetResult]:
    """Evaluate every spec against the observations (a frame as built by `frames.observations_frame`).

    Years after `as_of.year` are ignored. `thresholds` = (on-track, off-track) probability cut-offs.
    The drift forecast's sd is multiplied by `sd_inflation * h**horizon_power` (calibrated defaults;
    pass 1.0 and 0.0 for the textbook interval).
    Returns results in the order of `specs`."""
    ctx = Context(as_of, thresholds, seed, n_sims, sd_inflation, level, horizon_power)
    results: list[m.TargetResult | None] = [None] * len(specs)
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, spec in enumerate(specs):
        problems = spec.rule.problems()
        if problems:
            results[i] = _no_data(spec, "invalid rule: " + "; ".join(f"{f}: {msg}" for f, msg in problems))
            continue
        try:
            groups[_group_key(spec)].append(i)
        except FrameError as exc:
            results[i] = _no_data(spec, str(exc))
    pairs = sorted({(specs[i].indicator.key, specs[i].breakdown) for idx in groups.values() for i in idx})
    shares = sorted(
        {specs[i].indicator.key for idx in groups.values() for i in idx if specs[i].indicator.measure_type == "share"}
    )
    store = Store.build(observations, pairs, shares, as_of.year)
    current: tuple[str, str] | None = None
    for key, idx in sorted(groups.items(), key=lambda kv: (kv[0][0].key, kv[0][1])):
        if (key[0].key, key[1]) != current:  # draws are shared within one indicator/breakdown only
            ctx.draw_cache.clear()
            current = (key[0].key, key[1])
        group_specs = [specs[i] for i in idx]
        for i, res in zip(idx, _evaluate_group(key, group_specs, store, peer_groups, ctx), strict=True):
            results[i] = res
    return [r for r in results if r is not None]


def _evaluate_group(
    key: tuple[Any, ...],
    specs: list[m.TargetSpec],
    store: Store,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
) -> list[m.TargetResult]:
    rule = specs[0].rule
    if rule.rule not in RELATIVE_RULES:
        return _eval_absolute(specs, store, ctx)
    try:
        peers = resolve_peers(specs[0].area, rule.peer_group, peer_groups)
    except FrameError as exc:
        return [_no_data(s, str(exc)) for s in specs]
    universe = sorted(set(peers) | {s.area for s in specs} | {RIKET})
    return _eval_relative(specs, universe, peers, store, ctx)


def assess_trend(
    specs: Sequence[m.TrendSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
    tolerance_percent: float = 1.0,
    tolerance_pp: float = 0.5,
    recent_years: int = 5,
) -> list[m.TrendResult]:
    """Goals without a numeric target; see `styrkedja.analytics.trend.assess_trend`."""
    from styrkedja.analytics.trend import assess_trend as _assess

    return _assess(
        specs,
        observations,
        peer_groups=peer_groups,
        as_of=as_of,
        tolerance_percent=tolerance_percent,
        tolerance_pp=tolerance_pp,
        recent_years=recent_years,
    )

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

import os
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import simulate as sim
from styrkedja.analytics import targets as tg
from styrkedja.analytics.explain import explain_target
from styrkedja.analytics.frames import KEY_COLUMNS, RIKET, FrameError, area_level, resolve_peers, with_year

FloatArray = fc.FloatArray
IntArray = fc.IntArray
BoolArray = fc.BoolArray
F32Array = sim.F32Array

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
    keys = ["indicator", "area", "period", "year"]
    parts = obs.filter(is_share & (pl.col("breakdown") != "T"))
    # Only keys with at least one part carrying numerator and denominator can be complete, and only
    # keys without a total need one: narrow the parts before grouping (same result, less work).
    candidates = parts.filter(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null())
    if candidates.height == 0:
        return obs
    candidates = (
        candidates.select(keys)
        .unique()
        .join(obs.filter(is_share & (pl.col("breakdown") == "T")).select(keys), on=keys, how="anti")
    )
    if candidates.height == 0:
        return obs
    parts = parts.join(candidates, on=keys, how="semi")
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
        .select(obs.columns)
    )
    return pl.concat([obs, agg], how="vertical_relaxed")


def _share_totals(obs: pl.DataFrame, shares: Sequence[str]) -> pl.DataFrame | None:
    """The totals ("T") of share indicators built from their parts where the total is missing
    (as `prepare_observations`), or None. Only indicators whose parts carry numerator and
    denominator can get one, so the others are not touched."""
    if obs["numerator"].null_count() == obs.height:
        return None
    dtype = obs.schema["indicator"]
    with_nd = obs.filter(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null())
    present = {str(v) for v in with_nd["indicator"].unique().cast(pl.String).to_list()}
    names = sorted(present & set(shares))
    if not names:
        return None
    keys = pl.Series(names, dtype=pl.String)
    sub = obs.filter(pl.col("indicator").is_in(keys if dtype == pl.String else keys.cast(dtype)))
    sub = sub.with_columns(pl.col(c).cast(pl.String) for c in KEY_COLUMNS if sub.schema[c] != pl.String)
    built = prepare_observations(sub, names)
    keys4 = list(KEY_COLUMNS)
    added = built.join(sub.select(keys4), on=keys4, how="anti").select(sub.columns)
    return added if added.height else None


def _encode(
    obs: pl.DataFrame,
    ind_ids: Mapping[str, int],
    pair_ids: Mapping[tuple[str, str], int],
    area_ids: Mapping[str, int],
    shares: Sequence[str],
    max_year: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    """(store row, year, value) of the usable rows of `obs`: needed pair, annual period up to
    `max_year`, finite value (shares: 100 * numerator / denominator where both are there)."""
    ic = _codes(obs["indicator"], ind_ids)
    bds = _uniques(obs["breakdown"])
    bc = _codes(obs["breakdown"], {b: j for j, b in enumerate(bds)})
    lut = np.full((len(ind_ids) + 1, len(bds) + 1), -1, dtype=np.int64)
    for (ind, bd), n in pair_ids.items():
        if bd in bds:
            lut[ind_ids[ind], bds.index(bd)] = n
    pid = lut[ic, bc]
    annual = {p: int(p) for p in _uniques(obs["period"]) if len(p) == 4 and p.isdigit() and int(p) <= max_year}
    year = _codes(obs["period"], annual)
    ac = _codes(obs["area"], area_ids)
    ok = (pid >= 0) & (year >= 0) & (ac >= 0)
    value = obs["value"].cast(pl.Float64).to_numpy()
    if shares and obs["numerator"].null_count() < obs.height:
        share_lut = np.zeros(len(ind_ids) + 1, dtype=bool)
        share_lut[[ind_ids[k] for k in shares]] = True
        sel = ok & share_lut[ic]
        if sel.any():
            mask = pl.Series(sel)
            num = obs["numerator"].cast(pl.Float64).filter(mask).to_numpy()
            den = obs["denominator"].cast(pl.Float64).filter(mask).to_numpy()
            with np.errstate(invalid="ignore", divide="ignore"):
                has = np.isfinite(num) & np.isfinite(den) & (den > 0)
                value = value.copy()
                value[sel] = np.where(has, 100.0 * num / np.where(has, den, 1.0), value[sel])
    ok &= np.isfinite(value)
    idx = np.nonzero(ok)[0]
    return pid[idx] * len(area_ids) + ac[idx], year[idx].astype(np.int64), value[idx]


def _codes(col: pl.Series, index: Mapping[str, int]) -> npt.NDArray[np.int32]:
    """Integer code per row of a key column (-1 where the value is not in `index`), computed on the
    encoded column for Enum/Categorical and by one hash lookup per row for strings."""
    if isinstance(col.dtype, pl.Enum):
        cats = col.dtype.categories.to_list()
        lut = np.array([index.get(c, -1) for c in cats] + [-1], dtype=np.int32)
        phys = col.to_physical()
        if phys.null_count():
            phys = phys.fill_null(len(cats))
        return np.asarray(lut[phys.to_numpy()], dtype=np.int32)
    if isinstance(col.dtype, pl.Categorical):
        u = col.unique().drop_nulls()
        codes = u.to_physical().to_numpy().astype(np.int64)
        size = int(codes.max()) + 2 if codes.size else 1
        lut = np.full(size, -1, dtype=np.int32)
        lut[codes] = [index.get(str(c), -1) for c in u.cast(pl.String).to_list()]
        phys = col.to_physical()
        if phys.null_count():
            phys = phys.fill_null(size - 1)
        return np.asarray(lut[phys.to_numpy()], dtype=np.int32)
    mapped = col.cast(pl.String).replace_strict(dict(index), default=-1, return_dtype=pl.Int32)
    return np.asarray(mapped.fill_null(-1).to_numpy(), dtype=np.int32)


def _uniques(col: pl.Series) -> list[str]:
    """The distinct values of a key column (for an Enum: its categories, without a scan)."""
    if isinstance(col.dtype, pl.Enum):
        return [str(c) for c in col.dtype.categories.to_list()]
    return [str(v) for v in col.unique().drop_nulls().cast(pl.String).to_list()]


CHUNK_ROWS = 4_000_000  # rows encoded at a time when building the store (bounded memory)


@dataclass
class Store:
    """All needed series as one dense matrix: row `pair * n_areas + area`, one column per year;
    the last row is all NaN (for absent series)."""

    values: FloatArray
    years: IntArray
    pair_ids: dict[tuple[str, str], int]
    area_ids: dict[str, int]

    @classmethod
    def build(
        cls,
        observations: pl.DataFrame,
        pairs: Sequence[tuple[str, str]],
        share_indicators: Sequence[str],
        max_year: int,
    ) -> Store:
        """Scatter the needed (indicator, breakdown) series into the dense matrix. The key columns are
        encoded once as integers (no joins on strings over the whole frame); share indicators get
        their values from numerator/denominator and their missing totals built as in
        `prepare_observations`."""
        want = sorted(set(pairs))
        empty = cls(np.full((1, 1), np.nan), np.array([max_year], dtype=np.int64), {}, {})
        if not want or observations.height == 0:
            return empty
        inds = sorted({p[0] for p in want})
        ind_ids = {k: i for i, k in enumerate(inds)}
        pair_ids = {p: n for n, p in enumerate(want)}
        shares = sorted(set(share_indicators) & set(inds))
        frames = [observations]
        if shares:
            added = _share_totals(observations, shares)
            if added is not None:
                frames.append(added)
        areas = sorted({a for f in frames for a in _uniques(f["area"])})
        area_ids = {a: i for i, a in enumerate(areas)}
        annual = sorted({int(p) for f in frames for p in _uniques(f["period"]) if len(p) == 4 and p.isdigit()})
        annual = [y for y in annual if y <= max_year]
        if not annual:
            return empty
        y0 = annual[0]
        values = np.full((len(want) * len(areas) + 1, annual[-1] - y0 + 1), np.nan)
        for f in frames:
            for off in range(0, f.height, CHUNK_ROWS):
                row, year, value = _encode(f.slice(off, CHUNK_ROWS), ind_ids, pair_ids, area_ids, shares, max_year)
                values[row, year - y0] = value
        seen = np.nonzero(np.isfinite(values[:-1]).any(axis=0))[0]
        if seen.size == 0:
            return empty
        values = np.ascontiguousarray(values[:, seen[0] : seen[-1] + 1])
        years = np.arange(y0 + seen[0], y0 + seen[-1] + 1, dtype=np.int64)
        return cls(values, years, pair_ids, area_ids)

    def rows(self, indicator: str, breakdown: str, areas: Sequence[str]) -> IntArray:
        missing = self.values.shape[0] - 1
        p = self.pair_ids.get((indicator, breakdown))
        if p is None:
            return np.full(len(areas), missing, dtype=np.int64)
        base = p * len(self.area_ids)
        ids = self.area_ids
        return np.array([base + ids[a] if a in ids else missing for a in areas], dtype=np.int64)

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
    stats: list[tuple[float, float, float, float]] = field(default_factory=list)  # mean, sd, df, last year

    def add(self, z: FloatArray, target: int, kind: str, mean: float, sd: float, df: float, last: float) -> int:
        with _LOCK:
            self.z.append(z)
            self.key.append((target, kind))
            self.stats.append((mean, sd, df, last))
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
            st = np.array([self.stats[i] for i in idx], dtype=float).reshape(len(idx), 4)
            mean, sd, dfree, last = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
            lo, hi = fc.t_interval(mean, sd, dfree, ctx.level)
            ets_mean, _ = fc.fit_ets_damped(zm, years).predict(target)
            ols_mean, _ = fc.fit_ols(zm, years).predict(target)
            pt, lo_o, hi_o = fc.inverse(mean, kind), fc.inverse(lo, kind), fc.inverse(hi, kind)
            ets_o, ols_o = fc.inverse(ets_mean, kind), fc.inverse(ols_mean, kind)
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
                    sd_inflation=ctx.sd_inflation,
                    ets_point=float(ets_o[r]) if np.isfinite(ets_o[r]) else None,
                    ols_point=float(ols_o[r]) if np.isfinite(ols_o[r]) else None,
                )
        return out


@dataclass
class Context:
    as_of: date
    thresholds: tuple[float, float]
    seed: int
    n_sims: int
    sd_inflation: float
    level: float
    horizon_power: float = fc.DRIFT_SD_HORIZON_POWER
    forecasts: bool = True  # False: status from data only (no forecasts, probabilities, explanations)
    bank: sim.TBank | None = None
    summaries: _Summaries | None = None
    mats: dict[Any, tuple[FloatArray, IntArray]] = field(default_factory=dict)
    fits: dict[Any, _Fit] = field(default_factory=dict)
    vals: dict[Any, F32Array] = field(default_factory=dict)
    bench: dict[Any, Any] = field(default_factory=dict)
    peers: dict[Any, list[str]] = field(default_factory=dict)  # resolved peer groups (kept for the whole run)
    masks: dict[Any, BoolArray] = field(default_factory=dict)


_LOCK = threading.Lock()

# A result waiting for its forecast summary (request number) and explanation.
_Pending = tuple[m.TargetResult, int | None]


def _predict(drift: fc.DriftFit, target_year: float | FloatArray, ctx: Context) -> tuple[FloatArray, FloatArray]:
    """Predictive (mean, sd) on the model scale; the sd goes through `forecast.calibrated_scale`
    (inside `DriftFit.predict`) with the run's inflation and horizon power."""
    return drift.predict(target_year, ctx.sd_inflation, ctx.horizon_power)


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


def _eval_absolute(specs: list[m.TargetSpec], store: Store, ctx: Context) -> list[_Pending]:
    """Every absolute target at once: one matrix (targets x years) masked after each target year,
    one drift fit, one vectorised t CDF per (transform, operator); forecast summaries are requested
    for the targets that end up preliminary."""
    n = len(specs)
    years = store.years
    y0, n_years = int(years[0]), years.size
    rows = np.array([store.rows(s.indicator.key, s.breakdown, [s.area])[0] for s in specs], dtype=np.int64)
    target = np.array([s.rule.target_year for s in specs], dtype=np.int64)
    tcol = target - y0
    mat = store.values[rows].copy()
    mat[np.arange(n_years)[None, :] > tcol[:, None]] = np.nan
    valid = np.isfinite(mat)
    last = _last_index(valid)
    n_obs = valid.sum(axis=1)
    r = np.arange(n)
    in_range = (tcol >= 0) & (tcol < n_years)
    tc = np.clip(tcol, 0, n_years - 1)
    decided = in_range & valid[r, tc]
    tval = np.where(in_range, mat[r, tc], np.nan)
    base = np.full(n, np.nan)
    measures: list[str] = []
    ops: list[str] = []
    thr = np.full(n, np.nan)
    kinds: list[str] = []
    for i, s in enumerate(specs):
        by = s.rule.base_year
        if by is not None and y0 <= by <= min(int(target[i]), y0 + n_years - 1):
            base[i] = mat[i, by - y0]
        measure = tg.growth_measure(s.rule, s.indicator)
        t_i, op = _absolute_threshold(s.rule, base[i : i + 1], measure)
        thr[i] = t_i[0]
        measures.append(measure)
        ops.append(op)
        kinds.append(fc.choose_transform(s.indicator.measure_type, s.indicator.unit, mat[i : i + 1]))
    kind_arr = np.array(kinds)
    op_arr = np.array(ops)
    z = np.empty_like(mat)
    for kind in set(kinds):
        sel = kind_arr == kind
        z[sel] = fc.transform(mat[sel], kind)
    drift = fc.fit_drift(z, years)
    mean, sd = _predict(drift, target.astype(float), ctx)
    pt = np.full(n, np.nan)
    prob = np.full(n, np.nan)
    met = np.zeros(n, dtype=bool)
    for op in set(ops):
        sel = op_arr == op
        met[sel] = tg.compare(tval[sel], thr[sel], op)
        for kind in set(kind_arr[sel].tolist()):
            sk = sel & (kind_arr == kind)
            prob[sk] = fc.prob_meets(mean[sk], sd[sk], drift.df[sk], fc.threshold_transform(thr[sk], kind), op)
            pt[sk] = fc.inverse(mean[sk], kind)
    out: list[_Pending] = []
    statements: dict[tuple[m.TargetRule, str], str] = {}
    for i, spec in enumerate(specs):
        skey = (spec.rule, measures[i])
        if skey not in statements:
            statements[skey] = operator_statement_absolute(spec.rule, measures[i])
        res, wants = _absolute_result(
            spec, mat[i], years, int(last[i]), float(base[i]), float(thr[i]), ops[i], bool(decided[i]),
            bool(met[i]), float(prob[i]), bool(np.isfinite(pt[i])), int(n_obs[i]), measures[i], statements[skey], ctx,
        )  # fmt: skip
        req = None
        if wants and ctx.summaries is not None:
            req = ctx.summaries.add(
                z[i], int(target[i]), kinds[i], float(mean[i]), float(sd[i]), float(drift.df[i]),
                float(drift.last_year[i]),
            )  # fmt: skip
        out.append((res, req))
    return out


def _absolute_result(
    spec: m.TargetSpec,
    row: FloatArray,
    years: IntArray,
    last: int,
    base: float,
    thr: float,
    op: str,
    decided: bool,
    met: bool,
    prob: float,
    forecastable: bool,
    n_obs: int,
    measure: str,
    statement: str,
    ctx: Context,
) -> tuple[m.TargetResult, bool]:
    """The result (without explanation) and whether it needs a forecast summary."""
    rule = spec.rule
    if last < 0:
        return _no_data(spec, f"no observations for {spec.area} up to {rule.target_year}"), False
    latest_year, latest = int(years[last]), float(row[last])
    common: dict[str, Any] = {"latest_period": str(latest_year), "latest_value": latest}
    if rule.rule == m.CHANGE and not np.isfinite(base):
        return _no_data(spec, f"no value for the base year {rule.base_year}", **common), False
    prog = _progress(spec, row, years, last, thr, op)
    fields: dict[str, Any] = {
        **common,
        "data_through": latest_year,
        "base_year": rule.base_year if rule.rule == m.CHANGE else prog[2],
        "base_value": float(base) if rule.rule == m.CHANGE else prog[3],
        "value": latest,
        "growth_measure": measure,
        "progress_ratio": prog[0],
        "progress_category": prog[1],
        "operator_statement": statement,
    }
    if fields["base_value"] is not None and np.isfinite(fields["base_value"]):
        fields["growth"] = float(tg.growth(np.array(fields["base_value"]), np.array(latest), measure))
    if decided:
        return m.TargetResult(**_ids(spec), status=m.MET if met else m.NOT_MET, **fields), False
    if not ctx.forecasts:
        so_far = bool(tg.compare(np.array(latest), np.array(thr), op))
        return m.TargetResult(**_ids(spec), status=m.MET if so_far else m.NOT_MET, preliminary=True, **fields), False
    if n_obs < MIN_POINTS or not forecastable:
        return _no_data(spec, f"too few observations to forecast ({n_obs} < {MIN_POINTS})", **fields), False
    status = tg.status_from_probability(prob, ctx.thresholds)
    return m.TargetResult(**_ids(spec), status=status, probability=prob, preliminary=True, **fields), True


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
        mean, sd = _predict(drift, int(g.years[-1]), ctx)
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
    assert ctx.bank is not None
    z = ctx.bank.draws([g.universe[i] for i in c], fit.mean[c], fit.sd[c], fit.df[c])
    d = sim.inverse32(z, fit.kind)
    observed = fit.mat[c, -1]
    seen = np.isfinite(observed)
    if seen.any():
        d[:, seen] = observed[seen].astype(np.float32)[None, :]
    if cols is None:
        fit.draws = d
    return d


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
        return _no_data(spec, f"no peers to compare {spec.area} with", **latest), None
    if g.by_growth and (base_col < 0 or not np.isfinite(row[base_col])):
        return _no_data(spec, f"no value for {spec.area} in the base year {rule.base_year}", **latest), None
    col = int(end[i])
    if col < 0:
        reason = f"no comparable year for {spec.area} and its peers up to {rule.target_year}"
        return _no_data(spec, reason, **latest), None
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
        return _no_data(spec, f"too few observations to forecast ({n_obs} < {MIN_POINTS})", **fields), None
    status = tg.status_from_probability(p, ctx.thresholds)
    res = m.TargetResult(**_ids(spec), status=status, probability=p, preliminary=True, **fields)
    f = sims.fit
    req = None
    if ctx.summaries is not None:
        req = ctx.summaries.add(
            f.z[a], int(g.years[-1]), f.kind, float(f.mean[a]), float(f.sd[a]), float(f.df[a]), float(f.last_year[a])
        )
    return res, req


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
    workers: int | None = None,
) -> list[m.TargetResult]:
    """Evaluate every spec against the observations (a frame as built by `frames.observations_frame`;
    the key columns may also be polars Enum/Categorical).

    Years after `as_of.year` are ignored. `thresholds` = (on-track, off-track) probability cut-offs.
    The drift forecast's sd is multiplied by `sd_inflation * h**horizon_power` (calibrated defaults;
    pass 1.0 and 0.0 for the textbook interval). `workers`: threads for the relative targets
    (default: the number of cores; results do not depend on it).
    Returns results in the order of `specs`."""
    ctx = Context(as_of, thresholds, seed, n_sims, sd_inflation, level, horizon_power)
    return _run(specs, observations, peer_groups, ctx, workers)


def status_from_data(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
) -> list[m.TargetResult]:
    """Only the part of `evaluate` that comes from the data: growth, benchmark, rank and whether the
    rule holds at `data_through`, for every target (no forecasts, probabilities or explanations).
    Targets whose target year is not yet published get `met`/`not_met` as of `data_through` and
    `preliminary=True`. Used by the benchmark and for quick checks; pages use `evaluate`."""
    ctx = Context(as_of, (0.7, 0.3), DEFAULT_SEED, DEFAULT_N_SIMS, 1.0, 0.8, 0.0, forecasts=False)
    return _run(specs, observations, peer_groups, ctx)


def _run(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
    workers: int | None = None,
) -> list[m.TargetResult]:
    pending: list[_Pending | None] = [None] * len(specs)
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    absolute: list[int] = []
    for i, spec in enumerate(specs):
        problems = spec.rule.problems()
        if problems:
            reason = "invalid rule: " + "; ".join(f"{f}: {msg}" for f, msg in problems)
            pending[i] = (_no_data(spec, reason), None)
            continue
        if spec.rule.rule not in RELATIVE_RULES:
            absolute.append(i)
            continue
        try:
            groups[_group_key(spec)].append(i)
        except FrameError as exc:
            pending[i] = (_no_data(spec, str(exc)), None)
    used = absolute + [i for idx in groups.values() for i in idx]
    pairs = sorted({(specs[i].indicator.key, specs[i].breakdown) for i in used})
    shares = sorted({specs[i].indicator.key for i in used if specs[i].indicator.measure_type == "share"})
    store = Store.build(observations, pairs, shares, ctx.as_of.year)
    ctx.bank = sim.TBank(ctx.seed, ctx.n_sims)
    ctx.summaries = _Summaries(int(store.years[0])) if ctx.forecasts else None
    if absolute:
        for i, p in zip(absolute, _eval_absolute([specs[i] for i in absolute], store, ctx), strict=True):
            pending[i] = p
    # Relative targets per indicator/breakdown: the caches (matrices, fits, simulated values,
    # benchmarks) are shared within one pair, and pairs are independent, so they run in threads
    # (numpy releases the GIL in the heavy parts: sorting, arithmetic).
    buckets: dict[tuple[str, str], list[tuple[tuple[Any, ...], list[int]]]] = defaultdict(list)
    for key, idx in sorted(groups.items(), key=lambda kv: (kv[0][0].key, kv[0][1], kv[0][2].target_year)):
        buckets[(key[0].key, key[1])].append((key, idx))

    def run_bucket(items: list[tuple[tuple[Any, ...], list[int]]]) -> list[tuple[int, _Pending]]:
        local = replace(ctx, mats={}, fits={}, vals={}, bench={})
        out: list[tuple[int, _Pending]] = []
        for key, idx in items:
            group_specs = [specs[i] for i in idx]
            out.extend(zip(idx, _evaluate_group(key, group_specs, store, peer_groups, local), strict=True))
        return out

    n_workers = max(1, min(workers if workers is not None else (os.cpu_count() or 1), len(buckets), 8))
    if n_workers == 1:
        done = [run_bucket(b) for b in buckets.values()]
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            done = list(pool.map(run_bucket, buckets.values()))
    for part in done:
        for i, p in part:
            pending[i] = p
    summaries = ctx.summaries.compute(ctx) if ctx.summaries is not None else []
    out: list[m.TargetResult] = []
    for i, item in enumerate(pending):
        assert item is not None
        res, req = item
        if req is not None:
            res = replace(res, forecast=summaries[req])
        out.append(_finish(specs[i], res) if ctx.forecasts else res)
    return out


def _evaluate_group(
    key: tuple[Any, ...],
    specs: list[m.TargetSpec],
    store: Store,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
) -> list[_Pending]:
    rule = specs[0].rule
    pkey = ("peers", rule.peer_group, area_level(specs[0].area) if rule.peer_group is None else None)
    try:
        if pkey not in ctx.peers:
            ctx.peers[pkey] = resolve_peers(specs[0].area, rule.peer_group, peer_groups)
        peers = ctx.peers[pkey]
    except FrameError as exc:
        return [(_no_data(s, str(exc)), None) for s in specs]
    universe = sorted(set(peers) | {s.area for s in specs} | {RIKET})
    return _eval_relative(specs, universe, peers, store, ctx)

"""Absolute targets (level, share, change): status now, forecast and probability for every area at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg
from styrkedja.analytics.evaluate.context import (
    Context,
    _ids,
    _last_index,
    _no_data,
    _Pending,
    _predict,
)
from styrkedja.analytics.evaluate.store import (
    MIN_POINTS,
    BoolArray,
    FloatArray,
    IntArray,
    Store,
)
from styrkedja.analytics.family import family_of


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


@dataclass
class _Rules:
    """Per absolute target: base value, threshold, growth measure, operator and forecast transform."""

    base: FloatArray
    thr: FloatArray
    measures: list[str]
    ops: list[str]
    kinds: list[str]


@dataclass
class _Forecasts:
    """Per absolute target: the drift fit on the model scale and the quantities derived from it."""

    z: FloatArray
    drift: fc.DriftFit
    mean: FloatArray
    sd: FloatArray
    factor: FloatArray
    pt: FloatArray
    prob: FloatArray
    met: BoolArray


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
    rules = _absolute_rules(specs, mat, target, y0, n_years)
    fcs = _absolute_forecasts(specs, mat, years, target, tval, rules, ctx)
    out: list[_Pending] = []
    statements: dict[tuple[m.TargetRule, str], str] = {}
    for i, spec in enumerate(specs):
        measure = rules.measures[i]
        skey = (spec.rule, measure)
        if skey not in statements:
            statements[skey] = operator_statement_absolute(spec.rule, measure)
        res, wants = _absolute_result(
            spec, mat[i], years, int(last[i]), float(rules.base[i]), float(rules.thr[i]), rules.ops[i],
            bool(decided[i]), bool(fcs.met[i]), float(fcs.prob[i]), bool(np.isfinite(fcs.pt[i])), int(n_obs[i]),
            measure, statements[skey], ctx,
        )  # fmt: skip
        req = None
        if wants and ctx.summaries is not None:
            req = ctx.summaries.add(
                fcs.z[i], int(target[i]), rules.kinds[i], float(fcs.mean[i]), float(fcs.sd[i]),
                float(fcs.drift.df[i]), float(fcs.drift.last_year[i]),
                float(fcs.factor[i]) if np.isfinite(fcs.factor[i]) else 1.0,
            )  # fmt: skip
        out.append((res, req))
    return out


def _absolute_rules(specs: list[m.TargetSpec], mat: FloatArray, target: IntArray, y0: int, n_years: int) -> _Rules:
    """Base values (at the rule's base year when inside the data), thresholds, operators, growth
    measures and forecast transforms of every absolute target."""
    n = len(specs)
    rules = _Rules(np.full(n, np.nan), np.full(n, np.nan), [], [], [])
    for i, s in enumerate(specs):
        by = s.rule.base_year
        if by is not None and y0 <= by <= min(int(target[i]), y0 + n_years - 1):
            rules.base[i] = mat[i, by - y0]
        measure = tg.growth_measure(s.rule, s.indicator)
        t_i, op = _absolute_threshold(s.rule, rules.base[i : i + 1], measure)
        rules.thr[i] = t_i[0]
        rules.measures.append(measure)
        rules.ops.append(op)
        rules.kinds.append(fc.choose_transform(s.indicator.measure_type, s.indicator.unit, mat[i : i + 1]))
    return rules


def _absolute_forecasts(
    specs: list[m.TargetSpec],
    mat: FloatArray,
    years: IntArray,
    target: IntArray,
    tval: FloatArray,
    rules: _Rules,
    ctx: Context,
) -> _Forecasts:
    """One drift fit for every target (each on its transform), the calibrated predictive mean and sd at
    its target year, the probability of meeting the threshold, and whether the target-year value met it."""
    n = len(specs)
    kind_arr = np.array(rules.kinds)
    op_arr = np.array(rules.ops)
    z = np.empty_like(mat)
    for kind in set(rules.kinds):
        sel = kind_arr == kind
        z[sel] = fc.transform(mat[sel], kind)
    drift = fc.fit_drift(z, years)
    families = [family_of(s.indicator) for s in specs]
    mean, sd = _predict(drift, target.astype(float), ctx, families)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = sd / drift.predict(target.astype(float))[1]
    fcs = _Forecasts(z, drift, mean, sd, factor, np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, dtype=bool))
    thr = rules.thr
    for op in set(rules.ops):
        sel = op_arr == op
        fcs.met[sel] = tg.compare(tval[sel], thr[sel], op)
        for kind in set(kind_arr[sel].tolist()):
            sk = sel & (kind_arr == kind)
            fcs.prob[sk] = fc.prob_meets(mean[sk], sd[sk], drift.df[sk], fc.threshold_transform(thr[sk], kind), op)
            fcs.pt[sk] = fc.inverse(mean[sk], kind)
    return fcs


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
        return _no_data(spec, m.Reason(m.Why.NO_OBSERVATIONS, year=rule.target_year)), False
    latest_year, latest = int(years[last]), float(row[last])
    common: dict[str, Any] = {"latest_period": str(latest_year), "latest_value": latest}
    if rule.rule == m.CHANGE and not np.isfinite(base):
        return _no_data(spec, m.Reason(m.Why.NO_BASE_VALUE, year=rule.base_year), **common), False
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
        return _no_data(spec, m.Reason(m.Why.TOO_FEW_TO_FORECAST, n=n_obs, minimum=MIN_POINTS), **fields), False
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

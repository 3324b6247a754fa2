"""Absolute targets (level, share, change): status now, forecast and probability for every area at once."""

from __future__ import annotations

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
    families = [family_of(s.indicator) for s in specs]
    mean, sd = _predict(drift, target.astype(float), ctx, families)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = sd / drift.predict(target.astype(float))[1]
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
                float(drift.last_year[i]), float(factor[i]) if np.isfinite(factor[i]) else 1.0,
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

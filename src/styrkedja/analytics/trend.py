"""Goals without a numeric target: is the indicator improving, unchanged or worsening?"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg
from styrkedja.analytics.evaluate import Store
from styrkedja.analytics.evaluate.store import MIN_PEERS
from styrkedja.analytics.explain import explain_trend
from styrkedja.analytics.frames import FrameError, annual_means, resolve_peers
from styrkedja.data import RIKET


def trend_status(change: float, tolerance: float, direction: str) -> str:
    """unchanged when |change| < tolerance; otherwise improving/worsening by the indicator's direction
    (a neutral indicator counts an increase as improving)."""
    if not np.isfinite(change):
        return m.NO_DATA
    if abs(change) < tolerance:
        return m.UNCHANGED
    up = change > 0
    good = (not up) if direction == m.LOWER_IS_BETTER else up
    return m.IMPROVING if good else m.WORSENING


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
    """Direction of change since the base year (default: the first year of the area's series) and over
    the last `recent_years` years, with Riket's and the peer median's change over the same period.

    Change is in percent for levels and in percentage points for shares/rates; |change| below
    `tolerance_percent` / `tolerance_pp` counts as unchanged."""
    if not specs:  # nothing to assess: do not build the annual means of the whole frame
        return []
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(specs):
        groups[(s.indicator.key, s.breakdown, s.peer_group, len(s.area))].append(i)
    pairs = sorted({(s.indicator.key, s.breakdown) for s in specs})
    shares = sorted({s.indicator.key for s in specs if s.indicator.measure_type == "share"})
    store = Store.build(annual_means(observations), pairs, shares, as_of.year)  # monthly series: annual means
    out: list[m.TrendResult | None] = [None] * len(specs)
    for idx in groups.values():
        group = [specs[i] for i in idx]
        for i, res in zip(
            idx,
            _assess_group(group, store, peer_groups, as_of, tolerance_percent, tolerance_pp, recent_years),
            strict=True,
        ):
            out[i] = res
    return [r for r in out if r is not None]


def _assess_group(
    specs: list[m.TrendSpec],
    store: Store,
    peer_groups: Mapping[str, Sequence[str]] | None,
    as_of: date,
    tol_pct: float,
    tol_pp: float,
    recent: int,
) -> list[m.TrendResult]:
    s0 = specs[0]
    try:
        peers = resolve_peers(s0.area, s0.peer_group, peer_groups)
    except FrameError:
        peers = []
    universe = sorted(set(peers) | {s.area for s in specs} | {RIKET})
    pos = {a: i for i, a in enumerate(universe)}
    mat, years = store.matrix(s0.indicator.key, s0.breakdown, universe, as_of.year)
    peer_mask = np.isin(np.array(universe), np.array(peers)) if peers else np.zeros(len(universe), bool)
    measure = tg.growth_measure(None, s0.indicator)
    tol = tol_pp if measure == "pp" else tol_pct
    results = []
    for spec in specs:
        results.append(_assess_one(spec, mat, years, pos[spec.area], pos[RIKET], peer_mask, measure, tol, recent))
    return results


def _change(mat: np.ndarray[Any, Any], b: int, c: int, measure: str) -> np.ndarray[Any, Any]:
    return tg.growth(mat[:, b], mat[:, c], measure)


def _assess_one(
    spec: m.TrendSpec,
    mat: np.ndarray[Any, Any],
    years: np.ndarray[Any, Any],
    a: int,
    riket: int,
    peer_mask: np.ndarray[Any, Any],
    measure: str,
    tol: float,
    recent: int,
) -> m.TrendResult:
    base: dict[str, Any] = {
        "goal_key": spec.goal_key,
        "indicator": spec.indicator.key,
        "area": spec.area,
        "growth_measure": measure,
        "tolerance": tol,
    }
    valid = np.isfinite(mat[a])
    span = _span(spec, years, valid, base)
    if isinstance(span, m.TrendResult):
        return _done(spec, span)
    b, c = span
    ch = _change(mat, b, c, measure)
    rb = _recent_start(valid, 0, c - recent)
    rch = _change(mat, rb, c, measure) if rb >= 0 else None
    direction = spec.indicator.direction
    res = m.TrendResult(
        status=trend_status(float(ch[a]), tol, direction),
        recent_status=None if rch is None else trend_status(float(rch[a]), tol, direction),
        base_year=int(years[b]),
        recent_base_year=int(years[rb]) if rb >= 0 else None,
        data_through=int(years[c]),
        latest_value=float(mat[a, c]),
        change=float(ch[a]) if np.isfinite(ch[a]) else None,
        recent_change=None if rch is None or not np.isfinite(rch[a]) else float(rch[a]),
        riket_change=float(ch[riket]) if np.isfinite(ch[riket]) and spec.area != RIKET else None,
        **_peer_median(ch, peer_mask, a),
        **base,
    )
    if res.status == m.NO_DATA:
        res = replace(res, why=m.Reason(m.Why.GROWTH_UNDEFINED))
    return _done(spec, res)


def _span(
    spec: m.TrendSpec, years: np.ndarray[Any, Any], valid: np.ndarray[Any, Any], base: dict[str, Any]
) -> tuple[int, int] | m.TrendResult:
    """(base column, latest column) of the area's change, or the no-data result saying why not."""
    if not valid.any():
        return m.TrendResult(status=m.NO_DATA, why=m.Reason(m.Why.NO_OBSERVATIONS), **base)
    c = int(np.nonzero(valid)[0][-1])
    b = int(np.argmax(valid)) if spec.base_year is None else int(np.searchsorted(years, spec.base_year))
    if spec.base_year is not None and (b >= years.size or years[b] != spec.base_year or not valid[b]):
        why = m.Reason(m.Why.NO_BASE_VALUE, year=spec.base_year)
        return m.TrendResult(status=m.NO_DATA, base_year=spec.base_year, why=why, **base)
    if c <= b:
        why = m.Reason(m.Why.NO_VALUE_AFTER_BASE)
        return m.TrendResult(status=m.NO_DATA, base_year=int(years[b]), why=why, **base)
    return b, c


def _peer_median(ch: np.ndarray[Any, Any], peer_mask: np.ndarray[Any, Any], a: int) -> dict[str, Any]:
    """The peers' median change and how many peers it rests on (none with fewer than MIN_PEERS
    others: a "median" of one other area is that area, no group comparison)."""
    peer_vals = ch[peer_mask & np.isfinite(ch)]
    others = peer_mask & np.isfinite(ch)
    others[a] = False
    if others.sum() < MIN_PEERS:
        peer_vals = peer_vals[:0]
    return {
        "peer_median_change": float(np.median(peer_vals)) if peer_vals.size else None,
        "peer_n": int(peer_vals.size),
    }


def _recent_start(valid: np.ndarray[Any, Any], first: int, wanted: int) -> int:
    """The column the "last years" change starts from: `wanted`, or when that year has no value (a
    biennial series, a gap) the nearest earlier year that has one, not before the base year; -1 if none."""
    for col in range(wanted, first - 1, -1):
        if col >= 0 and valid[col]:
            return col
    return -1


def _done(spec: m.TrendSpec, res: m.TrendResult) -> m.TrendResult:
    if res.why is not None:
        res = replace(res, reason=res.why.message(spec.area))
    sv, en = explain_trend(spec, res)
    return replace(res, explanation_sv=sv, explanation_en=en)

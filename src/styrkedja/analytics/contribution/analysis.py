"""One synthetic-control analysis as the product runs it: fit, placebos, checks, a JSON-ready result.

`analyse` is what the command line and the goal page call; the result holds every number a page,
report or API shows, so they never recompute (house rule), plus the plain-language reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from styrkedja.analytics.contribution import checks, placebo
from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import MIN_PRE_YEARS, Panel
from styrkedja.analytics.contribution.reading import reading
from styrkedja.analytics.contribution.synthetic_control import Design, fit

IN_TIME_SHIFT = 5  # the in-time placebo starts this many years before the real start (when the data allow)


def _floats(values: Any) -> list[float | None]:
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(values, dtype=np.float64)]


def _in_time(panel: Panel, result: Any) -> dict[str, Any] | None:
    """The in-time placebo IN_TIME_SHIFT years early, or None when the pre-period is too short for it."""
    start = result.design.start_year
    fake = start - IN_TIME_SHIFT
    if len([y for y in panel.years if y < fake]) < MIN_PRE_YEARS:
        return None
    try:
        early = placebo.in_time(panel, result, fake)
    except ContributionInputError:
        return None
    return {
        "start_year": fake,
        "years": list(early.years),
        "gap": _floats(early.gap),
        "mean_post_gap": early.mean_post_gap,
        "ratio": _finite_or_none(early.rmspe_ratio),
    }


def analyse(panel: Panel, design: Design, names: Mapping[str, str], decimals: int = 1) -> dict[str, Any]:
    """Fit, placebos in space and time, leave-one-out and warnings; `names` maps unit codes to names,
    `decimals` is how the outcome is written in the reading."""
    result = fit(panel, design)
    space = placebo.in_space(panel, result)
    loo = placebo.leave_one_out(panel, result)
    band = placebo.gap_range(loo)
    last = len(result.years) - 1
    summary: dict[str, Any] = {
        "method": design.method,
        "treated": design.treated,
        "start_year": design.start_year,
        "years": list(result.years),
        "actual": _floats(result.actual),
        "synthetic": _floats(result.synthetic),
        "gap": _floats(result.gap),
        "weights": {d: float(w) for d, w in result.donor_weights().items()},
        "pre_rmspe": result.pre_rmspe,
        "post_rmspe": result.post_rmspe,
        "ratio": _finite_or_none(result.rmspe_ratio),
        "mean_post_gap": result.mean_post_gap,
        "last_year": result.years[last],
        "last_gap": float(result.gap[last]),
        "p_value": space.p_value,
        "rank": space.rank,
        "as_extreme": space.at_least_as_extreme,
        "placebos": [
            {"unit": p.unit, "gap": _floats(p.gap), "pre_rmspe": p.pre_rmspe, "ratio": _finite_or_none(p.ratio)}
            for p in space.placebos
        ],
        "in_time": _in_time(panel, result),
        "leave_one_out": {"low": _floats(band[0]), "high": _floats(band[1]), "dropped": sorted(loo)} if band else None,
        "warnings": [{"code": w.code, "detail": w.detail} for w in checks.warnings_for(panel, result)],
        "names": {u: names.get(u, u) for u in (design.treated, *design.donors)},
        "predictors": _balance(result),
        "decimals": decimals,
    }
    summary["reading"] = {lang: reading(summary, lang) for lang in ("sv", "en")}
    return summary


def _balance(result: Any) -> list[dict[str, Any]]:
    """The predictor variant's balance: each predictor for the area and its synthetic control, with its
    weight in V (empty for the outcome-only variant, whose "predictors" are the pre-period outcomes)."""
    design = result.design
    if not design.predictors:
        return []
    return [
        {"variable": p.variable, "years": [min(p.years), max(p.years)], "treated": _floats([t])[0],
         "synthetic": _floats([s])[0], "v": float(v)}
        for p, t, s, v in zip(design.predictors, result.predictors_treated, result.predictors_synthetic, result.v,
                              strict=True)
    ]  # fmt: skip


def _finite_or_none(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None

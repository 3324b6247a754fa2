"""Warnings about a synthetic control that the reader must see next to the result.

* poor pre-period fit: the pre-period RMSPE is more than half the area's own pre-period standard
  deviation (the synthetic area then explains less than ~75 % of the pre-period variation) and
  more than 1 % of its mean level (so a flat, perfectly matched series does not trigger it);
* outside the donors' range: in some pre-period year (outcome-only) or for some predictor
  (classic ADH) the area lies above every donor or below every donor. No weighted average of the
  donors can reach it there: the area is outside their convex hull and the fit must miss;
* short pre-period: fewer than 10 years before the start; placebo tests then over-reject.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from styrkedja.analytics.contribution.panel import FEW_PRE_YEARS, Panel
from styrkedja.analytics.contribution.synthetic_control import Fit, predictor_matrix

POOR_FIT_SD_SHARE = 0.5
POOR_FIT_LEVEL_SHARE = 0.01


@dataclass(frozen=True)
class FitWarning:
    code: str  # "poor_fit", "outside_hull", "short_pre_period"
    detail: str  # names the years or predictors concerned (no prose: pages translate by code)


def warnings_for(panel: Panel, result: Fit) -> list[FitWarning]:
    found = []
    pre = result.pre_mask
    actual_pre = result.actual[pre]
    sd = float(np.std(actual_pre, ddof=1)) if actual_pre.size > 1 else 0.0
    level = float(np.mean(np.abs(actual_pre)))
    if result.pre_rmspe > POOR_FIT_SD_SHARE * sd and result.pre_rmspe > POOR_FIT_LEVEL_SHARE * level:
        found.append(FitWarning("poor_fit", f"{result.pre_rmspe:.4g}"))
    outside = outside_range(panel, result)
    if outside:
        found.append(FitWarning("outside_hull", ", ".join(outside)))
    if int(pre.sum()) < FEW_PRE_YEARS:
        found.append(FitWarning("short_pre_period", str(int(pre.sum()))))
    return found


def outside_range(panel: Panel, result: Fit) -> list[str]:
    """Pre-period years (or predictors) where the area is above or below every donor."""
    design = result.design
    rows = [panel.row(design.treated), *panel.rows(design.donors)]
    if design.predictors:
        x = predictor_matrix(panel, design.predictors, rows)
        labels = [p.label for p in design.predictors]
    else:
        pre_years = [y for y in panel.years if y < design.start_year]
        x = panel.outcome[np.ix_(rows, panel.columns(pre_years))].T
        labels = [str(y) for y in pre_years]
    above = x[:, 0] > x[:, 1:].max(axis=1)
    below = x[:, 0] < x[:, 1:].min(axis=1)
    return [label for label, out in zip(labels, above | below, strict=True) if out]

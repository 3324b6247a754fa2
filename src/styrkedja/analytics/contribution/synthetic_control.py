"""Synthetic control (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010, 2015).

The synthetic region is a weighted average of donor units, weights w >= 0 summing to 1, chosen so
that the donors' predictors match the region's before the intervention:

* classic ADH: predictors X (means of covariates and chosen pre-period outcomes over stated years),
  rows scaled by their standard deviation across all units; inner problem W*(V) = argmin_W
  (X1 - X0 W)' V (X1 - X0 W) on the simplex; outer problem: the diagonal V >= 0 (sum 1) that
  minimises the pre-period outcome MSPE on the fit years. The outer problem has local optima, so it
  is started from several points (equal V, regression-based V as in R's Synth, seeded random
  draws) and the best pre-period loss is kept.
* outcome-only: the predictors are all pre-period outcomes and V = I, a convex problem with one
  solution (methods.md 1.1: the robust default for 21 counties).

Gap = actual - synthetic; the RMSPE before and after the start year feed the placebo inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import FloatArray, Panel, check_design
from styrkedja.analytics.contribution.simplex import simplex_weights


@dataclass(frozen=True)
class Predictor:
    """One predictor: the mean of `variable` ("outcome" or a covariate) over `years`, missing skipped."""

    variable: str
    years: tuple[int, ...]

    @property
    def label(self) -> str:
        span = f"{self.years[0]}" if len(self.years) == 1 else f"{self.years[0]}-{self.years[-1]}"
        return f"{self.variable} {span}"


@dataclass(frozen=True)
class Design:
    """What to estimate: the treated area, its donors, the first treated year and the method.

    `predictors` empty means the outcome-only variant. `fit_years` are the pre-period years whose
    outcome fit chooses V (default: all pre-period years). `custom_v` skips the V search (used for
    ADH 2015's cross-validated V). `starts` counts the outer-problem starting points.
    """

    treated: str
    donors: tuple[str, ...]
    start_year: int
    predictors: tuple[Predictor, ...] = ()
    fit_years: tuple[int, ...] | None = None
    custom_v: tuple[float, ...] | None = None
    starts: int = 6
    seed: int = 0

    @property
    def method(self) -> str:
        return "predictors" if self.predictors else "outcome"


@dataclass(frozen=True)
class Fit:
    """A fitted synthetic control; every series is aligned with `years`."""

    design: Design
    years: tuple[int, ...]
    weights: FloatArray  # one per design.donors
    v: FloatArray | None  # predictor weights (classic ADH only), sum 1
    predictor_labels: tuple[str, ...]
    predictors_treated: FloatArray
    predictors_synthetic: FloatArray
    actual: FloatArray
    synthetic: FloatArray
    loss_v: float  # MSPE on the fit years, the outer problem's objective
    # Every start's end point (loss, weights) in start order (equal V first): shows how much the answer depends on
    # the starting V (classic ADH only; empty for the convex outcome-only variant).
    local_optima: tuple[tuple[float, FloatArray], ...] = ()

    @property
    def gap(self) -> FloatArray:
        return np.asarray(self.actual - self.synthetic, dtype=np.float64)

    @property
    def pre_mask(self) -> np.ndarray:
        return np.asarray(self.years) < self.design.start_year

    @property
    def pre_rmspe(self) -> float:
        return float(np.sqrt(np.mean(self.gap[self.pre_mask] ** 2)))

    @property
    def post_rmspe(self) -> float:
        return float(np.sqrt(np.mean(self.gap[~self.pre_mask] ** 2)))

    @property
    def rmspe_ratio(self) -> float:
        """Post- over pre-period RMSPE; infinite for a perfect pre-fit with any post gap."""
        pre, post = self.pre_rmspe, self.post_rmspe
        if pre == 0.0:
            return float("inf") if post > 0 else 1.0
        return post / pre

    @property
    def mean_post_gap(self) -> float:
        return float(np.mean(self.gap[~self.pre_mask]))

    def donor_weights(self, threshold: float = 0.0) -> dict[str, float]:
        return {d: float(w) for d, w in zip(self.design.donors, self.weights, strict=True) if w > threshold}


def fit(panel: Panel, design: Design) -> Fit:
    """Fit the synthetic control described by `design` on `panel` (checks the design first)."""
    check_design(panel, design.treated, design.donors, design.start_year)
    pre_years = [y for y in panel.years if y < design.start_year]
    fit_years = list(design.fit_years or pre_years)
    if any(y not in panel.years for y in fit_years):
        raise ContributionInputError("fit_years", f"years outside the data: {fit_years}")
    rows = panel.rows(design.donors)
    treated_row = panel.row(design.treated)
    outcome = panel.outcome
    z1 = outcome[treated_row, panel.columns(fit_years)]
    z0 = outcome[np.ix_(rows, panel.columns(fit_years))].T
    if design.predictors:
        labels = tuple(p.label for p in design.predictors)
        x = predictor_matrix(panel, design.predictors, [treated_row, *rows])
        weights, v, optima = _nested(x, z1, z0, design)
    else:
        optima = ()
        labels = tuple(str(y) for y in pre_years)
        x = outcome[np.ix_([treated_row, *rows], panel.columns(pre_years))].T
        weights, v = simplex_weights(x[:, 0], x[:, 1:]), None
    synthetic = outcome[rows].T @ weights
    loss = float(np.mean((z1 - z0 @ weights) ** 2))
    return Fit(
        design=design,
        years=panel.years,
        weights=weights,
        v=v,
        predictor_labels=labels,
        predictors_treated=x[:, 0],
        predictors_synthetic=x[:, 1:] @ weights,
        actual=outcome[treated_row].copy(),
        synthetic=np.asarray(synthetic, dtype=np.float64),
        loss_v=loss,
        local_optima=optima,
    )


def predictor_matrix(panel: Panel, predictors: Sequence[Predictor], rows: Sequence[int]) -> FloatArray:
    """Predictors (k) x units (rows, treated first): means over each predictor's years, NaN skipped."""
    out = np.empty((len(predictors), len(rows)))
    for k, predictor in enumerate(predictors):
        missing_years = [y for y in predictor.years if y not in panel.years]
        if missing_years:
            raise ContributionInputError("predictors", f"{predictor.label}: no data for {missing_years}")
        block = panel.variable(predictor.variable)[np.ix_(rows, panel.columns(predictor.years))]
        empty = np.all(np.isnan(block), axis=1)
        if empty.any():
            unit = panel.units[rows[int(np.argmax(empty))]]
            raise ContributionInputError("predictors", f"{predictor.label}: no value for {unit}")
        out[k] = np.nanmean(block, axis=1)
    return out


Optima = tuple[tuple[float, FloatArray], ...]


def _nested(x: FloatArray, z1: FloatArray, z0: FloatArray, design: Design) -> tuple[FloatArray, FloatArray, Optima]:
    """Classic ADH: the V (diagonal, sum 1) whose W*(V) minimises the fit-year MSPE, best of several starts."""
    sd = np.std(x, axis=1, ddof=1)
    sd[sd == 0] = 1.0
    scaled = x / sd[:, None]
    x1, x0 = scaled[:, 0], scaled[:, 1:]

    def inner(v: FloatArray) -> FloatArray:
        return simplex_weights(x1, x0, v)

    def outer_loss(params: FloatArray) -> float:
        v = _normalise(params)
        return float(np.mean((z1 - z0 @ inner(v)) ** 2))

    if design.custom_v is not None:
        v = _normalise(np.asarray(design.custom_v, dtype=np.float64))
        if v.shape != (x.shape[0],):
            raise ContributionInputError("custom_v", f"{v.size} values for {x.shape[0]} predictors")
        return inner(v), v, ()
    ends = []
    for start in _starts(x1, x0, z1, z0, design):
        # A wide initial simplex (step = the largest start value in each direction, as R's optim
        # uses a relative step) lets Nelder-Mead leave the flat region around the start; scipy's
        # default 5 % step stalls in a poor local optimum on the Basque data.
        simplex = np.vstack([start, start + float(np.max(start)) * np.eye(start.size)])
        options = {"maxiter": 400 * start.size, "xatol": 1e-7, "fatol": 1e-10, "initial_simplex": simplex}
        result = minimize(outer_loss, start, method="Nelder-Mead", options=options)
        v = _normalise(result.x)
        ends.append((float(result.fun), v))
    best_v = min(ends, key=lambda end: end[0])[1]
    optima = tuple((loss, inner(v)) for loss, v in ends)
    return inner(best_v), best_v, optima


def _normalise(params: FloatArray) -> FloatArray:
    v = np.abs(params)
    total = float(v.sum())
    return np.full(v.size, 1.0 / v.size) if total == 0 else np.asarray(v / total, dtype=np.float64)


def _starts(x1: FloatArray, x0: FloatArray, z1: FloatArray, z0: FloatArray, design: Design) -> list[FloatArray]:
    """Starting V's: equal, regression-based (R Synth's second start) and seeded random draws."""
    k = x1.size
    starts = [np.full(k, 1.0 / k)]
    # Regression of the fit-year outcomes on the scaled predictors across all units; squared
    # coefficients say which predictors explain the outcome (Synth's "ols" start).
    design_matrix = np.column_stack([np.ones(x0.shape[1] + 1), np.column_stack([x1, x0]).T])
    outcomes = np.column_stack([z1, z0]).T
    coef, *_ = np.linalg.lstsq(design_matrix, outcomes, rcond=None)
    ols = np.sum(coef[1:] ** 2, axis=1)
    if np.all(np.isfinite(ols)) and ols.sum() > 0:
        starts.append(ols / ols.sum())
    rng = np.random.default_rng(design.seed)
    while len(starts) < max(design.starts, 1):
        starts.append(rng.dirichlet(np.ones(k)))
    return starts[: max(design.starts, 1)]

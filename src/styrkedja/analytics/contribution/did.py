"""Difference-in-differences for a project with a comparison group (methods.md section 4).

2x2: delta = (mean_T,after - mean_T,before) - (mean_C,after - mean_C,before). Units (stores,
persons, municipalities) may be observed in one wave only; the standard error of a group's change
then uses the covariance of the two wave means over the units seen in both waves,
Var(after - before) = se_a^2 + se_b^2 - 2 n_both cov_both / (n_a n_b), which is Card & Krueger's
(1994) Table 3 row 3; with a balanced panel it is the standard error of the mean change (row 4).
The groups are independent, so the DiD's variance is the sum of the two changes' variances.

The regression form (with covariates, cluster-robust standard errors) and the event study are in
`did_regression.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from styrkedja.analytics.contribution.errors import ContributionInputError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MIN_CELL = 2  # a mean with its standard error needs two observations


@dataclass(frozen=True)
class Estimate:
    value: float
    se: float


@dataclass(frozen=True)
class GroupChange:
    before: Estimate
    after: Estimate
    change: Estimate
    n_before: int
    n_after: int


@dataclass(frozen=True)
class TwoByTwo:
    treated: GroupChange
    comparison: GroupChange
    difference_before: Estimate  # treated - comparison, before
    difference_after: Estimate
    did: Estimate


def _mean(values: FloatArray, group: str, wave: str) -> tuple[Estimate, int]:
    seen = values[~np.isnan(values)]
    if seen.size < MIN_CELL:
        raise ContributionInputError(
            "comparison" if group == "comparison" else "data",
            f"the {group} group has {seen.size} values {wave}; at least {MIN_CELL} are needed",
        )
    return Estimate(float(seen.mean()), float(seen.std(ddof=1) / np.sqrt(seen.size))), int(seen.size)


def group_change(before: FloatArray, after: FloatArray, group: str) -> GroupChange:
    """Wave means, their standard errors and the change with its standard error for one group."""
    mean_b, n_b = _mean(before, group, "before")
    mean_a, n_a = _mean(after, group, "after")
    both = ~np.isnan(before) & ~np.isnan(after)
    n_both = int(both.sum())
    cov = float(np.cov(before[both], after[both], ddof=1)[0, 1]) if n_both > 1 else 0.0
    variance = mean_b.se**2 + mean_a.se**2 - 2.0 * n_both * cov / (n_b * n_a)
    change = Estimate(mean_a.value - mean_b.value, float(np.sqrt(max(variance, 0.0))))
    return GroupChange(mean_b, mean_a, change, n_b, n_a)


def _difference(a: Estimate, b: Estimate) -> Estimate:
    return Estimate(a.value - b.value, float(np.hypot(a.se, b.se)))


def two_by_two(before: FloatArray, after: FloatArray, treated: BoolArray) -> TwoByTwo:
    """The 2x2 estimate from one value per unit and wave (NaN where a unit was not observed)."""
    before = np.asarray(before, dtype=np.float64)
    after = np.asarray(after, dtype=np.float64)
    treated = np.asarray(treated, dtype=np.bool_)
    if not before.shape == after.shape == treated.shape:
        raise ContributionInputError("data", "before, after and group must have one entry per unit")
    t = group_change(before[treated], after[treated], "treated")
    c = group_change(before[~treated], after[~treated], "comparison")
    return TwoByTwo(
        treated=t,
        comparison=c,
        difference_before=_difference(t.before, c.before),
        difference_after=_difference(t.after, c.after),
        did=_difference(t.change, c.change),
    )

"""Inference for a synthetic control by placebos (Abadie, Diamond & Hainmueller 2010, 2015).

* in space: every donor in turn is treated as if it had the intervention, with the other donors
  (never the real area) as its pool; the area's post/pre RMSPE ratio is ranked among all of them
  and p = (1 + k) / (J + 1), k = the number of donors whose ratio is at least the area's. This
  counts the area itself, so p >= 1/(J+1) (pysyncon's `pvalue` omits the +1; methods.md 1.2).
* in time: a fake start year inside the pre-period, fitted on data before the real start only;
  a large "effect" there means the method finds effects where none can be.
* leave one out: refit without each donor that has weight; a result that rests on one donor is fragile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import MIN_DONORS, FloatArray, Panel
from styrkedja.analytics.contribution.synthetic_control import Fit, fit

WEIGHT_THRESHOLD = 0.001  # donors below this weight do not shape the synthetic area


@dataclass(frozen=True)
class Placebo:
    """One placebo fit, summarised: the unit treated in the placebo and its gap series."""

    unit: str
    gap: FloatArray
    pre_rmspe: float
    post_rmspe: float
    ratio: float


@dataclass(frozen=True)
class SpacePlacebos:
    treated_ratio: float
    placebos: tuple[Placebo, ...]

    @property
    def at_least_as_extreme(self) -> int:
        return sum(1 for p in self.placebos if p.ratio >= self.treated_ratio)

    @property
    def p_value(self) -> float:
        return (1 + self.at_least_as_extreme) / (len(self.placebos) + 1)

    @property
    def rank(self) -> int:
        """The area's rank by RMSPE ratio among all J + 1 units (1 = largest)."""
        return 1 + sum(1 for p in self.placebos if p.ratio > self.treated_ratio)


def _summary(unit: str, placebo_fit: Fit) -> Placebo:
    return Placebo(
        unit=unit,
        gap=placebo_fit.gap,
        pre_rmspe=placebo_fit.pre_rmspe,
        post_rmspe=placebo_fit.post_rmspe,
        ratio=placebo_fit.rmspe_ratio,
    )


def in_space(panel: Panel, treated_fit: Fit) -> SpacePlacebos:
    """Treat each donor in turn; its pool is the other donors (the area itself is left out)."""
    design = treated_fit.design
    placebos = []
    for unit in design.donors:
        pool = tuple(d for d in design.donors if d != unit)
        placebo_fit = fit(panel, replace(design, treated=unit, donors=pool, custom_v=None))
        placebos.append(_summary(unit, placebo_fit))
    return SpacePlacebos(treated_fit.rmspe_ratio, tuple(placebos))


def in_time(panel: Panel, treated_fit: Fit, fake_start: int) -> Fit:
    """Refit as if the intervention began in `fake_start`, using only years before the real start."""
    design = treated_fit.design
    if not panel.years[0] < fake_start < design.start_year:
        raise ContributionInputError(
            "placebo_year", f"{fake_start} must lie inside the pre-period ({panel.years[0]}-{design.start_year - 1})"
        )
    late = [p.label for p in design.predictors if max(p.years) >= fake_start]
    if late:
        raise ContributionInputError("placebo_year", f"predictors use years from {fake_start} on: {', '.join(late)}")
    keep = [j for j, y in enumerate(panel.years) if y < design.start_year]
    earlier = Panel(
        panel.units,
        tuple(panel.years[j] for j in keep),
        panel.outcome[:, keep],
        {name: m[:, keep] for name, m in panel.variables.items()},
    )
    fit_years = tuple(y for y in (design.fit_years or earlier.years) if y < fake_start) or None
    return fit(earlier, replace(design, start_year=fake_start, fit_years=fit_years))


def leave_one_out(panel: Panel, treated_fit: Fit) -> dict[str, Fit]:
    """Refit without each donor that has weight; skipped when that would leave too few donors."""
    design = treated_fit.design
    if len(design.donors) - 1 < MIN_DONORS:
        return {}
    out = {}
    for donor, weight in zip(design.donors, treated_fit.weights, strict=True):
        if weight > WEIGHT_THRESHOLD:
            pool = tuple(d for d in design.donors if d != donor)
            out[donor] = fit(panel, replace(design, donors=pool))
    return out


def gap_range(fits: dict[str, Fit]) -> tuple[FloatArray, FloatArray] | None:
    """Lowest and highest leave-one-out gap per year (the band drawn around the area's gap)."""
    if not fits:
        return None
    gaps = np.vstack([f.gap for f in fits.values()])
    return gaps.min(axis=0), gaps.max(axis=0)

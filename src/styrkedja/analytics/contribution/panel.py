"""The data a synthetic control works on: one matrix per variable, units x years."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from styrkedja.analytics.contribution.errors import ContributionInputError

FloatArray = npt.NDArray[np.float64]

MIN_DONORS = 5  # below this the placebo p-value cannot go under 1/5 and the fit is fragile
MIN_PRE_YEARS = 5  # fewer pre-years cannot separate a trend from noise (methods.md 1.5)
FEW_PRE_YEARS = 10  # below this placebo tests over-reject: a warning, not an error


@dataclass(frozen=True)
class Panel:
    """A balanced panel: `outcome` and optional predictor variables, each (units x years), NaN = missing."""

    units: tuple[str, ...]
    years: tuple[int, ...]
    outcome: FloatArray
    variables: Mapping[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        shape = (len(self.units), len(self.years))
        for name, matrix in {"outcome": self.outcome, **self.variables}.items():
            if matrix.shape != shape:
                raise ValueError(f"{name} has shape {matrix.shape}, expected {shape}")
        if list(self.years) != sorted(set(self.years)):
            raise ValueError("years must be increasing and distinct")

    def row(self, unit: str) -> int:
        return self.units.index(unit)

    def rows(self, units: Sequence[str]) -> list[int]:
        return [self.units.index(u) for u in units]

    def columns(self, years: Sequence[int]) -> list[int]:
        return [self.years.index(y) for y in years]

    def variable(self, name: str) -> FloatArray:
        if name == "outcome":
            return self.outcome
        if name not in self.variables:
            raise ContributionInputError(
                "predictors", f"no variable {name!r}; expected one of {sorted(self.variables)}"
            )
        return self.variables[name]


def panel_from_long(
    rows: Sequence[tuple[str, int, float | None]],
    variables: Mapping[str, Sequence[tuple[str, int, float | None]]] | None = None,
) -> Panel:
    """A panel from (unit, year, value) rows; absent cells and None become NaN (missing, never zero)."""
    units = tuple(sorted({r[0] for r in rows}))
    years = tuple(sorted({r[1] for r in rows}))

    def matrix(records: Sequence[tuple[str, int, float | None]]) -> FloatArray:
        out = np.full((len(units), len(years)), np.nan)
        unit_index = {u: i for i, u in enumerate(units)}
        year_index = {y: j for j, y in enumerate(years)}
        for unit, year, value in records:
            if unit in unit_index and year in year_index and value is not None:
                out[unit_index[unit], year_index[year]] = float(value)
        return out

    extra = {name: matrix(records) for name, records in (variables or {}).items()}
    return Panel(units, years, matrix(rows), extra)


def check_design(panel: Panel, treated: str, donors: Sequence[str], start_year: int) -> None:
    """Raise ContributionInputError unless the design can be estimated on `panel`."""
    if treated not in panel.units:
        raise ContributionInputError("area", f"{treated!r} has no data for this indicator")
    if treated in donors:
        raise ContributionInputError("donors", f"the area {treated!r} cannot be its own donor")
    unknown = [d for d in donors if d not in panel.units]
    if unknown:
        raise ContributionInputError("donors", f"no data for {', '.join(unknown)}")
    if len(set(donors)) < MIN_DONORS:
        raise ContributionInputError("donors", f"{len(set(donors))} donors; at least {MIN_DONORS} are needed")
    first, last = panel.years[0], panel.years[-1]
    if not first < start_year <= last:
        raise ContributionInputError(
            "start_year", f"{start_year} is outside the data; expected a year after {first} and up to {last}"
        )
    pre = [y for y in panel.years if y < start_year]
    if len(pre) < MIN_PRE_YEARS:
        raise ContributionInputError(
            "start_year", f"only {len(pre)} years before {start_year}; at least {MIN_PRE_YEARS} are needed"
        )
    _check_complete(panel, [treated, *donors])


def _check_complete(panel: Panel, units: Sequence[str]) -> None:
    values = panel.outcome[panel.rows(units)]
    missing = np.argwhere(np.isnan(values))
    if missing.size:
        unit, year = units[missing[0][0]], panel.years[missing[0][1]]
        raise ContributionInputError(
            "data", f"{unit} has no value for {year} (and {len(missing) - 1} more gaps); every year is needed"
        )

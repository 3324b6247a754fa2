"""The whole construction, from raw indicator values to scores and ranks, with every intermediate data set.

`Spec()` is COINr's example build (`build_example_coin`) with group-mean imputation; alternatives are
`Spec` fields. Everything works on a units x indicators matrix in the framework's indicator order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl

from styrkedja.analytics.composite import aggregate as ag
from styrkedja.analytics.composite import weights as wt
from styrkedja.analytics.composite.denominate import denominate
from styrkedja.analytics.composite.framework import CompositeError, Framework
from styrkedja.analytics.composite.impute import impute, screen
from styrkedja.analytics.composite.normalise import normalise
from styrkedja.analytics.composite.treat import Treatment, treat_matrix

WEIGHTINGS = ("framework", "equal", "pca")


@dataclass(frozen=True)
class Spec:
    """How to build the index. Defaults: COINr's default pipeline."""

    denominate: bool = True
    impute: str = "group_mean"
    screen_threshold: float | None = None
    treat: bool = True
    winmax: int = 5
    normalise: str = "minmax"
    lower: float = 0.0
    upper: float = 100.0
    aggregation: str = "arithmetic"
    weighting: str = "framework"

    def label(self) -> str:
        treat = f"winsorise≤{self.winmax}" if self.treat else "no treatment"
        return f"{self.impute}, {treat}, {self.normalise}, {self.aggregation} mean, {self.weighting} weights"


@dataclass(frozen=True)
class IndexData:
    """The raw inputs: unit codes, one row per unit of indicator values (framework order), unit groups for
    group imputation, and denominator columns by name."""

    units: tuple[str, ...]
    values: np.ndarray
    groups: tuple[str, ...] | None = None
    denominators: Mapping[str, np.ndarray] = field(default_factory=dict)

    def subset(self, keep: np.ndarray) -> IndexData:
        return IndexData(
            units=tuple(u for u, k in zip(self.units, keep, strict=True) if k),
            values=self.values[keep],
            groups=tuple(g for g, k in zip(self.groups, keep, strict=True) if k) if self.groups else None,
            denominators={k: np.asarray(v)[keep] for k, v in self.denominators.items()},
        )


@dataclass(frozen=True)
class IndexResult:
    """Every data set of the build (units x codes), the treatment log and the scores per level."""

    framework: Framework
    spec: Spec
    units: tuple[str, ...]
    raw: np.ndarray
    denominated: np.ndarray
    imputed: np.ndarray
    treated: np.ndarray
    normalised: np.ndarray
    levels: list[np.ndarray]
    treatments: list[Treatment]
    weights: dict[int, np.ndarray]
    dropped: tuple[str, ...] = ()

    def scores(self, code: str) -> np.ndarray:
        node = self.framework.nodes[code]
        return self.levels[node.level - 1][:, self.framework.levels[node.level - 1].index(code)]

    def ranks(self, code: str | None = None) -> np.ndarray:
        return ag.ranks(self.scores(code or self.framework.top))

    def table(self) -> pl.DataFrame:
        """One row per unit: the unit code, then every aggregate's score from the top down, and its rank."""
        cols: dict[str, object] = {"unit": list(self.units)}
        top = self.framework.top
        cols["rank"] = self.ranks(top).astype(np.int64) if np.all(np.isfinite(self.scores(top))) else self.ranks(top)
        for level in range(len(self.framework.levels), 1, -1):
            for code in self.framework.levels[level - 1]:
                cols[code] = self.scores(code)
        return pl.DataFrame(cols)


def check_data(data: IndexData, framework: Framework) -> None:
    """Shape and coverage checks that name the indicator or unit at fault."""
    n_units, n_ind = data.values.shape
    if n_ind != len(framework.indicators):
        raise CompositeError("data", f"has {n_ind} indicator columns, the framework {len(framework.indicators)}")
    if len(data.units) != n_units or len(set(data.units)) != n_units:
        raise CompositeError("data", "needs one unique unit code per row")
    for j, code in enumerate(framework.indicators):
        if not np.isfinite(data.values[:, j]).any():
            raise CompositeError(code, "has no data for any unit")
    for parent in framework.levels[1]:
        cols = [framework.indicators.index(c) for c in framework.children(parent)]
        if not np.isfinite(data.values[:, cols]).any():
            raise CompositeError(parent, "no indicator of this factor has data")


def resolve_weights(spec: Spec, framework: Framework, normalised: np.ndarray) -> dict[int, np.ndarray]:
    if spec.weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {spec.weighting!r}")
    if spec.weighting == "equal":
        return wt.equal_weights(framework)
    weights = wt.framework_weights(framework)
    if spec.weighting == "pca":
        pcw = wt.pca_weights(normalised, framework, level=1).weights
        weights[1] = np.array([pcw[c] for c in framework.indicators])
    return weights


def prepare(data: IndexData, framework: Framework, spec: Spec) -> tuple[IndexData, np.ndarray, np.ndarray]:
    """Denominate, impute and screen: returns (kept data, denominated, imputed) for the kept units."""
    den = denominate(data.values, framework, data.denominators) if spec.denominate else data.values.astype(float)
    imp = impute(den, spec.impute, data.groups)
    if spec.screen_threshold is not None:
        keep = screen(imp, spec.screen_threshold)
        return data.subset(keep), den[keep], imp[keep]
    return data, den, imp


def build(data: IndexData, framework: Framework, spec: Spec | None = None) -> IndexResult:
    spec = spec or Spec()
    check_data(data, framework)
    kept, den, imp = prepare(data, framework, spec)
    if spec.treat:
        treated, treatments = treat_matrix(imp, spec.winmax)
    else:
        treated, treatments = imp.copy(), []
    directions = [int(framework.nodes[c].direction or 1) for c in framework.indicators]
    targets = [framework.nodes[c].target for c in framework.indicators]
    norm = normalise(
        treated, directions, framework.indicators, spec.normalise, lower=spec.lower, upper=spec.upper, targets=targets
    )
    weights = resolve_weights(spec, framework, norm)
    levels = ag.aggregate(norm, framework, spec.aggregation, weights)
    dropped = tuple(u for u in data.units if u not in set(kept.units))
    return IndexResult(
        framework, spec, kept.units, kept.values, den, imp, treated, norm, levels, treatments, weights, dropped
    )


ALTERNATIVES: dict[str, Spec] = {
    "default": Spec(),
    "zscore": Spec(normalise="zscore"),
    "rank": Spec(normalise="prank", lower=0.0, upper=1.0),
    "distance_to_best": Spec(normalise="dist2max"),
    "geometric": Spec(lower=1.0, upper=100.0, aggregation="geometric"),
    "equal_weights": Spec(weighting="equal"),
    "pca_weights": Spec(weighting="pca"),
}


def compare(
    data: IndexData, framework: Framework, specs: Mapping[str, Spec] | None = None, base: Spec | None = None
) -> pl.DataFrame:
    """Index score and rank of every unit under each alternative, side by side (unit, then score_/rank_ pairs).

    `base` carries shared choices (e.g. imputation, screening) into every alternative."""
    specs = specs or ALTERNATIVES
    out: dict[str, Sequence[object]] = {}
    for name, spec in specs.items():
        if base is not None:
            spec = replace(
                base,
                normalise=spec.normalise,
                lower=spec.lower,
                upper=spec.upper,
                aggregation=spec.aggregation,
                weighting=spec.weighting,
            )
        result = build(data, framework, spec)
        out.setdefault("unit", list(result.units))
        out[f"score_{name}"] = list(result.scores(framework.top))
        out[f"rank_{name}"] = list(result.ranks())
    return pl.DataFrame(out)

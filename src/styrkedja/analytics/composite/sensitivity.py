"""Uncertainty and sensitivity analysis (Handbook step 7, COINr `get_sensitivity`), seeded and reproducible.

Each Monte Carlo run draws the construction choices: imputation method, outlier treatment (off or the
winsorisation limit), normalisation, aggregation, and a noisy copy of the weights. Uncertainty analysis gives
each unit's median rank and its 5-95 % rank interval; sensitivity analysis gives the Sobol first-order and total
indices of each choice on each unit's rank (Saltelli 2010 and Jansen estimators on an A, B, AB_i design).

Only the aggregation depends on the weights, so the data prepared for each discrete combination of the other
choices are computed once and reused by every run that draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from styrkedja.analytics.composite import aggregate as ag
from styrkedja.analytics.composite.framework import Framework
from styrkedja.analytics.composite.impute import impute
from styrkedja.analytics.composite.normalise import normalise
from styrkedja.analytics.composite.pipeline import IndexData, Spec, check_data, prepare
from styrkedja.analytics.composite.treat import treat_matrix

FACTORS = ("imputation", "treatment", "normalisation", "aggregation", "weights")


@dataclass(frozen=True)
class Assumptions:
    """The choices drawn at random. `winmax` None means no outlier treatment. Normalisations are scaled to
    positive values so that the geometric mean is defined for each of them: min-max and percentile ranks on
    1-100, z-scores as 1 + 10 (z - min z) (ten points per standard deviation above the lowest unit)."""

    imputation: tuple[str, ...] = ("group_mean", "mean", "none")
    winmax: tuple[int | None, ...] = (5, 3, None)
    normalisation: tuple[str, ...] = ("minmax", "prank", "zscore")
    aggregation: tuple[str, ...] = ("arithmetic", "geometric")
    weight_noise: float = 0.25
    weight_sets: int = 100
    base: Spec = field(default_factory=Spec)


@dataclass(frozen=True)
class Uncertainty:
    """Per unit: the nominal rank, the median rank and the 5th/95th percentiles of the rank over the runs."""

    units: tuple[str, ...]
    nominal_rank: np.ndarray
    median_rank: np.ndarray
    rank_p05: np.ndarray
    rank_p95: np.ndarray
    ranks: np.ndarray  # runs x units
    runs: int
    seed: int


@dataclass(frozen=True)
class Sensitivity:
    """First-order (`first`) and total (`total`) Sobol indices, factors x units, of each choice on the rank;
    `mean_shift_first`/`mean_shift_total` the same for the mean absolute rank shift from the nominal ranks."""

    units: tuple[str, ...]
    factors: tuple[str, ...]
    first: np.ndarray
    total: np.ndarray
    mean_shift_first: np.ndarray
    mean_shift_total: np.ndarray
    runs: int
    seed: int


class Runner:
    """Evaluates the index ranks for a batch of coded choices, caching prepared data per discrete choice."""

    def __init__(self, data: IndexData, framework: Framework, assumptions: Assumptions, seed: int) -> None:
        check_data(data, framework)
        self.framework = framework
        self.a = assumptions
        base = assumptions.base
        kept, self.denominated, _ = prepare(data, framework, base)
        self.data = kept
        self.directions = [int(framework.nodes[c].direction or 1) for c in framework.indicators]
        self._normalised: dict[tuple[str, int | None, str], np.ndarray] = {}
        rng = np.random.default_rng(seed)
        nominal = {k: framework.weights(k) for k in range(1, len(framework.levels))}
        self.weight_sets = [nominal] + [
            {
                k: w * (1 + rng.uniform(-assumptions.weight_noise, assumptions.weight_noise, w.size))
                for k, w in nominal.items()
            }
            for _ in range(max(assumptions.weight_sets - 1, 0))
        ]
        self.nominal_rank = self.ranks_for((0, 0, 0, 0, 0))

    def normalised(self, imputation: str, winmax: int | None, method: str) -> np.ndarray:
        key = (imputation, winmax, method)
        if key not in self._normalised:
            imp = impute(self.denominated, imputation, self.data.groups)
            treated = treat_matrix(imp, winmax)[0] if winmax is not None else imp
            if method == "zscore":
                z = normalise(treated, self.directions, self.framework.indicators, "zscore")
                self._normalised[key] = 1 + 10 * (z - np.nanmin(z, axis=0))
            else:
                unit = normalise(treated, self.directions, self.framework.indicators, method, lower=0.0, upper=1.0)
                self._normalised[key] = 1 + 99 * unit
        return self._normalised[key]

    def ranks_for(self, choice: tuple[int, int, int, int, int]) -> np.ndarray:
        i, t, n, g, w = choice
        a = self.a
        norm = self.normalised(a.imputation[i], a.winmax[t], a.normalisation[n])
        levels = ag.aggregate(norm, self.framework, a.aggregation[g], self.weight_sets[w])
        return ag.ranks(levels[-1][:, 0])

    def decode(self, u: np.ndarray) -> list[tuple[int, int, int, int, int]]:
        """Uniform [0, 1) rows -> indices into each factor's options."""
        sizes = np.array(
            [
                len(self.a.imputation),
                len(self.a.winmax),
                len(self.a.normalisation),
                len(self.a.aggregation),
                len(self.weight_sets),
            ]
        )
        idx = np.minimum((u * sizes).astype(int), sizes - 1)
        return [tuple(int(v) for v in row) for row in idx]  # type: ignore[misc]

    def evaluate(self, u: np.ndarray) -> np.ndarray:
        """runs x units matrix of ranks."""
        return np.vstack([self.ranks_for(c) for c in self.decode(u)])


def uncertainty(
    data: IndexData, framework: Framework, runs: int = 1000, seed: int = 1, assumptions: Assumptions | None = None
) -> Uncertainty:
    runner = Runner(data, framework, assumptions or Assumptions(), seed)
    u = np.random.default_rng(seed + 1).random((runs, len(FACTORS)))
    ranks = runner.evaluate(u)
    # inverted_cdf: the percentiles are ranks that occurred (no interpolated "10.9th place")
    p05, median, p95 = np.percentile(ranks, [5, 50, 95], axis=0, method="inverted_cdf")
    return Uncertainty(runner.data.units, runner.nominal_rank, median, p05, p95, ranks, runs, seed)


def sobol_indices(
    f: Callable[[np.ndarray], np.ndarray], d: int, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """First-order (Saltelli 2010) and total (Jansen) indices of f's outputs (n x k) for d uniform inputs:
    S_i = mean(yB (yABi - yA)) / V, ST_i = mean((yA - yABi)^2) / (2 V), V the variance of yA and yB together.
    Uses n (d + 2) evaluations; an output that never varies gets NaN. yB is centred on the mean output first:
    that leaves the estimator's expectation unchanged (E[yABi] = E[yA]) and lowers its variance."""
    a, b = rng.random((n, d)), rng.random((n, d))
    ya, yb = f(a), f(b)
    both = np.concatenate([ya, yb])
    var = np.var(both, axis=0)
    yb = yb - both.mean(axis=0)
    first = np.empty((d, ya.shape[1]))
    total = np.empty((d, ya.shape[1]))
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        yab = f(ab)
        with np.errstate(divide="ignore", invalid="ignore"):
            first[i] = np.mean(yb * (yab - ya), axis=0) / var
            total[i] = np.mean((ya - yab) ** 2, axis=0) / (2 * var)
    first[:, var == 0] = np.nan
    total[:, var == 0] = np.nan
    return first, total


def sensitivity(
    data: IndexData, framework: Framework, n: int = 200, seed: int = 1, assumptions: Assumptions | None = None
) -> Sensitivity:
    """Sobol indices of each choice on every unit's rank and on the mean absolute rank shift (n (5 + 2) runs)."""
    runner = Runner(data, framework, assumptions or Assumptions(), seed)

    def outputs(u: np.ndarray) -> np.ndarray:
        ranks = runner.evaluate(u)
        shift = np.mean(np.abs(ranks - runner.nominal_rank), axis=1, keepdims=True)
        return np.hstack([ranks, shift])

    first, total = sobol_indices(outputs, len(FACTORS), n, np.random.default_rng(seed + 2))
    return Sensitivity(
        runner.data.units,
        FACTORS,
        first[:, :-1],
        total[:, :-1],
        first[:, -1],
        total[:, -1],
        n * (len(FACTORS) + 2),
        seed,
    )

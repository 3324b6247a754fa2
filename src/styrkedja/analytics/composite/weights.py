"""Weights: the framework's nominal weights, equal weights, data-driven PCA weights, effective weights."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from styrkedja.analytics.composite.framework import Framework


def equal_weights(framework: Framework) -> dict[int, np.ndarray]:
    return {level: np.ones(len(framework.levels[level - 1])) for level in range(1, len(framework.levels))}


def framework_weights(framework: Framework) -> dict[int, np.ndarray]:
    return {level: framework.weights(level) for level in range(1, len(framework.levels))}


def effective_weights(framework: Framework, weights: dict[int, np.ndarray] | None = None) -> dict[str, float]:
    """The share of the top score each node carries: its weight over its siblings' total, times its parent's."""
    w = weights or framework_weights(framework)
    share: dict[str, float] = {framework.top: 1.0}
    for level in range(len(framework.levels) - 1, 0, -1):
        codes = framework.levels[level - 1]
        member = framework.membership(level)
        totals = w[level] @ member
        for i, code in enumerate(codes):
            j = int(np.argmax(member[i]))
            parent = framework.levels[level][j]
            share[code] = float(w[level][i] / totals[j] * share[parent]) if totals[j] > 0 else 0.0
    return share


@dataclass(frozen=True)
class PCAWeights:
    """First-component loadings per group. COINr's warnings hold: the sign is arbitrary, loadings can be
    negative and reward redundant indicators, and few units make them unstable; `warnings` says which."""

    weights: dict[str, float]
    explained: dict[str, float]
    rows_used: dict[str, int]
    warnings: tuple[str, ...]


def pca_weights(values: np.ndarray, framework: Framework, level: int = 1) -> PCAWeights:
    """PC1 loadings of the standardised codes at `level`, separately for each parent group, on complete rows."""
    codes = framework.levels[level - 1]
    member = framework.membership(level)
    weights: dict[str, float] = {}
    explained: dict[str, float] = {}
    rows_used: dict[str, int] = {}
    warnings: list[str] = []
    for j, parent in enumerate(framework.levels[level]):
        cols = np.flatnonzero(member[:, j])
        block = values[:, cols]
        complete = block[np.all(np.isfinite(block), axis=1)]
        rows_used[parent] = complete.shape[0]
        if cols.size < 2 or complete.shape[0] <= cols.size:
            warnings.append(f"{parent}: too few complete units for PCA; equal weights kept")
            weights.update({codes[c]: 1.0 for c in cols})
            continue
        sd = complete.std(axis=0, ddof=1)
        z = (complete - complete.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
        _, s, vt = np.linalg.svd(z, full_matrices=False)
        load = vt[0]
        if load.sum() < 0:  # fix the arbitrary sign so most weight is positive
            load = -load
        if np.any(load < 0):
            warnings.append(f"{parent}: negative PCA loadings ({', '.join(codes[c] for c in cols[load < 0])})")
        explained[parent] = float(s[0] ** 2 / np.sum(s**2))
        weights.update({codes[c]: float(v) for c, v in zip(cols, load, strict=True)})
    return PCAWeights(weights, explained, rows_used, tuple(warnings))

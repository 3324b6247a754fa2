"""Multivariate checks (Handbook step 4): correlations, Cronbach's alpha, PCA, negatively correlated indicators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from styrkedja.analytics.composite.framework import Framework


def pairwise_cov(values: np.ndarray) -> np.ndarray:
    """Covariance (n - 1) of each pair of columns over the rows where both are present (R pairwise.complete.obs)."""
    k = values.shape[1]
    out = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(i, k):
            both = np.isfinite(values[:, i]) & np.isfinite(values[:, j])
            if both.sum() > 1:
                a, b = values[both, i], values[both, j]
                out[i, j] = out[j, i] = float(np.sum((a - a.mean()) * (b - b.mean())) / (both.sum() - 1))
    return out


def correlation(values: np.ndarray) -> np.ndarray:
    """Pearson correlation over pairwise complete rows (NaN for a constant column)."""
    k = values.shape[1]
    out = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(i, k):
            both = np.isfinite(values[:, i]) & np.isfinite(values[:, j])
            if both.sum() > 2:
                a, b = values[both, i], values[both, j]
                if a.std() > 0 and b.std() > 0:
                    out[i, j] = out[j, i] = float(np.corrcoef(a, b)[0, 1])
    return out


def cronbach_alpha(values: np.ndarray) -> float:
    """k/(k-1) (1 - sum of variances / sum of the covariance matrix), pairwise complete covariances."""
    k = values.shape[1]
    if k < 2:
        return float("nan")
    cov = pairwise_cov(values)
    return float(k / (k - 1) * (1 - np.trace(cov) / np.sum(cov)))


@dataclass(frozen=True)
class PCASummary:
    """Standard deviations of the components of the standardised complete rows, and their variance shares."""

    sdev: tuple[float, ...]
    proportion: tuple[float, ...]
    loadings: np.ndarray
    rows_used: int


def pca(values: np.ndarray) -> PCASummary:
    """PCA as R `prcomp(center = TRUE, scale. = TRUE)` on the rows without missing values."""
    complete = values[np.all(np.isfinite(values), axis=1)]
    z = (complete - complete.mean(axis=0)) / complete.std(axis=0, ddof=1)
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    sdev = s / np.sqrt(complete.shape[0] - 1)
    var = sdev**2
    return PCASummary(tuple(float(v) for v in sdev), tuple(float(v) for v in var / var.sum()), vt.T, complete.shape[0])


@dataclass(frozen=True)
class CorrelationFlag:
    code: str
    parent: str
    correlation: float


def negative_with_parent(
    levels: list[np.ndarray], framework: Framework, threshold: float = 0.0
) -> list[CorrelationFlag]:
    """Codes (indicators and aggregates) whose correlation with their own parent's score is below `threshold`.

    `levels` are the scores per level from `aggregate.aggregate` (normalised indicators first)."""
    flags: list[CorrelationFlag] = []
    for level in range(1, len(framework.levels)):
        codes, parents = framework.levels[level - 1], framework.levels[level]
        member = framework.membership(level)
        for i, code in enumerate(codes):
            j = int(np.argmax(member[i]))
            r = correlation(np.column_stack([levels[level - 1][:, i], levels[level][:, j]]))[0, 1]
            if np.isfinite(r) and r < threshold:
                flags.append(CorrelationFlag(code, parents[j], float(r)))
    return flags


def alpha_per_group(values: np.ndarray, framework: Framework, level: int = 1) -> dict[str, float]:
    """Cronbach's alpha of the children of each aggregate one level up."""
    member = framework.membership(level)
    return {
        parent: cronbach_alpha(values[:, np.flatnonzero(member[:, j])])
        for j, parent in enumerate(framework.levels[level])
    }

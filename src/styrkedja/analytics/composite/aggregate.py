"""Aggregation level by level: each aggregate is the weighted mean of its children, missing children skipped.

Weights are relative inside a group (COINr `a_amean`: w / sum(w) over the children present), so a missing
indicator is in effect replaced by the mean of its siblings. An aggregate with no child present is missing.
"""

from __future__ import annotations

import numpy as np

from styrkedja.analytics.composite.framework import CompositeError, Framework

METHODS = ("arithmetic", "geometric", "harmonic")


def combine(
    values: np.ndarray,
    weights: np.ndarray,
    membership: np.ndarray,
    method: str = "arithmetic",
    codes: tuple[str, ...] = (),
) -> np.ndarray:
    """units x children -> units x parents. Geometric and harmonic means need values > 0."""
    if method not in METHODS:
        raise ValueError(f"aggregation method must be one of {METHODS}, got {method!r}")
    present = np.isfinite(values)
    w_present = present * weights
    total = w_present @ membership
    if method != "arithmetic" and np.any(present & (values <= 0)):
        j = int(np.argwhere(present & (values <= 0))[0][1])
        where = codes[j] if codes else f"column {j}"
        raise CompositeError(where, f"{method} mean needs values above 0; normalise to e.g. 1-100 first")
    filled = np.where(present, values, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "arithmetic":
            out = (np.where(present, values, 0.0) * weights) @ membership / total
        elif method == "geometric":
            out = np.exp((np.log(filled) * w_present) @ membership / total)
        else:
            out = total / ((w_present / filled) @ membership)
    out[total == 0] = np.nan
    return np.asarray(out)


def aggregate(
    normalised: np.ndarray,
    framework: Framework,
    method: str | tuple[str, ...] = "arithmetic",
    weights: dict[int, np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Scores per level: [indicators, level-2 aggregates, ..., index]. `method` may differ per level
    (one entry per aggregation step); `weights[level]` overrides the framework's weights of that level."""
    n_steps = len(framework.levels) - 1
    methods = (method,) * n_steps if isinstance(method, str) else method
    if len(methods) != n_steps:
        raise ValueError(f"need {n_steps} aggregation methods, one per level above the indicators")
    out = [normalised]
    for level in range(1, n_steps + 1):
        w = weights.get(level) if weights else None
        w = framework.weights(level) if w is None else w
        out.append(combine(out[-1], w, framework.membership(level), methods[level - 1], framework.levels[level - 1]))
    return out


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; ties share the best rank (R `rank(-x, ties = "min")`); missing stays missing."""
    from scipy.stats import rankdata

    out = np.full(scores.shape, np.nan)
    present = np.isfinite(scores)
    out[present] = rankdata(-scores[present], method="min")
    return out

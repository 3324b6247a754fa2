"""Imputation of missing values, column by column (COINr's `i_mean`, `i_median` and their group versions)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

METHODS = ("none", "mean", "median", "group_mean", "group_median")


def impute(data: np.ndarray, method: str = "group_mean", groups: Sequence[str] | None = None) -> np.ndarray:
    """Missing cells get the column's mean/median of the present values, within the unit's group for the
    group methods (without groups every unit is in one group, i.e. the column mean/median). A group whose values
    are all missing stays missing; "none" returns a copy."""
    if method not in METHODS:
        raise ValueError(f"imputation method must be one of {METHODS}, got {method!r}")
    out = data.astype(float, copy=True)
    if method == "none":
        return out
    stat = np.nanmean if method.endswith("mean") else np.nanmedian
    if method.startswith("group") and groups is not None:
        if len(groups) != data.shape[0]:
            raise ValueError("group imputation needs one group label per unit")
        labels = np.asarray(groups, dtype=object)
        for label in dict.fromkeys(labels):
            rows = labels == label
            out[rows] = _fill(out[rows], stat)
        return out
    return _fill(out, stat)


def _fill(block: np.ndarray, stat: object) -> np.ndarray:
    missing = np.isnan(block)
    if not missing.any():
        return block
    present = (~missing).any(axis=0)
    fill = np.full(block.shape[1], np.nan)
    if present.any():
        fill[present] = stat(block[:, present], axis=0)  # type: ignore[operator]
    rows, cols = np.nonzero(missing)
    block[rows, cols] = fill[cols]
    return block


def screen(data: np.ndarray, threshold: float) -> np.ndarray:
    """Boolean mask of units kept: share of present indicator values >= threshold (COINr `Screen(byNA)`)."""
    if data.shape[1] == 0:
        return np.ones(data.shape[0], dtype=bool)
    available = np.mean(~np.isnan(data), axis=1)
    return np.asarray(available >= threshold)

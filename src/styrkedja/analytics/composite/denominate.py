"""Denomination: extensive indicators divided by a size variable (per capita, per GDP, per area)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from styrkedja.analytics.composite.framework import CompositeError, Framework


def denominate(data: np.ndarray, framework: Framework, denominators: Mapping[str, np.ndarray]) -> np.ndarray:
    """x / (denominator / scale factor) for each indicator that names a denominator; others unchanged.

    A zero or missing denominator gives a missing value (never an infinite one)."""
    out = data.astype(float, copy=True)
    for j, code in enumerate(framework.indicators):
        node = framework.nodes[code]
        if node.denominator is None:
            continue
        denom = denominators.get(node.denominator)
        if denom is None:
            raise CompositeError(code, f"denominator {node.denominator!r} has no data")
        scaled = np.asarray(denom, dtype=float) / node.scale_factor
        with np.errstate(divide="ignore", invalid="ignore"):
            col = out[:, j] / scaled
        col[~np.isfinite(col)] = np.nan
        out[:, j] = col
    return out

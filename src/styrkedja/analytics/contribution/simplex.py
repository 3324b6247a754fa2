"""Least squares on the unit simplex: min ||D (a - B w)||^2 with w >= 0 and sum(w) = 1.

This is the inner problem of every synthetic control (Abadie & Gardeazabal 2003). It is solved
with Lawson-Hanson non-negative least squares (`scipy.optimize.nnls`) on the system augmented by
a heavily weighted row of ones, which enforces sum(w) = 1 up to O(1/M^2); the weights are then
renormalised. Why not SLSQP: the nested V/W search calls this thousands of times, and NNLS is an
exact active-set method (no tolerance-driven early stop) that is two orders of magnitude faster.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import nnls

FloatArray = npt.NDArray[np.float64]

# Weight of the sum-to-one row relative to the scaled data; large enough that the constraint
# holds to ~1e-10 after renormalising, small enough to keep NNLS well conditioned.
_SUM_WEIGHT = 1e4


def simplex_weights(target: FloatArray, donors: FloatArray, row_weights: FloatArray | None = None) -> FloatArray:
    """Weights w (one per column of `donors`) minimising sum_k v_k (target_k - donors_k . w)^2.

    `target` has shape (k,), `donors` (k, J) and `row_weights` (k,) non-negative (default all 1).
    """
    a = np.asarray(target, dtype=np.float64)
    b = np.asarray(donors, dtype=np.float64)
    if b.ndim != 2 or a.shape != (b.shape[0],):
        raise ValueError(f"shapes do not match: target {a.shape}, donors {b.shape}")
    n_donors = b.shape[1]
    if n_donors == 1:
        return np.ones(1)
    root = np.sqrt(row_weights) if row_weights is not None else np.ones_like(a)
    scaled_b = b * root[:, None]
    scaled_a = a * root
    scale = float(np.max(np.abs(scaled_b))) or 1.0
    big = _SUM_WEIGHT * scale
    system = np.vstack([scaled_b, np.full((1, n_donors), big)])
    rhs = np.concatenate([scaled_a, [big]])
    w, _ = nnls(system, rhs, maxiter=50 * n_donors)
    total = float(w.sum())
    if total <= 0:
        return np.full(n_donors, 1.0 / n_donors)
    return np.asarray(w / total, dtype=np.float64)


def weighted_loss(target: FloatArray, donors: FloatArray, weights: FloatArray, row_weights: FloatArray) -> float:
    """The objective sum_k v_k (target_k - donors_k . w)^2 at `weights`."""
    residual = target - donors @ weights
    return float(np.sum(row_weights * residual**2))

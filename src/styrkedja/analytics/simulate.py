"""Seeded joint simulation of peers for relative targets, shared across targets.

The probability of a relative target ("growth above the peer median in 2030", "among the ten best")
comes from simulating every unit of the comparison universe jointly from its own drift model.
At national scale the same peers' futures are needed by many targets, so the work is organised
around what is shared:

* **Standard t draws per (area, degrees of freedom)** (`TBank`): a column of `n_sims` standard
  Student-t draws generated from `(seed, area code, df)` only. A unit's draws at the target year are
  `mean + sd * T` on the model scale, mapped back to the original scale. Because the standard draws
  depend on nothing else, a target's probability does not depend on which other targets are evaluated
  with it, and the same seed reproduces it exactly. Across units the draws are independent (different
  area codes), so the joint simulation of one universe is as before. Across indicators and target years
  the same area reuses its standard draws (common random numbers): each probability is still an
  unbiased Monte Carlo estimate with the same standard error, only the Monte Carlo errors of different
  targets of one area are correlated (which keeps e.g. P(2027) and P(2030) coherent).
* **float32** for the simulated values (the t draws are generated in float64): the values are only
  compared with each other, medians and N-th best values; float32's relative precision (6e-8) is far
  below the Monte Carlo error (1.6 pp at 1000 draws).
* Benchmarks per simulation (median, mean, N-th best) are computed once per (series, target year,
  base year, peer set) and reused by every area's target (`peer_benchmark`, `nth_best`).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg

F32Array = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


class TBank:
    """Standard Student-t draws, one row of `n_sims` per (area, df), generated on demand."""

    def __init__(self, seed: int, n_sims: int) -> None:
        self.seed = seed
        self.n_sims = n_sims
        self._index: dict[tuple[str, int], int] = {}
        self._memo: dict[tuple[tuple[str, ...], bytes], IntArray] = {}
        self._lock = threading.Lock()  # evaluation may simulate several indicators in threads
        self._rows: F32Array = np.empty((64, n_sims), dtype=np.float32)

    def _generate(self, area: str, df: int) -> FloatArray:
        rng = np.random.default_rng([self.seed, zlib.crc32(f"{area}|{df}".encode())])
        z = rng.standard_normal(self.n_sims)
        chi = rng.chisquare(df, self.n_sims)
        return np.asarray(z / np.sqrt(chi / df), dtype=np.float64)

    def rows(self, areas: Sequence[str], dfs: FloatArray) -> IntArray:
        """Row numbers in the bank for each (area, df); df must be a positive integer value."""
        with self._lock:
            return self._rows_locked(areas, dfs)

    def _rows_locked(self, areas: Sequence[str], dfs: FloatArray) -> IntArray:
        ckey = (tuple(areas), dfs.tobytes())
        hit = self._memo.get(ckey)
        if hit is not None:
            return hit
        out = np.empty(len(areas), dtype=np.int64)
        index = self._index
        for j, (a, d) in enumerate(zip(list(areas), dfs.tolist(), strict=True)):
            key = (a, int(d))
            c = index.get(key)
            if c is None:
                c = len(index)
                if c >= self._rows.shape[0]:
                    grown = np.empty((2 * self._rows.shape[0], self.n_sims), dtype=np.float32)
                    grown[:c] = self._rows[:c]
                    self._rows = grown
                self._rows[c] = self._generate(a, int(d))
                index[key] = c
            out[j] = c
        self._memo[ckey] = out
        return out

    def draws(self, areas: Sequence[str], mean: FloatArray, sd: FloatArray, df: FloatArray) -> F32Array:
        """(n_sims x len(areas)) draws of mean + sd * T_df (model scale, float32); NaN where the fit is missing."""
        ok = np.isfinite(mean) & np.isfinite(sd) & np.isfinite(df) & (df > 0)
        idx = np.nonzero(ok)[0]
        with self._lock:
            rows = self._rows_locked([areas[int(i)] for i in idx], df[idx])  # may grow the bank
            std = self._rows[rows]  # a new (k x n_sims) array
        std *= sd[idx].astype(np.float32)[:, None]
        std += mean[idx].astype(np.float32)[:, None]
        if idx.size == len(areas):
            return np.ascontiguousarray(std.T)
        out = np.full((self.n_sims, len(areas)), np.nan, dtype=np.float32)
        out[:, idx] = std.T
        return out


def inverse32(z: F32Array, kind: str) -> F32Array:
    """`forecast.inverse` in float32, in place (z is overwritten and returned)."""
    with np.errstate(over="ignore"):
        if kind == "log":
            return np.exp(z, out=z)
        if kind == "logit":
            np.negative(z, out=z)
            np.exp(z, out=z)
            z += np.float32(1.0)
            return np.divide(np.float32(100.0), z, out=z)
    return z


def _candidates(vals: F32Array, peer_mask: BoolArray) -> tuple[F32Array, bool]:
    """(peer columns finite in the first row, whether the other peer columns are non-finite in every row)."""
    first = np.isfinite(vals[0]) if vals.shape[0] else np.zeros(vals.shape[1], bool)
    drop = peer_mask & ~first
    clean = not drop.any() or not np.isfinite(vals[:, drop]).any()
    idx = np.nonzero(peer_mask & first)[0]
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:  # contiguous: a view, no copy
        return vals[:, idx[0] : idx[-1] + 1], clean
    return np.take(vals, idx, axis=1), clean


def finite_peers(vals: F32Array, peer_mask: BoolArray) -> F32Array | None:
    """The peers' columns that are finite in every row, or None when some peer column is finite in
    some rows only (then the general functions in `targets` must be used)."""
    sub, clean = _candidates(vals, peer_mask)
    if not clean or not np.isfinite(sub).all():
        return None
    return sub


def sorted_peers(vals: F32Array, peer_mask: BoolArray) -> F32Array | None:
    """Available peers' values sorted ascending per row (one sort serves the median and every N-th
    best value); None as in `finite_peers`. NaN sorts last and -inf first, so the first and last
    columns tell whether every value is finite."""
    sub, clean = _candidates(vals, peer_mask)
    if not clean:
        return None
    s = np.sort(sub, axis=1)
    if s.shape[1] and not (np.isfinite(s[:, 0]).all() and np.isfinite(s[:, -1]).all()):
        return None
    return s


def peer_benchmark(vals: F32Array, peer_mask: BoolArray, kind: str, riket_idx: int,
                   sorted_sub: F32Array | None = None) -> FloatArray:  # fmt: skip
    """`targets.benchmark_values(vals, ...)[0]` for simulated values (K x U). `sorted_sub` is
    `sorted_peers(vals, peer_mask)` when already known (median)."""
    if kind == "riket":
        return vals[:, riket_idx].astype(np.float64)
    if kind == "peer_median":
        s = sorted_sub if sorted_sub is not None else sorted_peers(vals, peer_mask)
        if s is None:
            return tg.benchmark_values(vals.astype(np.float64), peer_mask, kind, riket_idx)[0]
        n = s.shape[1]
        if n == 0:
            return np.full(vals.shape[0], np.nan)
        if n % 2:
            return s[:, n // 2].astype(np.float64)
        return ((s[:, n // 2 - 1] + s[:, n // 2]) / np.float32(2)).astype(np.float64)
    sub = finite_peers(vals, peer_mask)
    if sub is None:
        return tg.benchmark_values(vals.astype(np.float64), peer_mask, kind, riket_idx)[0]
    if sub.shape[1] == 0:
        return np.full(vals.shape[0], np.nan)
    return np.asarray(sub.mean(axis=1, dtype=np.float64), dtype=np.float64)


def nth_best(vals: F32Array, peer_mask: BoolArray, n_best: int, direction: str,
             sorted_sub: F32Array | None = None) -> F32Array:  # fmt: skip
    """Per row of `vals` (K x U), the N-th best value among the available peers, oriented so that
    larger is better (lower-is-better values negated); -inf when fewer than N peers have a value.
    This is the threshold of `targets.rank_at_most`: rank <= N iff oriented value >= it."""
    k = n_best - 1
    s = sorted_sub if sorted_sub is not None else sorted_peers(vals, peer_mask)
    if s is None:
        v = -vals[:, peer_mask] if direction == m.LOWER_IS_BETTER else vals[:, peer_mask]
        filled = np.where(np.isfinite(v), v, np.float32(-np.inf))
        if k >= filled.shape[1]:
            return np.full(filled.shape[0], -np.inf, dtype=np.float32)
        kk = filled.shape[1] - 1 - k
        return np.asarray(np.partition(filled, kk, axis=1)[:, kk], dtype=np.float32)
    if k >= s.shape[1]:
        return np.full(s.shape[0], -np.inf, dtype=np.float32)
    if direction == m.LOWER_IS_BETTER:
        return np.asarray(-s[:, k], dtype=np.float32)
    return np.asarray(s[:, s.shape[1] - 1 - k], dtype=np.float32)


def rank_met(vals_area: F32Array, kth: F32Array, direction: str) -> BoolArray:
    """rank <= N per simulation for one area's values given the N-th best value per simulation."""
    v = -vals_area if direction == m.LOWER_IS_BETTER else vals_area
    with np.errstate(invalid="ignore"):
        return np.asarray((v >= kth) & np.isfinite(v))


def growth32(base: FloatArray, end: F32Array, measure: str) -> F32Array:
    """`targets.growth` for simulated values (float32): pp `end - base`, percent `(end/base - 1)*100`
    (undefined unless base > 0)."""
    b = np.asarray(base, dtype=np.float32)[None, :]
    if measure == "pp":
        return end - b
    ok = b > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if ok.all():
            g = end / b
            g -= np.float32(1.0)
            g *= np.float32(100.0)
            return g
        g = (end / np.where(ok, b, np.float32(1.0)) - np.float32(1.0)) * np.float32(100.0)
    return np.where(ok, g, np.float32(np.nan))

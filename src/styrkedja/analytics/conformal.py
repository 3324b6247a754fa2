"""Time-respecting calibration of the drift forecast's intervals, learnt per indicator family.

At every evaluation the width of the forecast distribution comes from the forecast errors that could
have been observed by then, never from a constant fitted once:

1. For every series of a family and every origin year o (expanding window: all years up to o, as the
   engine fits), the textbook drift forecast for o + h (h = 1..`MAX_H`) is scored against the value
   published for o + h: `score = |z - mean| / (sd * t_q)`, the factor the textbook sd needs for the
   central `level` interval to reach the value (split conformal on standardised errors). Only outcome
   years in the data given count, so the data's own last year bounds what is learnt.
2. The scores are pooled over areas and indicators of the family, and summarised per horizon by
   `c(h) = k * min(h, cap)**gamma`: the grid point whose worst per-horizon coverage is closest to
   `level`, held constant beyond the largest horizon that entered the fit (`Scale.cap`): the
   factor is never extrapolated beyond the evidence, so a family whose errors were only seen up to
   three years ahead does not get a fan widened by an extrapolated power law at eight. Recent
   errors weigh more (half-life `HALF_LIFE` years): volatility comes in spells, and the latest
   years say most about the next.
3. Shrinkage for thin families: with fewer than `MIN_FREE` scores the horizon shape gamma is taken from
   all families pooled and only k is fitted; with fewer than `MIN_ANY` the pooled scale is used as it is
   and the family is marked thin (`Scale.source`). Without any scores the textbook scale is used and the
   results say that the assessment is uncertain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
from scipy import stats

from styrkedja.analytics import forecast as fc

MAX_H = 10
MIN_PER_HORIZON = 10  # a horizon joins a fit with at least this many scores
MIN_FREE = 100  # scores needed to fit both k and gamma for one family
MIN_ANY = 20  # fewer scores: the family borrows the pooled scale (thin)
HALF_LIFE: float | None = 5.0  # years: an error 5 years older than the latest counts half (None: equal weights)
K_GRID: tuple[float, ...] = tuple(float(x) for x in np.round(np.arange(0.30, 4.001, 0.01), 2))
POWER_GRID: tuple[float, ...] = tuple(float(x) for x in np.round(np.arange(0.0, 1.001, 0.02), 2))

FAMILY, SHRUNK, POOLED, NONE = "family", "shrunk", "pooled", "none"


@dataclass(frozen=True, slots=True)
class Scale:
    """Multiplier `k * min(h, cap)**gamma` of the textbook drift sd, and what it rests on."""

    k: float
    gamma: float
    n: int  # scores behind it (0: textbook, uncalibrated)
    source: str  # FAMILY, SHRUNK (gamma from the pool), POOLED (borrowed) or NONE
    first_outcome: int | None = None  # earliest and latest outcome year scored
    last_outcome: int | None = None
    cap: int = MAX_H  # the largest horizon in the fit: the factor is held constant beyond it

    @property
    def thin(self) -> bool:
        """True when the family's own errors were too few to calibrate it."""
        return self.source in (POOLED, NONE)

    def factor(self, h: float | fc.FloatArray) -> fc.FloatArray:
        return fc.calibrated_scale(h, self.k, self.gamma, self.cap)


TEXTBOOK = Scale(1.0, 0.0, 0, NONE)
_SCHEMA = {"origin": pl.Int64, "horizon": pl.Int64, "outcome": pl.Int64, "score": pl.Float64}


def _origin_scores(
    z: fc.FloatArray, years: fc.IntArray, level: float, max_h: int
) -> Iterator[tuple[int, fc.IntArray, fc.FloatArray]]:
    """Per origin year: (origin year, horizon of each score, scores) of the textbook drift forecasts of
    every row of `z` from that origin (expanding window), only rows observed at the origin itself."""
    q_level = 0.5 + level / 2
    for j, fit in fc.fit_drift_expanding(z, years):
        if not np.isfinite(fit.df).any():
            continue
        hs = np.arange(1, min(max_h, years.size - 1 - j) + 1)
        mean, sd = fit.predict(years[j + hs].astype(float)[:, None])  # (horizons x rows)
        # The t quantile looked up by df (a count of pairs - 1: a small integer the rows share).
        usable = np.isfinite(fit.df) & (fit.df > 0)
        table = stats.t.ppf(q_level, np.arange(1, years.size + 1, dtype=float))
        q = np.where(usable, table[np.where(usable, fit.df, 1).astype(np.int64) - 1], stats.t.ppf(q_level, np.inf))
        actual = z[:, j + hs].T
        # Only series whose last observation is the origin year itself (the engine's origin).
        at_origin = np.isfinite(z[:, j])
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.abs(actual - mean) / (sd * q[None, :])
        ok = np.isfinite(score) & at_origin[None, :]
        hh, _ = np.nonzero(ok)
        yield int(years[j]), hs[hh], score[ok]


def drift_scores(z: fc.FloatArray, years: fc.IntArray, *, level: float = 0.8, max_h: int = MAX_H) -> pl.DataFrame:
    """Conformal scores of the textbook drift forecasts of every row of `z` (model scale, NaN =
    missing) from every origin year, expanding windows; columns origin, horizon, outcome, score."""
    cols: list[list[fc.FloatArray]] = [[], [], []]  # origin, horizon, score
    for year, hs, scored in _origin_scores(z, years, level, max_h):
        cols[0].append(np.full(hs.size, float(year)))
        cols[1].append(hs.astype(float))
        cols[2].append(scored)
    if not cols[0]:
        return pl.DataFrame(schema=_SCHEMA)
    origin, horizon, score = (np.concatenate(c) for c in cols)
    return pl.DataFrame(
        {
            "origin": origin.astype(np.int64),
            "horizon": horizon.astype(np.int64),
            "outcome": (origin + horizon).astype(np.int64),
            "score": score,
        },
        schema=_SCHEMA,
    )


def _weighted_coverage(scores: pl.DataFrame, hs: list[int], k: fc.FloatArray, g: fc.FloatArray) -> fc.FloatArray:
    """Weighted coverage (k x gamma x horizon) of the factors k * min(h, MAX_H)**gamma: the errors of
    recent outcome years weigh more (half-life `HALF_LIFE` years), so a calmer or wilder recent past
    counts for more than a distant one."""
    horizon = scores["horizon"].to_numpy()
    score = scores["score"].to_numpy()
    outcome = scores["outcome"].to_numpy()
    last = int(outcome.max())
    out = np.empty((k.size, g.size, len(hs)))
    for j, h in enumerate(hs):
        sel = horizon == h
        order = np.argsort(score[sel])
        sc = score[sel][order]
        age = last - outcome[sel][order]
        w = 0.5 ** (age / HALF_LIFE) if HALF_LIFE else np.ones(sc.size)
        cum = np.concatenate([[0.0], np.cumsum(w)])
        factor = k[:, None] * min(h, MAX_H) ** g[None, :]
        out[:, :, j] = cum[np.searchsorted(sc, factor, side="right")] / cum[-1]
    return out


def _fit(scores: pl.DataFrame, level: float, power_grid: Sequence[float]) -> tuple[float, float, int] | None:
    """(k, gamma) on the grid whose worst per-horizon (weighted) coverage is closest to `level`, and the
    largest horizon that entered the fit."""
    values, counts = np.unique(scores["horizon"].to_numpy(), return_counts=True)
    hs = [int(h) for h, n in zip(values, counts, strict=True) if n >= MIN_PER_HORIZON]
    if not hs:
        return None
    k, g = np.asarray(K_GRID), np.asarray(power_grid, dtype=float)
    worst = np.abs(_weighted_coverage(scores, hs, k, g) - level).max(axis=-1)
    i, j = np.unravel_index(int(np.argmin(worst)), worst.shape)
    return float(k[i]), float(g[j]), max(hs)


def _scale(scores: pl.DataFrame, k_g: tuple[float, float, int], source: str) -> Scale:
    out = scores["outcome"]
    first = int(out.min()) if scores.height else None  # type: ignore[arg-type]
    last = int(out.max()) if scores.height else None  # type: ignore[arg-type]
    return Scale(k_g[0], k_g[1], scores.height, source, first, last, k_g[2])


def scales_from_scores(scores: Mapping[str, pl.DataFrame], *, level: float = 0.8) -> dict[str, Scale]:
    """One `Scale` per family from its scores, with shrinkage towards the pooled horizon shape."""
    frames = [s for s in scores.values() if s.height]
    pool = pl.concat(frames) if frames else pl.DataFrame(schema=_SCHEMA)
    pooled_kg = _fit(pool, level, POWER_GRID) if pool.height >= MIN_ANY else None
    pooled = _scale(pool, pooled_kg, POOLED) if pooled_kg else TEXTBOOK
    out: dict[str, Scale] = {}
    for family, s in scores.items():
        kg = _fit(s, level, POWER_GRID) if s.height >= MIN_FREE else None
        if kg is not None and np.unique(s["horizon"].to_numpy()).size >= 3:
            out[family] = _scale(s, kg, FAMILY)
            continue
        kg = _fit(s, level, (pooled.gamma,)) if s.height >= MIN_ANY else None
        out[family] = _scale(s, kg, SHRUNK) if kg is not None else pooled
    return out


def relative_to_mean(z: fc.FloatArray) -> fc.FloatArray:
    """Each row minus the mean of the rows per year (years where every row has a value; else NaN).
    Forecast errors of these series are what relative targets face: shocks shared by every area
    cancel, as they do in "area minus median"."""
    full = np.asarray(np.isfinite(z).all(axis=0), dtype=bool)
    with np.errstate(invalid="ignore"):
        mean = np.where(full, np.nanmean(np.where(full[None, :], z, 0.0), axis=0), np.nan)
    return np.asarray(z - mean[None, :], dtype=float)


def learn_scales(
    series: Mapping[str, Sequence[tuple[fc.FloatArray, fc.IntArray]]], *, level: float = 0.8, relative: bool = False
) -> dict[str, Scale]:
    """Scales per family from its series: (matrix on the model scale, years) pairs, data up to the
    evaluation's latest year only. `relative`: calibrate the spread of each area relative to the
    others (`relative_to_mean`; matrices of a single row give no scores), for relative targets.

    The same scales as `scales_from_scores` over `drift_scores` of every matrix (a test holds them
    equal), without keeping the scores: at national scale they are about 10^8 numbers. The matrices
    of a family that share their years are scored together (the fit is per row), and each score
    only adds one to the count of its grid cell (`_Tally`)."""
    prep = relative_to_mean if relative else (lambda z: z)
    tallies: dict[str, _Tally] = {}
    for fam, parts in series.items():
        stacks: dict[tuple[int, ...], list[fc.FloatArray]] = defaultdict(list)
        for z, y in parts:
            if not relative or z.shape[0] > 1:
                stacks[tuple(int(v) for v in y)].append(prep(z))
        tally = _Tally()
        for years, mats in stacks.items():
            tally.add_matrices(mats, np.asarray(years, dtype=np.int64), level)
        tallies[fam] = tally
    return _scales_from_tallies(tallies, level)


# --- Scores tallied on the factor grid -------------------------------------------------------------

_CHUNK = 65_536  # rows scored at a time: bounds the (horizons x rows) temporaries


@cache
def _grid(h: int) -> tuple[fc.FloatArray, fc.IntArray]:
    """The distinct factors `k * min(h, MAX_H)**gamma` of the whole grid at horizon h, sorted, and
    where each (k, gamma) lies among them (K x G)."""
    factor = np.asarray(K_GRID)[:, None] * min(h, MAX_H) ** np.asarray(POWER_GRID)[None, :]
    distinct, where = np.unique(factor, return_inverse=True)
    return distinct, where.reshape(factor.shape)


class _Tally:
    """A family's scores as counts per (horizon, outcome year, grid cell), where cell i holds the
    scores s with f[i-1] < s <= f[i], f the horizon's distinct factors (cell 0: s <= f[0]; the last
    cell: above every factor). The
    (weighted) share of scores a factor covers is then a cumulative sum up to its cell, the same
    number `_weighted_coverage` takes from the sorted scores."""

    def __init__(self) -> None:
        self.counts: dict[tuple[int, int], fc.IntArray] = {}  # (horizon, outcome year) -> per cell

    def add_matrices(self, mats: list[fc.FloatArray], years: fc.IntArray, level: float) -> None:
        rows = np.vstack(mats) if len(mats) > 1 else mats[0]
        for start in range(0, rows.shape[0], _CHUNK):
            for origin, hs, score in _origin_scores(rows[start : start + _CHUNK], years, level, MAX_H):
                # `hs` is sorted (scores come horizon by horizon): each horizon is one slice.
                bounds = np.searchsorted(hs, np.arange(1, MAX_H + 2))
                for h in range(1, MAX_H + 1):
                    if bounds[h - 1] == bounds[h]:
                        continue
                    distinct, _ = _grid(h)
                    cells = np.searchsorted(distinct, score[bounds[h - 1] : bounds[h]], side="left")
                    key = (h, origin + h)
                    add = np.bincount(cells, minlength=distinct.size + 1)
                    self.counts[key] = self.counts[key] + add if key in self.counts else add

    def merged(self, other: _Tally) -> _Tally:
        out = _Tally()
        out.counts = dict(self.counts)
        for key, c in other.counts.items():
            out.counts[key] = out.counts[key] + c if key in out.counts else c
        return out

    @property
    def n(self) -> int:
        return int(sum(int(c.sum()) for c in self.counts.values()))

    def per_horizon(self) -> dict[int, int]:
        out: dict[int, int] = defaultdict(int)
        for (h, _), c in self.counts.items():
            out[h] += int(c.sum())
        return {h: n for h, n in out.items() if n > 0}

    def outcomes(self) -> tuple[int | None, int | None]:
        years = [o for (_, o), c in self.counts.items() if c.any()]
        return (min(years), max(years)) if years else (None, None)

    def coverage(self, hs: list[int], g_index: fc.IntArray) -> fc.FloatArray:
        """Weighted coverage (k x chosen gammas x horizon), recent outcome years weighing more."""
        last = self.outcomes()[1]
        assert last is not None
        out = np.empty((len(K_GRID), g_index.size, len(hs)))
        for j, h in enumerate(hs):
            weighted = np.zeros(_grid(h)[0].size + 1)
            for (hh, outcome), c in sorted(self.counts.items()):
                if hh == h:
                    weighted += c * (0.5 ** ((last - outcome) / HALF_LIFE) if HALF_LIFE else 1.0)
            cum = np.cumsum(weighted)
            out[:, :, j] = cum[_grid(h)[1][:, g_index]] / cum[-1]
        return out

    def fit(self, level: float, g_index: fc.IntArray) -> tuple[float, float, int] | None:
        """As `_fit`: (k, gamma) among the chosen gammas, and the largest horizon in the fit."""
        hs = sorted(h for h, n in self.per_horizon().items() if n >= MIN_PER_HORIZON)
        if not hs:
            return None
        worst = np.abs(self.coverage(hs, g_index) - level).max(axis=-1)
        i, j = np.unravel_index(int(np.argmin(worst)), worst.shape)
        return K_GRID[i], POWER_GRID[int(g_index[j])], max(hs)

    def scale(self, k_g: tuple[float, float, int], source: str) -> Scale:
        first, last = self.outcomes()
        return Scale(k_g[0], k_g[1], self.n, source, first, last, k_g[2])


def _scales_from_tallies(tallies: Mapping[str, _Tally], level: float) -> dict[str, Scale]:
    """`scales_from_scores` on tallies: one `Scale` per family, shrunk towards the pooled shape."""
    every = np.arange(len(POWER_GRID))
    pool = _Tally()
    for t in tallies.values():
        pool = pool.merged(t)
    pooled_kg = pool.fit(level, every) if pool.n >= MIN_ANY else None
    pooled = pool.scale(pooled_kg, POOLED) if pooled_kg else TEXTBOOK
    out: dict[str, Scale] = {}
    for family, t in tallies.items():
        n = t.n
        kg = t.fit(level, every) if n >= MIN_FREE else None
        if kg is not None and len(t.per_horizon()) >= 3:
            out[family] = t.scale(kg, FAMILY)
            continue
        kg = t.fit(level, np.array([POWER_GRID.index(pooled.gamma)])) if n >= MIN_ANY else None
        out[family] = t.scale(kg, SHRUNK) if kg is not None else pooled
    return out

"""The dense store: every needed (indicator, breakdown) series as one matrix, years as columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import simulate as sim
from styrkedja.analytics.frames import KEY_COLUMNS, with_year

FloatArray = fc.FloatArray
IntArray = fc.IntArray
BoolArray = fc.BoolArray
F32Array = sim.F32Array

DEFAULT_SEED = 20_240_101
DEFAULT_N_SIMS = 1000  # Monte Carlo SE of P <= 1.6 pp; statuses use coarse bands
RELATIVE_RULES = (m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK, m.RANK)
MIN_POINTS = 3  # fewer observations than this: no forecast (status no_data)
# A comparison with a group needs at least this many areas besides the one assessed: with one, a
# "median" is that area's value and a rank is "1 of 2" or "1 of 1", which says nothing about a group.
MIN_PEERS = 2


# --- The dense store ----------------------------------------------------------------------


def prepare_observations(observations: pl.DataFrame, share_indicators: Sequence[str] = ()) -> pl.DataFrame:
    """Annual rows with `year`; for share indicators the value is recomputed as
    100 * numerator / denominator, and a missing total ("T") is built by summing the numerators
    and denominators of the other breakdowns (shares are never averaged)."""
    obs = with_year(observations)
    if not share_indicators:
        return obs
    is_share = pl.col("indicator").is_in(list(share_indicators))
    has_nd = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null() & (pl.col("denominator") > 0)
    obs = obs.with_columns(
        pl.when(is_share & has_nd)
        .then(100.0 * pl.col("numerator") / pl.col("denominator"))
        .otherwise(pl.col("value"))
        .alias("value")
    )
    keys = ["indicator", "area", "period", "year"]
    parts = obs.filter(is_share & (pl.col("breakdown") != "T"))
    # Only keys with at least one part carrying numerator and denominator can be complete, and only
    # keys without a total need one: narrow the parts before grouping (same result, less work).
    candidates = parts.filter(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null())
    if candidates.height == 0:
        return obs
    candidates = (
        candidates.select(keys)
        .unique()
        .join(obs.filter(is_share & (pl.col("breakdown") == "T")).select(keys), on=keys, how="anti")
    )
    if candidates.height == 0:
        return obs
    parts = parts.join(candidates, on=keys, how="semi")
    agg = (
        parts.group_by(keys)
        .agg(
            pl.col("numerator").sum().alias("numerator"),
            pl.col("denominator").sum().alias("denominator"),
            (pl.col("numerator").is_null() | pl.col("denominator").is_null()).any().alias("_incomplete"),
        )
        .filter(~pl.col("_incomplete") & (pl.col("denominator") > 0))
        .with_columns(
            pl.lit("T").alias("breakdown"),
            (100.0 * pl.col("numerator") / pl.col("denominator")).alias("value"),
        )
        .select(obs.columns)
    )
    return pl.concat([obs, agg], how="vertical_relaxed")


def _share_totals(obs: pl.DataFrame, shares: Sequence[str]) -> pl.DataFrame | None:
    """The totals ("T") of share indicators built from their parts where the total is missing
    (as `prepare_observations`), or None. Only indicators whose parts carry numerator and
    denominator can get one, so the others are not touched."""
    if obs["numerator"].null_count() == obs.height:
        return None
    dtype = obs.schema["indicator"]
    with_nd = obs.filter(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null())
    present = {str(v) for v in with_nd["indicator"].unique().cast(pl.String).to_list()}
    names = sorted(present & set(shares))
    if not names:
        return None
    keys = pl.Series(names, dtype=pl.String)
    sub = obs.filter(pl.col("indicator").is_in(keys if dtype == pl.String else keys.cast(dtype)))
    sub = sub.with_columns(pl.col(c).cast(pl.String) for c in KEY_COLUMNS if sub.schema[c] != pl.String)
    built = prepare_observations(sub, names)
    keys4 = list(KEY_COLUMNS)
    added = built.join(sub.select(keys4), on=keys4, how="anti").select(sub.columns)
    return added if added.height else None


def _encode(
    obs: pl.DataFrame,
    ind_ids: Mapping[str, int],
    pair_ids: Mapping[tuple[str, str], int],
    area_ids: Mapping[str, int],
    shares: Sequence[str],
    max_year: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    """(store row, year, value) of the usable rows of `obs`: needed pair, annual period up to
    `max_year`, finite value (shares: 100 * numerator / denominator where both are there)."""
    ic = _codes(obs["indicator"], ind_ids)
    bds = _uniques(obs["breakdown"])
    bc = _codes(obs["breakdown"], {b: j for j, b in enumerate(bds)})
    lut = np.full((len(ind_ids) + 1, len(bds) + 1), -1, dtype=np.int64)
    for (ind, bd), n in pair_ids.items():
        if bd in bds:
            lut[ind_ids[ind], bds.index(bd)] = n
    pid = lut[ic, bc]
    annual = {p: int(p) for p in _uniques(obs["period"]) if len(p) == 4 and p.isdigit() and int(p) <= max_year}
    year = _codes(obs["period"], annual)
    ac = _codes(obs["area"], area_ids)
    ok = (pid >= 0) & (year >= 0) & (ac >= 0)
    value = obs["value"].cast(pl.Float64).to_numpy()
    if shares and obs["numerator"].null_count() < obs.height:
        share_lut = np.zeros(len(ind_ids) + 1, dtype=bool)
        share_lut[[ind_ids[k] for k in shares]] = True
        sel = ok & share_lut[ic]
        if sel.any():
            mask = pl.Series(sel)
            num = obs["numerator"].cast(pl.Float64).filter(mask).to_numpy()
            den = obs["denominator"].cast(pl.Float64).filter(mask).to_numpy()
            with np.errstate(invalid="ignore", divide="ignore"):
                has = np.isfinite(num) & np.isfinite(den) & (den > 0)
                value = value.copy()
                value[sel] = np.where(has, 100.0 * num / np.where(has, den, 1.0), value[sel])
    ok &= np.isfinite(value)
    idx = np.nonzero(ok)[0]
    return pid[idx] * len(area_ids) + ac[idx], year[idx].astype(np.int64), value[idx]


def _codes(col: pl.Series, index: Mapping[str, int]) -> npt.NDArray[np.int32]:
    """Integer code per row of a key column (-1 where the value is not in `index`), computed on the
    encoded column for Enum/Categorical and by one hash lookup per row for strings."""
    if isinstance(col.dtype, pl.Enum):
        cats = col.dtype.categories.to_list()
        lut = np.array([index.get(c, -1) for c in cats] + [-1], dtype=np.int32)
        phys = col.to_physical()
        if phys.null_count():
            phys = phys.fill_null(len(cats))
        return np.asarray(lut[phys.to_numpy()], dtype=np.int32)
    if isinstance(col.dtype, pl.Categorical):
        u = col.unique().drop_nulls()
        codes = u.to_physical().to_numpy().astype(np.int64)
        size = int(codes.max()) + 2 if codes.size else 1
        lut = np.full(size, -1, dtype=np.int32)
        lut[codes] = [index.get(str(c), -1) for c in u.cast(pl.String).to_list()]
        phys = col.to_physical()
        if phys.null_count():
            phys = phys.fill_null(size - 1)
        return np.asarray(lut[phys.to_numpy()], dtype=np.int32)
    mapped = col.cast(pl.String).replace_strict(dict(index), default=-1, return_dtype=pl.Int32)
    return np.asarray(mapped.fill_null(-1).to_numpy(), dtype=np.int32)


def _uniques(col: pl.Series) -> list[str]:
    """The distinct values of a key column (for an Enum: its categories, without a scan)."""
    if isinstance(col.dtype, pl.Enum):
        return [str(c) for c in col.dtype.categories.to_list()]
    return [str(v) for v in col.unique().drop_nulls().cast(pl.String).to_list()]


CHUNK_ROWS = 4_000_000  # rows encoded at a time when building the store (bounded memory)


@dataclass
class Store:
    """All needed series as one dense matrix: row `pair * n_areas + area`, one column per year;
    the last row is all NaN (for absent series)."""

    values: FloatArray
    years: IntArray
    pair_ids: dict[tuple[str, str], int]
    area_ids: dict[str, int]

    @classmethod
    def build(
        cls,
        observations: pl.DataFrame,
        pairs: Sequence[tuple[str, str]],
        share_indicators: Sequence[str],
        max_year: int,
    ) -> Store:
        """Scatter the needed (indicator, breakdown) series into the dense matrix. The key columns are
        encoded once as integers (no joins on strings over the whole frame); share indicators get
        their values from numerator/denominator and their missing totals built as in
        `prepare_observations`."""
        want = sorted(set(pairs))
        empty = cls(np.full((1, 1), np.nan), np.array([max_year], dtype=np.int64), {}, {})
        if not want or observations.height == 0:
            return empty
        inds = sorted({p[0] for p in want})
        ind_ids = {k: i for i, k in enumerate(inds)}
        pair_ids = {p: n for n, p in enumerate(want)}
        shares = sorted(set(share_indicators) & set(inds))
        frames = [observations]
        if shares:
            added = _share_totals(observations, shares)
            if added is not None:
                frames.append(added)
        areas = sorted({a for f in frames for a in _uniques(f["area"])})
        area_ids = {a: i for i, a in enumerate(areas)}
        annual = sorted({int(p) for f in frames for p in _uniques(f["period"]) if len(p) == 4 and p.isdigit()})
        annual = [y for y in annual if y <= max_year]
        if not annual:
            return empty
        y0 = annual[0]
        values = np.full((len(want) * len(areas) + 1, annual[-1] - y0 + 1), np.nan)
        for f in frames:
            for off in range(0, f.height, CHUNK_ROWS):
                row, year, value = _encode(f.slice(off, CHUNK_ROWS), ind_ids, pair_ids, area_ids, shares, max_year)
                values[row, year - y0] = value
        seen = np.nonzero(np.isfinite(values[:-1]).any(axis=0))[0]
        if seen.size == 0:
            return empty
        values = np.ascontiguousarray(values[:, seen[0] : seen[-1] + 1])
        years = np.arange(y0 + seen[0], y0 + seen[-1] + 1, dtype=np.int64)
        return cls(values, years, pair_ids, area_ids)

    def rows(self, indicator: str, breakdown: str, areas: Sequence[str]) -> IntArray:
        missing = self.values.shape[0] - 1
        p = self.pair_ids.get((indicator, breakdown))
        if p is None:
            return np.full(len(areas), missing, dtype=np.int64)
        base = p * len(self.area_ids)
        ids = self.area_ids
        return np.array([base + ids[a] if a in ids else missing for a in areas], dtype=np.int64)

    def matrix(
        self, indicator: str, breakdown: str, areas: Sequence[str], last_year: int
    ) -> tuple[FloatArray, IntArray]:
        """Rows for `areas` (NaN rows where absent), columns up to and including `last_year`
        (padded with NaN columns when the store ends earlier)."""
        rows = self.rows(indicator, breakdown, areas)
        y0 = int(self.years[0])
        years = np.arange(y0, max(last_year, y0) + 1, dtype=np.int64)
        out = np.full((len(areas), years.size), np.nan)
        k = min(years.size, self.years.size)
        out[:, :k] = self.values[rows, :k]
        return out, years


# --- Context -------------------------------------------------------------------------

"""The one place that builds and checks observation frames, plus peer groups.

An observation frame has the columns

    indicator: str, area: str, period: str, breakdown: str,
    value: f64 (null = missing), numerator: f64 (nullable), denominator: f64 (nullable)

and optionally `symbol: str` (the publisher's symbol of a missing cell, such as ".." or "."),
and holds the values "as of" one date (the web layer picks the vintage). A missing
value is null, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from styrkedja.data import COUNTY_CODES as COUNTY_CODES  # re-exported for callers building frames
from styrkedja.data import MUNICIPALITY_CODES, RIKET

OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "area": pl.String(),
    "period": pl.String(),
    "breakdown": pl.String(),
    "value": pl.Float64(),
    "numerator": pl.Float64(),
    "denominator": pl.Float64(),
}
KEY_COLUMNS = ("indicator", "area", "period", "breakdown")
OPTIONAL_COLUMNS = ("numerator", "denominator")
# Optional: the publisher's symbol of a cell ("..", "." for a suppressed or missing value).
SYMBOL_COLUMN = "symbol"


class FrameError(ValueError):
    """The observations do not satisfy the frame contract."""


def observations_frame(data: pl.DataFrame | Iterable[Mapping[str, Any]], *, breakdown: str = "T") -> pl.DataFrame:
    """Build and validate an observation frame.

    Accepts a polars DataFrame or an iterable of row mappings. Missing optional columns
    (numerator, denominator) are added as nulls; a missing `breakdown` column gets
    `breakdown`. Rows repeated with equal values (overlapping vintages) are dropped;
    repeated keys with different values raise `FrameError`. Non-finite values become null.
    """
    df = data if isinstance(data, pl.DataFrame) else pl.DataFrame(list(data), infer_schema_length=None)
    missing = [c for c in ("indicator", "area", "period", "value") if c not in df.columns]
    if missing:
        raise FrameError(f"observation frame lacks column(s): {', '.join(missing)}")
    if "breakdown" not in df.columns:
        df = df.with_columns(pl.lit(breakdown).alias("breakdown"))
    for col in OPTIONAL_COLUMNS:
        if col not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    try:
        cols = [pl.col(c).cast(t, strict=True).alias(c) for c, t in OBSERVATION_SCHEMA.items()]
        if SYMBOL_COLUMN in df.columns:  # kept: the evaluation names the symbols of missing peers' cells
            cols.append(pl.col(SYMBOL_COLUMN).cast(pl.String))
        df = df.select(cols)
    except pl.exceptions.InvalidOperationError as exc:  # pragma: no cover - message depends on polars
        raise FrameError(f"observation frame has a column of the wrong type: {exc}") from exc
    for c in KEY_COLUMNS:
        if df[c].null_count():
            raise FrameError(f"column {c!r} has missing keys")
    num = ("value", "numerator", "denominator")
    df = df.with_columns([pl.when(pl.col(c).is_finite()).then(pl.col(c)).otherwise(None).alias(c) for c in num])
    df = df.unique(maintain_order=True)
    dup = df.group_by(list(KEY_COLUMNS)).len().filter(pl.col("len") > 1)
    if dup.height:
        first = dup.row(0, named=True)
        raise FrameError(
            f"{dup.height} observation key(s) have conflicting values, e.g. "
            f"{first['indicator']}/{first['area']}/{first['period']}/{first['breakdown']}"
        )
    return df


def frame_from_table(
    df: pl.DataFrame,
    *,
    area: str,
    period: str,
    value: str,
    indicator: str | None = None,
    indicator_col: str | None = None,
    breakdown: str = "T",
) -> pl.DataFrame:
    """Rename a tidy table's columns to the frame contract and validate it (e.g. the demo CSV files)."""
    if (indicator is None) == (indicator_col is None):
        raise FrameError("give exactly one of indicator and indicator_col")
    ind = pl.lit(indicator) if indicator is not None else pl.col(str(indicator_col)).cast(pl.String)
    out = df.select(
        ind.alias("indicator"),
        pl.col(area).cast(pl.String).alias("area"),
        pl.col(period).cast(pl.String).alias("period"),
        pl.lit(breakdown).alias("breakdown"),
        pl.col(value).cast(pl.Float64).alias("value"),
    )
    return observations_frame(out)


def with_year(df: pl.DataFrame) -> pl.DataFrame:
    """Keep annual periods ("2024") and add an Int32 column `year`; quarterly/monthly rows are dropped."""
    periods = df.select(pl.col("period").unique())
    years = periods.with_columns(
        pl.when(pl.col("period").str.contains(r"^\d{4}$"))
        .then(pl.col("period").cast(pl.Int32, strict=False))
        .otherwise(None)
        .alias("year")
    ).drop_nulls("year")
    return df.join(years, on="period", how="inner")


def annual_means(df: pl.DataFrame) -> pl.DataFrame:
    """Add annual rows for monthly ("2024M03") and quarterly ("2024K1") series: the mean of a year's
    values where all 12 months (4 quarters) have one, for series and years without an annual value
    of their own. A year with a missing month gets no annual value (missing stays missing).

    The mean keeps the unit of prices, rates and shares; for flows a change in percent is the same
    for the mean as for the sum, so trends read the same either way."""
    sub_period = pl.col("period").cast(pl.String).str.contains(r"^\d{4}(M\d{2}|K\d)$")
    if df.filter(sub_period & pl.col("value").is_not_null()).height == 0:
        return df
    keys = ["indicator", "area", "breakdown", "period"]
    # Frames read from PostgreSQL carry categorical keys: new annual periods need plain strings.
    df = df.with_columns([pl.col(c).cast(pl.String) for c in keys if df.schema[c] != pl.String])
    sub = df.filter(sub_period & pl.col("value").is_not_null())
    agg = (
        sub.with_columns(
            pl.col("period").str.slice(0, 4).alias("year_period"),
            pl.when(pl.col("period").str.contains("M")).then(12).otherwise(4).alias("per_year"),
        )
        .group_by(["indicator", "area", "breakdown", "year_period"])
        .agg(pl.col("value").mean(), pl.col("period").n_unique().alias("n"), pl.col("per_year").max())
        .filter(pl.col("n") == pl.col("per_year"))
        .rename({"year_period": "period"})
        .join(df.select(keys), on=keys, how="anti")
    )
    if agg.height == 0:
        return df
    rows = agg.select(
        [pl.col(c) if c in agg.columns else pl.lit(None, dtype=df.schema[c]).alias(c) for c in df.columns]
    )
    return pl.concat([df, rows.cast(df.schema)], how="vertical")


def annual_wide(df: pl.DataFrame, *, column: str = "value") -> pl.DataFrame:
    """Pivot annual observations of one indicator/breakdown to one row per area, one column per year (int)."""
    d = with_year(df)
    if d.select(pl.col("indicator").n_unique()).item() > 1 or d.select(pl.col("breakdown").n_unique()).item() > 1:
        raise FrameError("annual_wide needs one indicator and one breakdown; filter first")
    d = d.sort("year")
    wide = d.pivot(on="year", index="area", values=column, aggregate_function=None)
    return wide.sort("area")


def series_matrix(df: pl.DataFrame, areas: Sequence[str], years: Sequence[int], *, column: str = "value") -> Any:
    """Dense numpy array (len(areas) x len(years)) of one indicator/breakdown; NaN where missing."""
    import numpy as np

    d = with_year(df)
    pos = {a: i for i, a in enumerate(areas)}
    y0 = years[0]
    out = np.full((len(areas), len(years)), np.nan)
    a_idx = d["area"].replace_strict(pos, default=-1, return_dtype=pl.Int64).to_numpy()
    y_idx = (d["year"].to_numpy().astype(np.int64)) - y0
    vals = d[column].to_numpy().astype(float)
    ok = (a_idx >= 0) & (y_idx >= 0) & (y_idx < len(years))
    out[a_idx[ok], y_idx[ok]] = vals[ok]
    return out


# --- Peer groups ----------------------------------------------------------------------


def area_level(area: str) -> str:
    """'country' for 00, 'county' for a two-digit code, 'municipality' for four digits."""
    if area == RIKET:
        return "country"
    if len(area) == 2 and area.isdigit():
        return "county"
    if len(area) == 4 and area.isdigit():
        return "municipality"
    raise FrameError(f"not an SCB area code: {area!r}")


def default_peer_group(area: str, peer_groups: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The default peers of an area, from the reference data (no group name is looked up): the 21
    counties for a county, the 290 municipalities for a municipality. Riket never is a peer.
    `peer_groups` is not consulted (kept for callers that pass it)."""
    level = area_level(area)
    if level == "county":
        return list(COUNTY_CODES)
    if level == "municipality":
        return list(MUNICIPALITY_CODES)
    return []


def resolve_peers(
    area: str, peer_group: str | None, peer_groups: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """Peers of `area` under a named group (or the default group when None), Riket removed, sorted."""
    if peer_group is None:
        return default_peer_group(area, peer_groups)
    groups = peer_groups or {}
    if peer_group not in groups:
        raise FrameError(f"unknown peer group {peer_group!r}")
    return sorted({a for a in groups[peer_group] if a != RIKET})

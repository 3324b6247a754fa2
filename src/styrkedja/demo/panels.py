"""All-county panels for the back-tests, read from the tidy statistics files.

A panel is one indicator with a value for Riket and every county in at least `MIN_YEARS` years
(`backtest.Panel`). Tidy files (columns indicator, area_code, period, value, unit) give one panel per
indicator; SCB's population file (region_code, year, total) one more. The family comes from the unit
(`family.default_family`) unless `FAMILY_OF` states it (tourism-like series).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from styrkedja.analytics import backtest as bt
from styrkedja.analytics import family as fam
from styrkedja.analytics import forecast as fc
from styrkedja.data import COUNTY_CODES, RIKET

MIN_YEARS = 10
FAMILY_OF = {"guest_nights_total": fam.VOLATILE, "guest_nights_TOTAL": fam.VOLATILE}
AREAS = (RIKET, *COUNTY_CODES)


def _panel(name: str, unit: str, frame: pl.DataFrame) -> bt.Panel | None:
    """frame: area, year, value. None unless every area has a value in at least MIN_YEARS years."""
    frame = frame.filter(pl.col("area").is_in(AREAS) & pl.col("value").is_not_null())
    if frame.height == 0:
        return None
    years = np.arange(int(frame["year"].min()), int(frame["year"].max()) + 1, dtype=np.int64)  # type: ignore[arg-type]
    values = np.full((len(AREAS), years.size), np.nan)
    row = {a: i for i, a in enumerate(AREAS)}
    for a, y, v in frame.select("area", "year", "value").iter_rows():
        values[row[a], int(y) - int(years[0])] = float(v)
    full = np.isfinite(values).all(axis=0)
    if full.sum() < MIN_YEARS:
        return None
    cols = np.nonzero(full)[0]
    values, years = values[:, cols[0] : cols[-1] + 1], years[cols[0] : cols[-1] + 1]
    share = unit.lower().startswith(("percent", "procent", "%"))
    family = FAMILY_OF.get(name) or fam.default_family("share" if share else "count", unit)
    kind = fc.LOGIT if share else fc.LOG
    return bt.Panel(name, family, kind, "pp" if share else "percent", AREAS, 0, years, values)


def _tidy(path: Path) -> list[bt.Panel]:
    df = pl.read_csv(path, infer_schema_length=0)
    if not {"indicator", "area_code", "period", "value"} <= set(df.columns):
        return []
    df = df.filter(pl.col("period").str.contains(r"^\d{4}$")).with_columns(
        pl.col("period").cast(pl.Int64).alias("year"), pl.col("value").cast(pl.Float64, strict=False)
    )
    out: list[bt.Panel] = []
    for (name,), part in df.group_by(["indicator"], maintain_order=True):
        unit = str(part["unit"][0]) if "unit" in part.columns else ""
        p = _panel(str(name), unit, part.rename({"area_code": "area"}))
        if p is not None:
            out.append(p)
    return out


def _scb_population(path: Path) -> list[bt.Panel]:
    df = pl.read_csv(path, infer_schema_length=0).select(
        pl.col("region_code").alias("area"),
        pl.col("year").cast(pl.Int64),
        pl.col("total").cast(pl.Float64).alias("value"),
    )
    p = _panel("population_scb_1968_2015", "persons", df)
    return [p] if p is not None else []


def load_panels(directory: Path) -> list[bt.Panel]:
    """Every all-county panel with at least MIN_YEARS years in `directory` (duplicates by name dropped:
    the first file in name order wins)."""
    out: dict[str, bt.Panel] = {}
    for path in sorted(directory.glob("*.csv")):
        panels = _scb_population(path) if path.name.startswith("scb_BE0101N1_population") else _tidy(path)
        for p in panels:
            out.setdefault(p.name, p)
    return list(out.values())

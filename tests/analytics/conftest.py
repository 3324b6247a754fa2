"""Shared fixtures for analytics tests: the real county population files and small frame builders."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.frames import COUNTY_CODES, frame_from_table, observations_frame

DATA = Path(__file__).resolve().parents[2] / "src" / "styrkedja" / "demo" / "data"
EUROSTAT = DATA / "eurostat_population_nuts3_se_tidy.csv"
SCB = DATA / "original" / "scb_BE0101N1_population_county_sex_1968_2015.csv"

POP = m.IndicatorInfo(key="population_31dec", name="Befolkningen", unit="", measure_type="count", decimals=0)


def read_eurostat_plain() -> dict[str, dict[int, float]]:
    """area -> year -> value with the csv module (independent of the code under test)."""
    out: dict[str, dict[int, float]] = {}
    with EUROSTAT.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["indicator"] == "population_31dec":
                v = float(row["value"])
                prev = out.setdefault(row["area_code"], {}).setdefault(int(row["period"]), v)
                assert prev == v  # duplicated vintages agree
    return out


def read_scb_plain() -> tuple[dict[str, dict[int, float]], dict[str, str]]:
    values: dict[str, dict[int, float]] = {}
    names: dict[str, str] = {}
    with SCB.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            values.setdefault(row["region_code"], {})[int(row["year"])] = float(row["total"])
            names[row["region_code"]] = row["region_name"]
    return values, names


@pytest.fixture(scope="session")
def eurostat_obs() -> pl.DataFrame:
    raw = pl.read_csv(EUROSTAT, schema_overrides={"area_code": pl.String, "period": pl.String})
    raw = raw.filter(pl.col("indicator") == "population_31dec")
    return frame_from_table(raw, area="area_code", period="period", value="value", indicator_col="indicator")


@pytest.fixture(scope="session")
def scb_obs() -> pl.DataFrame:
    raw = pl.read_csv(SCB, schema_overrides={"region_code": pl.String, "year": pl.String})
    return frame_from_table(raw, area="region_code", period="year", value="total", indicator="population_31dec")


def make_obs(
    series: Mapping[str, Mapping[int, float | None]], indicator: str = "x", breakdown: str = "T"
) -> pl.DataFrame:
    rows = [
        {"indicator": indicator, "area": a, "period": str(y), "breakdown": breakdown, "value": v}
        for a, ys in series.items()
        for y, v in ys.items()
    ]
    return observations_frame(rows)


def spec(
    rule: m.TargetRule,
    *,
    area: str = "07",
    indicator: m.IndicatorInfo | None = None,
    key: str = "t",
    area_name: str = "Kronobergs län",
) -> m.TargetSpec:
    ind = indicator or m.IndicatorInfo(key="x", name="Indikatorn", measure_type="count")
    return m.TargetSpec(
        target_key=key, goal_key="g", goal_name="Mål", indicator=ind, area=area, area_name=area_name, rule=rule
    )


COUNTIES = list(COUNTY_CODES)

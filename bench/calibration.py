"""Print the forecast-interval coverage tables (rolling-origin back-tests on the county population panel).

    .venv/bin/python bench/calibration.py            # markdown on stdout (~1-2 min: includes the grid fit)

Training (fitting the drift sd factor k * h**gamma): SCB BE0101 1968-2015, 15-year windows,
origins 1982-2014, horizons 1-5. Validation: Eurostat 1999-2024, 11-year windows, origins
2009-2019, horizons 1-5, plus the 2014 -> 2024 case.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from styrkedja.analytics import forecast as fc
from styrkedja.analytics.calibration import backtest, fit_inflation, pooled_coverage
from styrkedja.analytics.frames import COUNTY_CODES, frame_from_table

DATA = Path(__file__).resolve().parents[1] / "src" / "styrkedja" / "demo" / "data"


def load() -> tuple[pl.DataFrame, pl.DataFrame]:
    scb = pl.read_csv(
        DATA / "scb_BE0101N1_population_county_sex_1968_2015.csv",
        schema_overrides={"region_code": pl.String, "year": pl.String},
    )
    scb_obs = frame_from_table(scb, area="region_code", period="year", value="total", indicator="population")
    eu = pl.read_csv(
        DATA / "eurostat_population_nuts3_se_tidy.csv", schema_overrides={"area_code": pl.String, "period": pl.String}
    )
    eu = eu.filter(pl.col("indicator") == "population_31dec")
    eu_obs = frame_from_table(eu, area="area_code", period="period", value="value", indicator_col="indicator")
    return scb_obs, eu_obs


def markdown(table: pl.DataFrame) -> str:
    lines = ["| method | case | horizon | n | coverage | mean rel. width |", "|---|---|---|---|---|---|"]
    for r in table.iter_rows(named=True):
        case = r["case"] or "rolling"
        lines.append(
            f"| {r['method']} | {case} | {r['horizon']} | {r['n']} | {r['coverage']:.3f} | {r['mean_rel_width']:.4f} |"
        )
    return "\n".join(lines)


def main() -> int:
    scb, eu = load()
    areas = list(COUNTY_CODES)
    hs = (1, 2, 3, 4, 5)
    k, g, _ = fit_inflation(scb, areas=areas, origins=range(1982, 2015), horizons=hs)
    print("## Training: SCB 1968-2015, window 15, origins 1982-2014\n")
    print(
        f"Grid fit: k = {k:.2f}, gamma = {g:.2f} "
        f"(in code: k = {fc.DRIFT_SD_INFLATION}, gamma = {fc.DRIFT_SD_HORIZON_POWER})\n"
    )
    settings = (
        ("textbook (k = 1, gamma = 0)", 1.0, 0.0),
        ("calibrated", fc.DRIFT_SD_INFLATION, fc.DRIFT_SD_HORIZON_POWER),
    )
    for label, kk, gg in settings:
        t = backtest(scb, areas=areas, origins=range(1982, 2015), horizons=hs, inflation=1.0, horizon_power=0.0)
        if kk != 1.0:
            drift = backtest(
                scb,
                areas=areas,
                origins=range(1982, 2015),
                horizons=hs,
                methods=("drift",),
                inflation=kk,
                horizon_power=gg,
            )
            t = pl.concat([drift, t.filter(pl.col("method") != "drift")]).sort("case", "method", "horizon")
        print(f"### SCB, {label}; pooled drift coverage {pooled_coverage(t):.3f}\n\n{markdown(t)}\n")
    for label, kk, gg in settings:
        kw = {"areas": areas, "origins": range(2009, 2020), "horizons": hs, "window": 11, "cases": ((2014, 10),)}
        t = backtest(eu, inflation=1.0, horizon_power=0.0, **kw)  # type: ignore[arg-type]
        if kk != 1.0:
            drift = backtest(eu, methods=("drift",), inflation=kk, horizon_power=gg, **kw)  # type: ignore[arg-type]
            t = pl.concat([drift, t.filter(pl.col("method") != "drift")]).sort("case", "method", "horizon")
        print(
            f"### Validation: Eurostat 1999-2024, window 11, origins 2009-2019, {label}; "
            f"pooled drift coverage {pooled_coverage(t):.3f}\n\n{markdown(t)}\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

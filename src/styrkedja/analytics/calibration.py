"""Rolling-origin back-tests of the forecast intervals on a panel (e.g. the 21 counties).

For every origin year o and horizon h, each model is fitted to every series using the years
(o - window + 1) .. o only, and the central `level` interval for year o + h is checked against
the held-out value. The result is the empirical coverage per method and horizon.

How the default's calibration factor was chosen (`forecast.DRIFT_SD_INFLATION`):

* Training: SCB BE0101 county population 1968-2015 (21 counties), 15-year windows, origins
  1982..(2015 - h), horizons 1..5. `fit_inflation` finds the smallest factor k on a grid
  (step 0.05) for which the pooled coverage of the drift model's 80 % interval reaches 80 %.
* Validation: Eurostat county population 1999-2024 (a different source and period), origins
  2009..2019, horizons 1..5, plus the 2014 -> 2024 case (h = 10); see
  docs/forecast-calibration.md for the table (produced by bench/calibration.py).

A single multiplicative factor keeps the method transparent (the interval is the textbook
drift interval, widened by a stated amount) and it can be re-fitted for other indicator
families with the same function. Back-test errors are correlated across counties and
overlapping origins, so the effective sample is much smaller than the count of pseudo-forecasts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from styrkedja.analytics import forecast as fc
from styrkedja.analytics.frames import series_matrix

METHODS = ("drift", "ols_trend", "ets_damped")


def _intervals(
    z: fc.FloatArray,
    years: fc.IntArray,
    target_year: int,
    method: str,
    level: float,
    inflation: float,
    power: float,
) -> tuple[fc.FloatArray, fc.FloatArray]:
    if method == "drift":
        d = fc.fit_drift(z, years)
        mean, sd = d.predict(target_year, inflation, power)
        return fc.t_interval(mean, sd, d.df, level)
    if method == "ols_trend":
        o = fc.fit_ols(z, years)
        mean, sd = o.predict(target_year, inflation)
        return fc.t_interval(mean, sd, o.df, level)
    e = fc.fit_ets_damped(z, years)
    mean, sd = e.predict(target_year)
    return fc.t_interval(mean, inflation * sd, np.full(mean.shape, np.inf), level)


def backtest(
    observations: pl.DataFrame,
    *,
    areas: Sequence[str],
    origins: Sequence[int],
    horizons: Sequence[int],
    methods: Sequence[str] = METHODS,
    window: int = 15,
    level: float = 0.8,
    inflation: float = 1.0,
    horizon_power: float = 0.0,
    transform: str = fc.LOG,
    cases: Sequence[tuple[int, int]] = (),
) -> pl.DataFrame:
    """Coverage table: one row per (method, horizon) with n, hits, coverage, mean relative width.

    `observations` holds one indicator/breakdown (a frame per `frames.observations_frame`).
    `cases` adds single (origin, horizon) pairs, e.g. (2014, 10), reported with `case` set.
    `inflation` multiplies every method's predictive sd (1.0 = textbook formulas); the drift's sd is
    further multiplied by h**horizon_power."""
    years_all = sorted(int(p) for p in observations["period"].unique().to_list() if str(p).isdigit())
    grid = np.arange(years_all[0], years_all[-1] + 1, dtype=np.int64)
    mat = series_matrix(observations, list(areas), grid.tolist())
    z_all = fc.transform(mat, transform)
    rows: list[dict[str, object]] = []
    pairs = [(o, h, "") for o in origins for h in horizons] + [(o, h, f"{o}->{o + h}") for o, h in cases]
    for origin, h, case in pairs:
        target = origin + h
        if target > grid[-1] or origin - window + 1 < grid[0]:
            continue
        cols = (grid >= origin - window + 1) & (grid <= origin)
        actual = z_all[:, int(np.searchsorted(grid, target))]
        for method in methods:
            power = horizon_power if method == "drift" else 0.0
            lo, hi = _intervals(z_all[:, cols], grid[cols], target, method, level, inflation, power)
            ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(actual)
            hit = (actual >= lo) & (actual <= hi) & ok
            width = fc.inverse(hi, transform) / fc.inverse(lo, transform) - 1 if transform == fc.LOG else hi - lo
            rows.extend(
                {
                    "method": method,
                    "case": case,
                    "origin": origin,
                    "horizon": h,
                    "hit": bool(hit[i]),
                    "width": float(width[i]),
                }
                for i in np.nonzero(ok)[0]
            )
    detail = pl.DataFrame(
        rows,
        schema={
            "method": pl.String,
            "case": pl.String,
            "origin": pl.Int64,
            "horizon": pl.Int64,
            "hit": pl.Boolean,
            "width": pl.Float64,
        },
    )
    return (
        detail.group_by("method", "case", "horizon")
        .agg(
            pl.len().alias("n"),
            pl.col("hit").sum().alias("hits"),
            pl.col("hit").mean().alias("coverage"),
            pl.col("width").mean().alias("mean_rel_width"),
        )
        .sort("case", "method", "horizon")
    )


def pooled_coverage(table: pl.DataFrame, method: str = "drift") -> float:
    """Coverage over all horizons (excluding single cases) for one method."""
    t = table.filter((pl.col("method") == method) & (pl.col("case") == ""))
    hits = int(t["hits"].sum())
    n = int(t["n"].sum())
    return hits / n if n else float("nan")


def fit_inflation(
    observations: pl.DataFrame,
    *,
    areas: Sequence[str],
    origins: Sequence[int],
    horizons: Sequence[int],
    window: int = 15,
    level: float = 0.8,
    k_grid: Sequence[float] = tuple(np.round(np.arange(1.0, 2.01, 0.05), 2)),
    power_grid: Sequence[float] = tuple(np.round(np.arange(0.0, 0.61, 0.05), 2)),
) -> tuple[float, float, pl.DataFrame]:
    """Grid search for (k, gamma) in sd * k * h**gamma minimising the worst absolute deviation of
    the drift model's per-horizon coverage from `level`. Returns (k, gamma, table at the optimum)."""
    best: tuple[float, float, float, pl.DataFrame] | None = None
    for k in k_grid:
        for g in power_grid:
            table = backtest(
                observations, areas=areas, origins=origins, horizons=horizons, methods=("drift",),
                window=window, level=level, inflation=float(k), horizon_power=float(g),
            )  # fmt: skip
            worst = float((table["coverage"] - level).abs().max())  # type: ignore[arg-type]
            if best is None or worst < best[0] - 1e-12:
                best = (worst, float(k), float(g), table)
    assert best is not None
    return best[1], best[2], best[3]

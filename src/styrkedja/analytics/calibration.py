"""Rolling-origin back-tests and the calibration of the default forecast's intervals.

Two tools:

* `backtest`: for every origin year o and horizon h, each model (drift, OLS trend, ETS) is fitted
  to every series on the years (o - window + 1) .. o only, and its central `level` interval for
  year o + h is checked against the held-out value: the empirical coverage per method and horizon.
* `scaled_errors` / `fit_scale` / `leave_one_area_out` / `sequential_coverage`: the drift
  default's calibration as a per-horizon conformal factor.

How the default is calibrated (`forecast.DRIFT_SD_INFLATION`, `DRIFT_SD_HORIZON_POWER`,
`DRIFT_SD_HORIZON_CAP`, applied by `forecast.calibrated_scale`):

1. Score every rolling-origin pseudo-forecast of the panel (21 counties x origins x horizons):
   `score = |y_{o+h} - yhat| / (sd_h * t_{df, (1 + level)/2})` on the log scale, with the
   textbook drift sd. The textbook interval covers the value exactly when score <= 1; a factor c
   covers it when score <= c. So the conformal factor for horizon h is the `level` quantile of
   the scores at h (split-conformal, with the usual (n + 1) correction at the fold level).
2. Summarise the factors over horizons by `c(h) = k * min(h, H)**gamma`: `fit_scale` picks (k, gamma)
   on a grid minimising the worst per-horizon deviation of the coverage from `level`. Two numbers
   instead of a table keep it transparent, interpolate smoothly and let the factor be held
   constant beyond the largest back-tested horizon H instead of extrapolating.
3. Honest validation, never scoring a point with a factor fitted on it:
   `leave_one_area_out` fits (k, gamma) on the other 20 counties' scores and scores the held-out
   county; `sequential_coverage` fits at each origin only on errors whose outcome year is at most
   that origin (what a forecaster could have known then).

Shipped default: fitted on the Eurostat county population panel 1999-2024 (11-year windows,
origins 2009-2023, horizons 1-10), k = 1.60, gamma = 0.48, H = 10. Leave-one-county-out coverage
of the 80 % interval on origins 2009-2019 is 0.77-0.81 per horizon 1-5 (pooled 0.78). Caveats
(docs/forecast-calibration.md): errors are correlated across counties (a common shock such as the
2015-2016 asylum migration is seen through the other counties), so leave-one-county-out is
out-of-sample across areas but not across time; the strictly time-respecting check covers only
about 0.7 because nothing before 2015 resembled that shock; and on the calmer SCB history
1968-2015 the calibrated interval over-covers (about 0.9). Coverage is unconditional: close to
nominal on average over 2009-2019, far below it for origins just before the shock and above it
elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import stats

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
    grid, z_all = _model_matrix(observations, areas, transform)
    rows: list[dict[str, object]] = []
    pairs = [(o, h, "") for o in origins for h in horizons] + [(o, h, f"{o}->{o + h}") for o, h in cases]
    for origin, h, case in pairs:
        if origin + h > grid[-1] or origin - window + 1 < grid[0]:
            continue
        for method in methods:
            power = horizon_power if method == "drift" else 0.0
            checks = _checks(z_all, grid, origin, h, window, method, level, inflation, power, transform)
            rows.extend({"method": method, "case": case, "origin": origin, "horizon": h, **c} for c in checks)
    return _coverage_table(rows)


def _model_matrix(
    observations: pl.DataFrame, areas: Sequence[str], transform: str
) -> tuple[fc.IntArray, fc.FloatArray]:
    """(consecutive years, areas x years on the model scale) of one indicator's observations."""
    years_all = sorted(int(p) for p in observations["period"].unique().to_list() if str(p).isdigit())
    grid = np.arange(years_all[0], years_all[-1] + 1, dtype=np.int64)
    mat = series_matrix(observations, list(areas), grid.tolist())
    return grid, fc.transform(mat, transform)


def _checks(
    z_all: fc.FloatArray,
    grid: fc.IntArray,
    origin: int,
    h: int,
    window: int,
    method: str,
    level: float,
    inflation: float,
    power: float,
    transform: str,
) -> list[dict[str, object]]:
    """One method's interval for origin + h, fitted on the window ending at `origin`, checked
    against every area's held-out value: hit and relative width per area with a value."""
    target = origin + h
    cols = (grid >= origin - window + 1) & (grid <= origin)
    actual = z_all[:, int(np.searchsorted(grid, target))]
    lo, hi = _intervals(z_all[:, cols], grid[cols], target, method, level, inflation, power)
    ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(actual)
    hit = (actual >= lo) & (actual <= hi) & ok
    width = fc.inverse(hi, transform) / fc.inverse(lo, transform) - 1 if transform == fc.LOG else hi - lo
    return [{"hit": bool(hit[i]), "width": float(width[i])} for i in np.nonzero(ok)[0]]


def _coverage_table(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Per (method, case, horizon): n, hits, coverage and mean relative width of the checks."""
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


def scaled_errors(
    observations: pl.DataFrame,
    *,
    areas: Sequence[str],
    origins: Sequence[int],
    horizons: Sequence[int],
    window: int | None = 11,
    level: float = 0.8,
    transform: str = fc.LOG,
) -> pl.DataFrame:
    """Conformal scores of the textbook drift forecast: one row per (area, origin, horizon) with the
    held-out value present, columns area, origin, horizon, outcome (= origin + horizon), score.

    `score = |z - mean| / (sd * q)` with the textbook sd (k = 1, gamma = 0) and q the Student t
    quantile of the central `level` interval: the factor the sd needs for this value to be inside.
    `window` = years per fit ending at the origin; None = every year from the first (expanding)."""
    years_all = sorted(int(p) for p in observations["period"].unique().to_list() if str(p).isdigit())
    grid = np.arange(years_all[0], years_all[-1] + 1, dtype=np.int64)
    z_all = fc.transform(series_matrix(observations, list(areas), grid.tolist()), transform)
    hs = np.asarray(sorted(horizons), dtype=np.int64)
    parts: list[pl.DataFrame] = []
    for origin in origins:
        start = grid[0] if window is None else origin - window + 1
        if start < grid[0] or origin > grid[-1]:
            continue
        cols = (grid >= start) & (grid <= origin)
        fit = fc.fit_drift(z_all[:, cols], grid[cols])
        ok_h = hs[origin + hs <= grid[-1]]
        if ok_h.size == 0:
            continue
        targets = (origin + ok_h).astype(float)
        mean_t, sd_t = fit.predict(targets[:, None])  # textbook; (horizons x areas)
        q = stats.t.ppf(0.5 + level / 2, np.where(np.isfinite(fit.df) & (fit.df > 0), fit.df, np.inf))
        actual = z_all[:, np.searchsorted(grid, origin + ok_h)]
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.abs(actual - mean_t.T) / (sd_t.T * q[:, None])
        n_a = len(areas)
        parts.append(
            pl.DataFrame(
                {
                    "area": np.repeat(np.asarray(list(areas)), ok_h.size),
                    "origin": np.full(n_a * ok_h.size, origin, dtype=np.int64),
                    "horizon": np.tile(ok_h, n_a),
                    "score": score.ravel(),
                }
            )
        )
    schema = {"area": pl.String, "origin": pl.Int64, "horizon": pl.Int64, "score": pl.Float64}
    out = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    return (
        out.filter(pl.col("score").is_finite())
        .with_columns((pl.col("origin") + pl.col("horizon")).alias("outcome"))
        .select("area", "origin", "horizon", "outcome", "score")
    )


K_GRID: tuple[float, ...] = tuple(float(x) for x in np.round(np.arange(1.0, 3.001, 0.01), 2))
POWER_GRID: tuple[float, ...] = tuple(float(x) for x in np.round(np.arange(0.0, 1.001, 0.01), 2))


def _coverage_grid(
    sorted_scores: list[fc.FloatArray], hs: fc.FloatArray, k: fc.FloatArray, g: fc.FloatArray, cap: float
) -> fc.FloatArray:
    """Coverage (k x gamma x horizon) of the factors k * min(h, cap)**gamma."""
    factor = k[:, None, None] * np.minimum(hs, cap)[None, None, :] ** g[None, :, None]
    return np.stack(
        [np.searchsorted(s, factor[:, :, j], side="right") / s.size for j, s in enumerate(sorted_scores)], axis=-1
    )


def fit_scale(
    scores: pl.DataFrame,
    *,
    horizons: Sequence[int],
    level: float = 0.8,
    cap: float = fc.DRIFT_SD_HORIZON_CAP,
    k_grid: Sequence[float] = K_GRID,
    power_grid: Sequence[float] = POWER_GRID,
) -> tuple[float, float]:
    """(k, gamma) on the grid minimising the worst absolute deviation of the per-horizon coverage
    (score <= k * min(h, cap)**gamma) from `level`, over `horizons`. Ties: the smallest k, then gamma."""
    hs = [h for h in sorted(horizons) if scores.filter(pl.col("horizon") == h).height]
    if not hs:
        raise ValueError("no scores for the requested horizons")
    per_h = [np.sort(scores.filter(pl.col("horizon") == h)["score"].to_numpy()) for h in hs]
    k, g = np.asarray(k_grid, dtype=float), np.asarray(power_grid, dtype=float)
    cov = _coverage_grid(per_h, np.asarray(hs, dtype=float), k, g, cap)
    worst = np.abs(cov - level).max(axis=-1)
    i, j = np.unravel_index(int(np.argmin(worst)), worst.shape)
    return float(k[i]), float(g[j])


def coverage_of_scale(
    scores: pl.DataFrame, k: float, gamma: float, cap: float = fc.DRIFT_SD_HORIZON_CAP
) -> pl.DataFrame:
    """Per horizon: n, hits, coverage of the interval whose sd is multiplied by k * min(h, cap)**gamma."""
    factor = k * pl.min_horizontal(pl.col("horizon").cast(pl.Float64), pl.lit(float(cap))) ** gamma
    return _table(scores.with_columns((pl.col("score") <= factor).alias("hit")))


def _table(hits: pl.DataFrame) -> pl.DataFrame:
    return (
        hits.group_by("horizon")
        .agg(pl.len().alias("n"), pl.col("hit").sum().alias("hits"), pl.col("hit").mean().alias("coverage"))
        .sort("horizon")
    )


def pooled(table: pl.DataFrame) -> float:
    """Pooled coverage of a per-horizon table (hits / n over its rows)."""
    n = int(table["n"].sum())
    return int(table["hits"].sum()) / n if n else float("nan")


def leave_one_area_out(
    scores: pl.DataFrame,
    test: pl.DataFrame,
    *,
    fit_horizons: Sequence[int],
    level: float = 0.8,
    cap: float = fc.DRIFT_SD_HORIZON_CAP,
) -> pl.DataFrame:
    """Coverage of `test` scores when each area's scores are judged with (k, gamma) fitted by
    `fit_scale` on the other areas' `scores` only. Returns the per-horizon table (n, hits, coverage)."""
    out: list[pl.DataFrame] = []
    for area in sorted(set(test["area"].to_list())):
        k, g = fit_scale(scores.filter(pl.col("area") != area), horizons=fit_horizons, level=level, cap=cap)
        t = test.filter(pl.col("area") == area)
        factor = k * np.minimum(t["horizon"].to_numpy().astype(float), cap) ** g
        out.append(t.with_columns(pl.Series("hit", t["score"].to_numpy() <= factor)))
    return _table(pl.concat(out))


def sequential_coverage(
    scores: pl.DataFrame,
    test: pl.DataFrame,
    *,
    fit_horizons: Sequence[int],
    level: float = 0.8,
    cap: float = fc.DRIFT_SD_HORIZON_CAP,
    min_per_horizon: int = 21,
) -> pl.DataFrame:
    """Strictly time-respecting check: a test score from origin o is judged with (k, gamma) fitted on
    the `scores` whose outcome year is <= o (errors observable at the origin), using only horizons
    with at least `min_per_horizon` such scores. Origins without any usable horizon are skipped."""
    out: list[pl.DataFrame] = []
    for origin in sorted(set(test["origin"].to_list())):
        past = scores.filter(pl.col("outcome") <= origin)
        counts = past.group_by("horizon").len()
        hs = [int(h) for h, n in counts.iter_rows() if n >= min_per_horizon and h in set(fit_horizons)]
        if not hs:
            continue
        k, g = fit_scale(past, horizons=hs, level=level, cap=cap)
        t = test.filter(pl.col("origin") == origin)
        factor = k * np.minimum(t["horizon"].to_numpy().astype(float), cap) ** g
        out.append(t.with_columns(pl.Series("hit", t["score"].to_numpy() <= factor)))
    return _table(pl.concat(out))

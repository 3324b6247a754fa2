"""Calibration of the default forecast's 80 % interval on the shipped county population series."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from scipy import stats

from styrkedja.analytics import calibration as cal
from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.frames import COUNTY_CODES, series_matrix

from .conftest import POP, read_eurostat_plain, spec

AREAS = list(COUNTY_CODES)
FIT_H = tuple(range(1, 11))


@pytest.fixture(scope="module")
def pool(eurostat_obs: pl.DataFrame) -> pl.DataFrame:
    """Conformal scores of the Eurostat panel: 11-year windows, origins 2009-2023, horizons 1-10."""
    return cal.scaled_errors(eurostat_obs, areas=AREAS, origins=range(2009, 2024), horizons=FIT_H, window=11)


def _bar(scores: pl.DataFrame) -> pl.DataFrame:
    return scores.filter(pl.col("origin").is_between(2009, 2019) & (pl.col("horizon") <= 5))


def test_leave_one_county_out_coverage_meets_the_bar(pool: pl.DataFrame) -> None:
    # The bar: the 80 % interval covers 75-85 % of held-out values; each county is scored with
    # a factor fitted on the other 20 counties only (never on the points scored).
    table = cal.leave_one_area_out(pool, _bar(pool), fit_horizons=FIT_H)
    assert table["horizon"].to_list() == [1, 2, 3, 4, 5]
    assert table["n"].to_list() == [231] * 5
    assert 0.75 <= cal.pooled(table) <= 0.85
    for cov in table["coverage"].to_list():
        assert 0.75 <= cov <= 0.85


def test_textbook_interval_undercovers_and_old_default_missed_the_bar(pool: pl.DataFrame) -> None:
    test = _bar(pool)
    assert cal.pooled(cal.coverage_of_scale(test, 1.0, 0.0)) < 0.5
    assert cal.pooled(cal.coverage_of_scale(test, 1.25, 0.35)) < 0.7


def test_shipped_constants_are_the_fit_on_the_pool(pool: pl.DataFrame) -> None:
    k, g = cal.fit_scale(pool, horizons=FIT_H)
    assert (k, g) == (fc.DRIFT_SD_INFLATION, fc.DRIFT_SD_HORIZON_POWER)


def test_scores_agree_with_the_interval_backtest(eurostat_obs: pl.DataFrame, pool: pl.DataFrame) -> None:
    # score <= c  <=>  the interval with sd * c covers the value: same hits as `backtest`
    k, g = fc.DRIFT_SD_INFLATION, fc.DRIFT_SD_HORIZON_POWER
    bt = cal.backtest(
        eurostat_obs, areas=AREAS, origins=range(2009, 2020), horizons=(1, 3, 5), methods=("drift",),
        window=11, inflation=k, horizon_power=g,
    )  # fmt: skip
    mine = cal.coverage_of_scale(pool.filter(pl.col("origin").is_between(2009, 2019)), k, g)
    for h in (1, 3, 5):
        a = bt.filter(pl.col("horizon") == h)
        b = mine.filter(pl.col("horizon") == h)
        assert (int(a["n"][0]), int(a["hits"][0])) == (int(b["n"][0]), int(b["hits"][0]))


def test_sequential_check_runs_and_is_reported_honestly(scb_obs: pl.DataFrame, pool: pl.DataFrame) -> None:
    # Strictly time-respecting: nothing before 2015 resembled the 2015-2016 shock, so it under-covers.
    scb = cal.scaled_errors(scb_obs, areas=AREAS, origins=range(1982, 2015), horizons=FIT_H, window=15)
    table = cal.sequential_coverage(pl.concat([scb, pool]), _bar(pool), fit_horizons=FIT_H)
    assert int(table["n"].sum()) == 5 * 231
    assert 0.55 < cal.pooled(table) < 0.75


def test_calibrated_scale_is_vectorised_and_held_constant_beyond_the_cap() -> None:
    h = np.array([0.0, 1.0, 4.0, 10.0, 16.0])
    s = fc.calibrated_scale(h)
    k, g = fc.DRIFT_SD_INFLATION, fc.DRIFT_SD_HORIZON_POWER
    assert s.shape == (5,)
    assert s[1] == pytest.approx(k)
    assert s[2] == pytest.approx(k * 4**g)
    assert s[4] == s[3] == pytest.approx(k * fc.DRIFT_SD_HORIZON_CAP**g)
    assert fc.calibrated_scale(h, 1.0, 0.0).tolist() == [1.0] * 5


def test_evaluate_uses_the_calibrated_distribution_for_interval_and_probability(
    eurostat_obs: pl.DataFrame,
) -> None:
    # The factor is learnt at the evaluation from the errors in the data given (the level family:
    # every county's population); given that factor, a plain computation gives the same P to 1e-6.
    values = read_eurostat_plain()["07"]
    years = sorted(y for y in values if y <= 2024)
    z = np.log(np.array([values[y] for y in years]))
    h = 2030 - years[-1]
    thr = 210_000.0
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=thr, operator=">=")
    res = evaluate([spec(rule, indicator=POP)], eurostat_obs, as_of=date(2026, 1, 1))[0]
    assert res.forecast is not None
    factor = res.forecast.sd_inflation
    obs = eurostat_obs.filter(pl.col("indicator") == POP.key)
    grid = sorted({int(p) for p in obs["period"].to_list() if int(p) <= 2026})
    mat = fc.transform(series_matrix(obs, sorted(set(obs["area"].to_list())), grid), fc.LOG)
    learnt = cf.learn_scales({"level": [(mat, np.array(grid))]})["level"]
    assert learnt.source == cf.FAMILY and learnt.n > 1000
    assert factor == pytest.approx(learnt.k * min(h, 10) ** learnt.gamma, rel=1e-12)
    assert (learnt.k, learnt.gamma) != (fc.DRIFT_SD_INFLATION, fc.DRIFT_SD_HORIZON_POWER)
    textbook = np.std(np.diff(z), ddof=1) * np.sqrt(h * (1 + h / (len(z) - 1)))
    sd = textbook * factor
    mean = z[-1] + h * (z[-1] - z[0]) / (len(z) - 1)
    p = 1 - stats.t.cdf((np.log(thr) - mean) / sd, len(z) - 2)
    assert res.probability == pytest.approx(p, abs=1e-6)
    q = stats.t.ppf(0.9, len(z) - 2)
    assert res.forecast.lo == pytest.approx(np.exp(mean - q * sd), rel=1e-10)
    assert res.forecast.hi == pytest.approx(np.exp(mean + q * sd), rel=1e-10)


def test_drift_scores_match_a_plain_loop() -> None:
    rng = np.random.default_rng(3)
    z = np.cumsum(rng.normal(0.01, 0.02, size=(4, 12)), axis=1)
    z[1, :3] = np.nan  # a shorter series
    years = np.arange(2000, 2012)
    got = cf.drift_scores(z, years, level=0.8, max_h=3).sort("origin", "horizon", "score")
    rows = []
    for a in range(4):
        for j in range(2, 11):
            hist = z[a, : j + 1]
            hist = hist[np.isfinite(hist)]
            if hist.size < 3:
                continue
            d = np.diff(hist)
            b = (hist[-1] - hist[0]) / (hist.size - 1)
            s = np.sqrt(np.sum((d - b) ** 2) / (d.size - 1))
            for h in range(1, 4):
                if j + h > 11:
                    continue
                sd = s * np.sqrt(h * (1 + h / (hist.size - 1))) * stats.t.ppf(0.9, d.size - 1)
                rows.append((int(years[j]), h, abs(z[a, j + h] - hist[-1] - h * b) / sd))
    want = sorted(rows)
    assert [(o, h) for o, h, _ in want] == list(zip(got["origin"].to_list(), got["horizon"].to_list(), strict=True))
    assert np.allclose([x for _, _, x in want], got["score"].to_numpy(), rtol=1e-12)

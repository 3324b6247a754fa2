"""Forecast formulas against statsmodels and by hand; seeded simulation."""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pytest
from scipy import stats

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate

from .conftest import POP, read_eurostat_plain, spec

Y = np.array([3.1, 3.9, 4.2, 5.8, 6.1, 6.0, 7.4, 8.2, 8.1, 9.7, 10.3, 10.9])
YEARS = np.arange(2010, 2010 + Y.size, dtype=np.int64)


def test_ols_matches_statsmodels_get_prediction() -> None:
    sm = pytest.importorskip("statsmodels.api")
    t0 = 2030
    res = sm.OLS(Y, sm.add_constant(YEARS.astype(float))).fit()
    sf = res.get_prediction(np.array([[1.0, float(t0)]])).summary_frame(alpha=0.2)
    se_pred = float(np.sqrt(sf["mean_se"].iloc[0] ** 2 + res.scale))
    fit = fc.fit_ols(Y[None, :], YEARS)
    mean, se = fit.predict(t0)
    assert mean[0] == pytest.approx(float(sf["mean"].iloc[0]), abs=1e-8)
    assert se[0] == pytest.approx(se_pred, abs=1e-8)
    lo, hi = fc.t_interval(mean, se, fit.df, 0.8)
    assert lo[0] == pytest.approx(float(sf["obs_ci_lower"].iloc[0]), abs=1e-8)
    assert hi[0] == pytest.approx(float(sf["obs_ci_upper"].iloc[0]), abs=1e-8)


def test_drift_point_matches_arima_and_variance_matches_hand_formula() -> None:
    arima = pytest.importorskip("statsmodels.tsa.arima.model")
    h = 6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = arima.ARIMA(Y, order=(0, 1, 0), trend="t").fit(method="innovations_mle")
        sm_mean = res.get_forecast(h).predicted_mean
    fit = fc.fit_drift(Y[None, :], YEARS)
    mean, sd = fit.predict(YEARS[-1] + h)
    # the drift's maximum-likelihood estimate is the mean of the differences
    assert mean[0] == pytest.approx(float(sm_mean[-1]), abs=1e-8)
    b = (Y[-1] - Y[0]) / (Y.size - 1)
    assert mean[0] == pytest.approx(Y[-1] + h * b, abs=1e-12)
    # hand formula, including the drift's estimation error
    d = np.diff(Y)
    sigma = np.std(d, ddof=1)
    t_count = Y.size
    assert sd[0] == pytest.approx(sigma * np.sqrt(h * (1 + h / (t_count - 1))), abs=1e-12)
    assert fit.df[0] == t_count - 2
    # statsmodels' variance is sigma2_mle * h: it ignores the drift's estimation error
    sm_var = float(res.get_forecast(h).var_pred_mean[-1])
    assert sm_var == pytest.approx(np.var(d, ddof=0) * h, abs=1e-8)
    assert sd[0] ** 2 > sm_var


def test_drift_with_interior_gap() -> None:
    y = np.array([1.0, 2.0, np.nan, 4.0, 5.0])
    fit = fc.fit_drift(y[None, :], np.arange(2000, 2005, dtype=np.int64))
    assert fit.slope[0] == pytest.approx(1.0)
    assert fit.sigma[0] == pytest.approx(0.0)
    assert fit.df[0] == 2  # three pairs (one spans two years)


def test_probability_from_t_distribution() -> None:
    fit = fc.fit_drift(Y[None, :], YEARS)
    mean, sd = fit.predict(2030)
    thr = 14.0
    p = fc.prob_meets(mean, sd, fit.df, np.array([thr]), ">=")
    assert p[0] == pytest.approx(1 - stats.t.cdf((thr - mean[0]) / sd[0], Y.size - 2))
    assert fc.prob_meets(mean, sd, fit.df, np.array([thr]), "<")[0] == pytest.approx(1 - p[0])


def test_ets_damped_recovers_a_line_approximately_and_is_finite() -> None:
    y = 10 + 0.5 * np.arange(15.0)
    fit = fc.fit_ets_damped(y[None, :], np.arange(2000, 2015, dtype=np.int64))
    mean, sd = fit.predict(2016)
    assert np.isfinite(mean[0]) and np.isfinite(sd[0])
    assert mean[0] == pytest.approx(y[-1] + 2 * 0.5, rel=0.02)


def test_transforms_round_trip() -> None:
    x = np.array([0.5, 12.0, 99.0])
    for kind in (fc.LOG, fc.LOGIT, fc.IDENTITY):
        assert np.allclose(fc.inverse(fc.transform(x, kind), kind), x)
    assert fc.choose_transform("share", "%", x) == fc.LOGIT
    assert fc.choose_transform("count", "", x) == fc.LOG
    assert fc.choose_transform("count", "", np.array([-1.0, 2.0])) == fc.IDENTITY


def test_seeded_simulation_is_reproducible(eurostat_obs) -> None:  # type: ignore[no-untyped-def]
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2027, base_year=2014, benchmark="peer_median", operator=">"
    )
    specs = [spec(rule, area=a, indicator=POP, key=a) for a in ("07", "13", "06")]
    a = evaluate(specs, eurostat_obs, as_of=date(2026, 1, 1), seed=7, n_sims=500)
    b = evaluate(specs, eurostat_obs, as_of=date(2026, 1, 1), seed=7, n_sims=500)
    assert [r.probability for r in a] == [r.probability for r in b]
    # a target's probability does not depend on the other specs evaluated with it
    alone = evaluate(specs[1:2], eurostat_obs, as_of=date(2026, 1, 1), seed=7, n_sims=500)
    assert alone[0].probability == a[1].probability
    c = evaluate(specs, eurostat_obs, as_of=date(2026, 1, 1), seed=8, n_sims=500)
    assert [r.probability for r in c] != [r.probability for r in a]


def test_simulated_probability_matches_analytic_for_riket_free_absolute_case(eurostat_obs) -> None:  # type: ignore[no-untyped-def]
    # Kronoberg level target: analytic P from the drift model on the log scale, by hand
    values = read_eurostat_plain()["07"]
    years = sorted(y for y in values if y <= 2024)
    z = np.log(np.array([values[y] for y in years]))
    b = (z[-1] - z[0]) / (len(z) - 1)
    sigma = np.std(np.diff(z), ddof=1)
    h = 2030 - years[-1]
    sd = sigma * np.sqrt(h * (1 + h / (len(z) - 1)))
    mean = z[-1] + h * b
    thr = 210_000.0
    p = 1 - stats.t.cdf((np.log(thr) - mean) / sd, len(z) - 2)
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=thr, operator=">=")
    res = evaluate(
        [spec(rule, indicator=POP)], eurostat_obs, as_of=date(2026, 1, 1), sd_inflation=1.0, horizon_power=0.0
    )[0]
    assert res.probability == pytest.approx(p, abs=1e-10)
    assert res.forecast is not None
    assert res.forecast.point == pytest.approx(np.exp(mean), rel=1e-12)
    q = stats.t.ppf(0.9, len(z) - 2)
    assert res.forecast.lo == pytest.approx(np.exp(mean - q * sd), rel=1e-12)
    assert res.forecast.ets_point is not None and res.forecast.ols_point is not None

"""Forecast fans stay within what the data support (issue 14, point 4).

* A count modelled on its own scale (it has zeros, so no log) never gets a negative lower bound or
  point; the probabilities are those of the uncensored distribution, checked with scipy.
* The calibration factor is held constant beyond the largest horizon its back-test errors reached,
  never extrapolated."""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy import stats

from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.data import COUNTY_CODES

from .conftest import make_obs, spec

COUNT = m.IndicatorInfo(key="x", name="Antal", measure_type="count", unit="st")


def _small_counts() -> dict[str, dict[int, float]]:
    """Small counts (a few a year, some years none): modelled on their own scale, no log."""
    rng = np.random.default_rng(11)
    out = {a: {2013 + i: float(v) for i, v in enumerate(rng.poisson(3.0, 12))} for a in ("00", *COUNTY_CODES)}
    out["07"][2018] = 0.0
    return out


def test_a_small_count_has_no_negative_fan_and_unchanged_probabilities() -> None:
    counts = _small_counts()
    obs = make_obs(counts)
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=2.0, operator=">=")
    res = evaluate([spec(rule, indicator=COUNT)], obs, as_of=date(2025, 6, 1))[0]
    f = res.forecast
    assert f is not None and f.transform == fc.IDENTITY
    # Recomputed with scipy from the drift fit and the same calibration factor: the uncensored interval
    # reaches below zero (the case needs that), the shown one stops at 0, the probability is unchanged.
    row = np.array([v for _, v in sorted(counts["07"].items())], dtype=float)
    fit = fc.fit_drift(row[None, :], np.arange(2013, 2025))
    mean, sd = fit.predict(2030.0)
    sd_cal = float(sd[0]) * f.sd_inflation
    q = stats.t.ppf(0.9, float(fit.df[0]))
    assert float(mean[0]) - q * sd_cal < 0.0
    assert f.lo == 0.0 and abs(f.hi - (float(mean[0]) + q * sd_cal)) < 1e-9 and f.point >= 0.0
    expected = 1 - stats.t.cdf((2.0 - float(mean[0])) / sd_cal, float(fit.df[0]))
    assert res.probability is not None and abs(res.probability - expected) < 1e-6


def test_the_factor_is_held_constant_beyond_the_back_tested_horizons() -> None:
    rng = np.random.default_rng(5)
    z = np.log(100 * np.exp(rng.normal(0.01, 0.02, (21, 9)).cumsum(axis=1)))
    years = np.arange(2016, 2025)
    scale = cf.learn_scales({"level": [(z, years)]})["level"]
    assert 1 <= scale.cap < cf.MAX_H  # nine years: errors at most a few years ahead
    at_cap = float(scale.factor(scale.cap))
    assert float(scale.factor(cf.MAX_H)) == at_cap and float(scale.factor(scale.cap + 3)) == at_cap
    if scale.gamma > 0:  # below the cap the power law still applies
        assert float(scale.factor(1)) < at_cap

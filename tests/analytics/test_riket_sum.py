"""Riket simulated as the sum of the counties when the data show that it is one (issue 14).

A country total simulated from its own trend drifts away from its counties: the faster-growing counties
weigh more every year, so the sum grows faster than the total's own past average. The cases below are
built so that the answer is known by hand."""

from __future__ import annotations

from datetime import date

import numpy as np

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import shocks
from styrkedja.analytics.evaluate import evaluate
from styrkedja.data import COUNTY_CODES

from .conftest import make_obs, spec

YEARS = np.arange(2000, 2025)


def _counties(r07: float) -> dict[str, np.ndarray]:
    """Every county grows at a constant rate (0 to 6 % a year), Kronoberg ("07") at `r07`."""
    rates = np.linspace(0.0, 0.06, len(COUNTY_CODES))
    out = {}
    for i, code in enumerate(COUNTY_CODES):
        r = r07 if code == "07" else rates[i]
        out[code] = 1000.0 * (1 + i) * np.exp(r * (YEARS - 2000))
    return out


def _with_riket(counties: dict[str, np.ndarray]) -> dict[str, dict[int, float | None]]:
    riket = np.sum(list(counties.values()), axis=0)
    series = {"00": riket, **counties}
    return {a: {int(y): float(v) for y, v in zip(YEARS, vals, strict=True)} for a, vals in series.items()}


def test_sum_ratio_recognises_a_sum_and_nothing_else() -> None:
    counties = _counties(0.02)
    values = np.array([np.sum(list(counties.values()), axis=0), *counties.values()])
    parts = np.arange(values.shape[0]) != 0
    assert shocks.sum_ratio(values, 0, parts) == 1.0
    unallocated = values.copy()
    unallocated[0] *= 1.002  # a part not allocated to any county (GRP's extra-regio)
    assert abs(shocks.sum_ratio(unallocated, 0, parts) - 1.002) < 1e-12  # type: ignore[operator]
    mean = values.copy()
    mean[0] = values[1:].mean(axis=0)  # a mean (per capita, share) is no sum
    assert shocks.sum_ratio(mean, 0, parts) is None
    subset = parts.copy()
    subset[5] = False  # a county missing: no sum either
    assert shocks.sum_ratio(values, 0, subset) is None


def test_simulated_riket_is_the_sum_of_the_simulated_counties() -> None:
    rng = np.random.default_rng(3)
    values = np.exp(rng.normal(0, 0.02, (22, 15)).cumsum(axis=1)) * rng.uniform(1, 5, (22, 1))
    values[0] = values[1:].sum(axis=0)
    z = fc.transform(values, fc.LOG)
    parts = np.arange(22) != 0
    draws = shocks.simulate(z, np.arange(2010, 2025), 2028, 500, np.random.default_rng(1))
    out = shocks.total_from_parts(draws, fc.LOG, 0, parts, shocks.sum_ratio(values, 0, parts))
    np.testing.assert_allclose(np.exp(out[:, 0]), np.exp(draws[:, 1:]).sum(axis=1), rtol=1e-12)
    np.testing.assert_array_equal(out[:, 1:], draws[:, 1:])  # the counties are untouched


def test_growth_above_riket_uses_the_counties_sum_not_riket_own_trend() -> None:
    # Riket's own trend continues its average log growth 2000-2024; the sum of the counties grows faster
    # after 2024 (the fast counties weigh more every year). Kronoberg grows between the two over
    # 2020-2030, so "growth above Riket's" is false (computed by hand below), while a Riket simulated
    # from its own trend would call it certain.
    r07 = 0.045
    counties = _counties(r07)
    riket = np.sum(list(counties.values()), axis=0)
    own = np.log(riket[-1] / riket[0]) / 24
    rates = np.array([np.log(v[1] / v[0]) for v in counties.values()])
    at_2020 = np.array([v[20] for v in counties.values()])
    sum_growth = (at_2020 * np.exp(10 * rates)).sum() / at_2020.sum() - 1  # Riket 2020->2030, by hand
    own_growth = riket[24] / riket[20] * np.exp(6 * own) - 1
    county_growth = np.exp(10 * r07) - 1
    assert own_growth + 0.01 < county_growth < sum_growth - 0.005  # the case is as described
    rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2030, base_year=2020, benchmark="riket", operator=">")
    obs = make_obs(_with_riket(counties))
    res = evaluate([spec(rule)], obs, as_of=date(2025, 6, 1))[0]
    assert res.probability == 0.0
    faster = make_obs(_with_riket(_counties(0.047)))  # 60.0 % > 57.6 %: above the sum, by hand
    assert evaluate([spec(rule)], faster, as_of=date(2025, 6, 1))[0].probability == 1.0

"""Difference-in-differences: hand-computed cases, properties and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrkedja.analytics.contribution.did import two_by_two
from styrkedja.analytics.contribution.did_regression import event_study, regression
from styrkedja.analytics.contribution.errors import ContributionInputError


def test_hand_computed_two_by_two():
    # Treated 10,12 -> 15,19 (change 6); comparison 8,10 -> 9,11 (change 1): DiD = 5.
    before = np.array([10.0, 12.0, 8.0, 10.0])
    after = np.array([15.0, 19.0, 9.0, 11.0])
    treated = np.array([True, True, False, False])
    table = two_by_two(before, after, treated)
    assert table.did.value == pytest.approx(5.0)
    # Treated changes 5 and 7: sd sqrt(2), se of mean 1; comparison changes 1, 1: se 0.
    assert table.treated.change.se == pytest.approx(1.0)
    assert table.comparison.change.se == pytest.approx(0.0, abs=1e-12)
    assert table.did.se == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(st.floats(-1e3, 1e3), st.integers(0, 2**16))
def test_adding_a_constant_leaves_the_did_unchanged(shift, seed):
    rng = np.random.default_rng(seed)
    before = rng.normal(20, 4, 40)
    after = before + rng.normal(1, 2, 40)
    treated = np.arange(40) < 15
    base = two_by_two(before, after, treated)
    moved = two_by_two(before + shift, after + shift, treated)
    assert moved.did.value == pytest.approx(base.did.value, abs=1e-9)
    assert moved.did.se == pytest.approx(base.did.se, abs=1e-9)


def test_covariate_regression_recovers_a_planted_effect():
    rng = np.random.default_rng(7)
    n = 400
    unit_treated = (np.arange(n) % 2).astype(float)
    size = rng.normal(0, 1, n)
    y_before = 10 + 2 * unit_treated + 3 * size + rng.normal(0, 0.5, n)
    y_after = y_before + 1 + 4 * unit_treated + rng.normal(0, 0.5, n)
    units = [str(i) for i in range(n)]
    result = regression(
        np.r_[y_before, y_after],
        np.r_[unit_treated, unit_treated],
        np.r_[np.zeros(n), np.ones(n)],
        units + units,
        {"size": np.r_[size, size]},
    )
    assert result.did == pytest.approx(4.0, abs=4 * result.se)
    assert result.ci_low < result.did < result.ci_high and result.n_clusters == n


def event_data(pre_slope: float):
    rng = np.random.default_rng(3)
    y, t, period, units = [], [], [], []
    for i in range(60):
        treated = i < 30
        for q in range(2016, 2022):
            trend = pre_slope * (q - 2016) if treated and q < 2019 else 0.0
            effect = 5.0 if treated and q >= 2019 else 0.0
            y.append(10 + (q - 2016) + trend + effect + rng.normal(0, 1))
            t.append(float(treated))
            period.append(q)
            units.append(str(i))
    return np.array(y), np.array(t), period, units


def test_event_study_effects_and_parallel_pre_trends():
    study = event_study(*event_data(0.0)[:3], 2019, event_data(0.0)[3])
    assert study.reference == 2018 and study.periods == tuple(range(2016, 2022))
    post = study.effects[np.array(study.periods) >= 2019]
    assert np.all(np.abs(post - 5.0) < 4 * study.ses[np.array(study.periods) >= 2019])
    assert study.pretrend_p_value is not None and study.pretrend_p_value > 0.01


def test_event_study_flags_diverging_pre_trends():
    y, t, period, units = event_data(3.0)
    study = event_study(y, t, period, 2019, units)
    assert study.pretrend_p_value is not None and study.pretrend_p_value < 0.001


def test_missing_comparison_group_data_is_named():
    before = np.array([10.0, 12.0, 8.0, np.nan])
    after = np.array([15.0, 19.0, np.nan, 11.0])
    with pytest.raises(ContributionInputError, match="comparison group has 1 values before") as caught:
        two_by_two(before, after, np.array([True, True, False, False]))
    assert caught.value.field == "comparison"
    with pytest.raises(ContributionInputError, match="no comparison-group observations"):
        regression(np.r_[before[:2], after[:2]], np.ones(4), np.r_[0.0, 0, 1, 1], ["a", "b", "a", "b"])

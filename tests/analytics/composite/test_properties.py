"""Properties that must hold for any data: monotone in a positive indicator, ranks invariant to rescaling."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from styrkedja.analytics.composite.pipeline import IndexData, Spec, build
from tests.analytics.composite.test_methods import small_framework

N_UNITS = 12
# Distinct values, so winsorising up to 5 points cannot make a column constant.
values = arrays(np.float64, (N_UNITS, 3), elements=st.floats(1, 1000, allow_nan=False), unique=True)


def data_of(v: np.ndarray) -> IndexData:
    return IndexData(tuple(f"u{i}" for i in range(N_UNITS)), v, denominators={"pop": np.linspace(1, 2, N_UNITS)})


@settings(max_examples=60, deadline=None)
@given(values, st.integers(0, N_UNITS - 1), st.floats(0.01, 500))
def test_raising_a_positive_indicator_never_lowers_the_unit(v: np.ndarray, unit: int, bump: float) -> None:
    """Indicator b has direction +1. Without outlier treatment (which may re-shape a column when one value
    moves) the unit's index score cannot fall, and no other unit can overtake it."""
    fw = small_framework()
    spec = Spec(treat=False, impute="none")
    before = build(data_of(v), fw, spec)
    raised = v.copy()
    raised[unit, 1] += bump
    after = build(data_of(raised), fw, spec)
    assert after.scores("I")[unit] >= before.scores("I")[unit] - 1e-9
    assert after.ranks()[unit] <= before.ranks()[unit]


@settings(max_examples=60, deadline=None)
@given(values, st.integers(0, 2), st.floats(1e-3, 1e3))
def test_ranks_invariant_to_rescaling_an_indicator(v: np.ndarray, j: int, factor: float) -> None:
    """The full default pipeline (treatment included): skewness, kurtosis, winsorisation and the log transform
    are all unchanged, up to an affine map, by a common positive rescaling."""
    fw = small_framework()
    base = build(data_of(v), fw)
    scaled = v.copy()
    scaled[:, j] *= factor
    again = build(data_of(scaled), fw)
    np.testing.assert_allclose(again.scores("I"), base.scores("I"), atol=1e-7)
    np.testing.assert_array_equal(again.ranks(), base.ranks())

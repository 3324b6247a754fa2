"""Property tests (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.lists(st.integers(-10_000, 10_000), min_size=21, max_size=21, unique=True))
def test_above_median_iff_top_ten_with_21_distinct(values: list[int]) -> None:
    vals = np.array(values, dtype=float)
    mask = np.ones(21, bool)
    idx = np.arange(21, dtype=np.int64)
    med, n = tg.benchmark_values(vals[None, :], mask, "peer_median", 0)
    above = tg.compare(vals, med[0], ">")
    ranks, _ = tg.competition_ranks(vals, mask, idx, m.HIGHER_IS_BETTER)
    assert n[0] == 21
    assert np.array_equal(above, ranks <= 10)
    assert np.array_equal(tg.rank_at_most(vals[None, :], mask, idx, 10, m.HIGHER_IS_BETTER)[0], ranks <= 10)


@FAST
@given(
    st.lists(st.floats(1.0, 1e6), min_size=5, max_size=30),
    st.lists(st.floats(1.0, 1e6), min_size=5, max_size=30),
    st.floats(1e-3, 1e3),
)
def test_scaling_leaves_growth_ranks_unchanged(base: list[float], end: list[float], c: float) -> None:
    n = min(len(base), len(end))
    b, e = np.array(base[:n]), np.array(end[:n])
    mask = np.ones(n, bool)
    idx = np.arange(n, dtype=np.int64)
    g1 = tg.growth(b, e, "percent")
    g2 = tg.growth(b * c, e * c, "percent")
    r1, _ = tg.competition_ranks(np.round(g1, 9), mask, idx, m.HIGHER_IS_BETTER)
    r2, _ = tg.competition_ranks(np.round(g2, 9), mask, idx, m.HIGHER_IS_BETTER)
    assert np.array_equal(r1, r2)


@FAST
@given(
    st.floats(-1e3, 1e3),
    st.floats(-50, 50),
    st.integers(3, 25),
    st.integers(1, 15),
)
def test_linear_series_ols_forecast_is_the_line(a: float, b: float, n: int, h: int) -> None:
    years = np.arange(2000, 2000 + n, dtype=np.int64)
    y = a + b * (years - 2000)
    mean, _ = fc.fit_ols(y[None, :].astype(float), years).predict(2000 + n - 1 + h)
    expected = a + b * (n - 1 + h)
    assert abs(mean[0] - expected) <= 1e-7 * max(1.0, abs(expected))


@FAST
@given(st.lists(st.floats(-100, 100), min_size=3, max_size=40), st.integers(1, 40))
def test_rank_at_most_agrees_with_competition_ranks(values: list[float], n_best: int) -> None:
    vals = np.array(values)
    mask = np.ones(vals.size, bool)
    idx = np.arange(vals.size, dtype=np.int64)
    for direction in (m.HIGHER_IS_BETTER, m.LOWER_IS_BETTER):
        ranks, _ = tg.competition_ranks(vals, mask, idx, direction)
        fast = tg.rank_at_most(vals[None, :], mask, idx, n_best, direction)[0]
        assert np.array_equal(fast, ranks <= n_best)

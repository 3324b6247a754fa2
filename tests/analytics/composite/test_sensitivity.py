"""Monte Carlo uncertainty and Sobol sensitivity: known test functions and a second computation by build()."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.analytics.composite.pipeline import Spec, build
from styrkedja.analytics.composite.sensitivity import Assumptions, sensitivity, sobol_indices, uncertainty
from tests.analytics.composite.asem import asem_data, asem_framework


def test_sobol_of_an_additive_function() -> None:
    """Y = X1 + 2 X2 (+ 0 X3) with uniform X: S = ST = (1/5, 4/5, 0) exactly."""
    first, total = sobol_indices(lambda u: (u[:, 0] + 2 * u[:, 1])[:, None], 3, 20000, np.random.default_rng(0))
    np.testing.assert_allclose(first[:, 0], [0.2, 0.8, 0.0], atol=0.03)
    np.testing.assert_allclose(total[:, 0], [0.2, 0.8, 0.0], atol=0.03)


def test_sobol_of_the_ishigami_function() -> None:
    """Published analytic values (a = 7, b = 0.1): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)."""

    def ishigami(u: np.ndarray) -> np.ndarray:
        x = -np.pi + 2 * np.pi * u
        return (np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0]))[:, None]

    first, total = sobol_indices(ishigami, 3, 50000, np.random.default_rng(1))
    np.testing.assert_allclose(first[:, 0], [0.3139, 0.4424, 0.0], atol=0.04)
    np.testing.assert_allclose(total[:, 0], [0.5576, 0.4424, 0.2437], atol=0.04)


@pytest.fixture(scope="module")
def asem():  # type: ignore[no-untyped-def]
    fw = asem_framework()
    return fw, asem_data(fw)


def test_no_uncertainty_gives_the_nominal_rank(asem) -> None:  # type: ignore[no-untyped-def]
    fw, data = asem
    fixed = Assumptions(
        imputation=("group_mean",),
        winmax=(5,),
        normalisation=("minmax",),
        aggregation=("arithmetic",),
        weight_noise=0.0,
        weight_sets=3,
    )
    ua = uncertainty(data, fw, runs=20, assumptions=fixed)
    nominal = build(data, fw).ranks()
    np.testing.assert_array_equal(ua.nominal_rank, nominal)
    np.testing.assert_array_equal(ua.rank_p05, nominal)
    np.testing.assert_array_equal(ua.rank_p95, nominal)


def test_each_run_equals_a_direct_build(asem) -> None:  # type: ignore[no-untyped-def]
    """With min-max and arithmetic means only, a run is build() with the drawn imputation and treatment."""
    fw, data = asem
    a = Assumptions(normalisation=("minmax",), aggregation=("arithmetic",), weight_noise=0.0, weight_sets=1)
    ua = uncertainty(data, fw, runs=12, seed=4, assumptions=a)
    expected = {
        (imp, w): build(data, fw, Spec(impute=imp, treat=w is not None, winmax=w or 0)).ranks()
        for imp in a.imputation
        for w in a.winmax
    }
    for row in ua.ranks:
        assert any(np.array_equal(row, r) for r in expected.values())


def test_seeded_and_reproducible(asem) -> None:  # type: ignore[no-untyped-def]
    fw, data = asem
    one, two = uncertainty(data, fw, runs=40, seed=9), uncertainty(data, fw, runs=40, seed=9)
    np.testing.assert_array_equal(one.ranks, two.ranks)
    assert not np.array_equal(one.ranks, uncertainty(data, fw, runs=40, seed=10).ranks)
    assert np.all(one.rank_p05 <= one.median_rank) and np.all(one.median_rank <= one.rank_p95)


def test_sensitivity_indices_shape_and_range(asem) -> None:  # type: ignore[no-untyped-def]
    fw, data = asem
    sa = sensitivity(data, fw, n=60, seed=2)
    assert sa.first.shape == (5, 51) and sa.runs == 60 * 7
    assert np.all(sa.mean_shift_total >= 0)
    # imputation and winsorisation change few ASEM values; normalisation and aggregation change every score
    assert set(np.argsort(sa.mean_shift_total)[-2:]) == {2, 3}

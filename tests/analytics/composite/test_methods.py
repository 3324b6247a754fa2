"""Each step and each alternative on small cases computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.analytics.composite import aggregate as ag
from styrkedja.analytics.composite import multivariate as mv
from styrkedja.analytics.composite import treat as tr
from styrkedja.analytics.composite.denominate import denominate
from styrkedja.analytics.composite.framework import Node, build_framework
from styrkedja.analytics.composite.impute import impute, screen
from styrkedja.analytics.composite.normalise import normalise
from styrkedja.analytics.composite.pipeline import IndexData, Spec, build, compare
from styrkedja.analytics.composite.weights import effective_weights, pca_weights

NAN = np.nan


def small_framework(directions: tuple[int, int, int] = (1, 1, -1), weights: tuple[float, ...] = (1, 1, 1)):
    return build_framework(
        [
            Node("a", 1, "F1", weights[0], directions[0], denominator="pop"),
            Node("b", 1, "F2", weights[1], directions[1]),
            Node("c", 1, "F2", weights[2], directions[2]),
            Node("F1", 2, "I"),
            Node("F2", 2, "I"),
            Node("I", 3, None),
        ]
    )


def col(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=float)[:, None]


@pytest.mark.parametrize(
    ("method", "values", "direction", "expected"),
    [
        ("minmax", [1, 2, 4], 1, [0, 100 / 3, 100]),
        ("minmax", [1, 2, 4], -1, [100, 200 / 3, 0]),
        ("zscore", [1, 2, 3], 1, [-1, 0, 1]),
        ("rank", [3, 1, 3, 2], 1, [3, 1, 3, 2]),
        ("prank", [3, 1, 3, 2], 1, [2 / 3, 0, 2 / 3, 1 / 3]),
        ("dist2max", [0, 5, 10], 1, [0, 0.5, 1]),
        ("fracmax", [2, 4, NAN], 1, [0.5, 1, NAN]),
    ],
)
def test_normalisation_by_hand(method: str, values: list[float], direction: int, expected: list[float]) -> None:
    out = normalise(col(values), [direction], ["x"], method)
    np.testing.assert_allclose(out[:, 0], expected, atol=1e-12, equal_nan=True)


def test_distance_to_target_capped_at_one() -> None:
    out = normalise(col([0, 4, 10]), [1], ["x"], "dist2targ", targets=[8.0])
    np.testing.assert_allclose(out[:, 0], [0, 0.5, 1.0])
    # lower is better: target 2 on values 10, 6, 0 -> flipped to -10, -6, 0 with target -2
    out = normalise(col([10, 6, 0]), [-1], ["x"], "dist2targ", targets=[2.0])
    np.testing.assert_allclose(out[:, 0], [0, 0.5, 1.0])


def test_aggregation_by_hand() -> None:
    member = np.array([[1.0], [1.0]])
    w = np.array([1.0, 3.0])
    assert ag.combine(np.array([[10.0, 20.0]]), w, member)[0, 0] == pytest.approx(17.5)
    assert ag.combine(np.array([[NAN, 20.0]]), w, member)[0, 0] == pytest.approx(20.0)
    assert np.isnan(ag.combine(np.array([[NAN, NAN]]), w, member)[0, 0])
    eq = np.ones(2)
    assert ag.combine(np.array([[10.0, 1000.0]]), eq, member, "geometric")[0, 0] == pytest.approx(100.0)
    assert ag.combine(np.array([[1.0, 1 / 3]]), eq, member, "harmonic")[0, 0] == pytest.approx(0.5)


def test_ranks_share_the_best_rank_on_ties() -> None:
    np.testing.assert_array_equal(ag.ranks(np.array([5.0, 9.0, 5.0, 1.0, NAN])), [2, 1, 2, 4, NAN])


def test_imputation_by_hand() -> None:
    x = np.array([[1.0, NAN], [NAN, NAN], [3.0, 4.0], [NAN, 8.0]])
    groups = ["a", "a", "b", "b"]
    np.testing.assert_allclose(impute(x, "group_mean", groups), [[1, NAN], [1, NAN], [3, 4], [3, 8]])
    np.testing.assert_allclose(impute(x, "mean"), [[1, 6], [2, 6], [3, 4], [2, 8]])
    np.testing.assert_allclose(impute(x, "median"), [[1, 6], [2, 6], [3, 4], [2, 8]])
    np.testing.assert_allclose(impute(x, "none"), x)
    np.testing.assert_array_equal(screen(x, 0.5), [True, False, True, True])


def test_denomination_by_hand() -> None:
    fw = small_framework()
    out = denominate(np.array([[10.0, 1, 1], [20.0, 2, 2]]), fw, {"pop": np.array([2.0, 0.0])})
    np.testing.assert_allclose(out, [[5, 1, 1], [NAN, 2, 2]])


def test_winsorisation_moves_tied_extremes_together() -> None:
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100, 100], dtype=float)
    w, count, high, low = tr.winsorise(x, winmax=5)
    assert high == (12, 13) and low == () and count == 2
    np.testing.assert_array_equal(w[12:], [12, 12])


def test_log_transform_by_hand() -> None:
    np.testing.assert_allclose(tr.log_ct(np.array([0.0, 100.0])), np.log([1.0, 101.0]))


def test_effective_weights_by_hand() -> None:
    eff = effective_weights(small_framework(weights=(1, 1, 3)))
    assert eff["I"] == 1 and eff["F1"] == 0.5 and eff["F2"] == 0.5
    assert eff["a"] == 0.5 and eff["b"] == pytest.approx(0.125) and eff["c"] == pytest.approx(0.375)


def test_cronbach_alpha_by_hand() -> None:
    # var 1 and 7/3, covariance 3/2: alpha = 2 (1 - (10/3) / (19/3)) = 18/19
    x = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])
    assert mv.cronbach_alpha(x) == pytest.approx(18 / 19)


def test_pca_of_two_proportional_columns() -> None:
    x = np.array([[1.0, 2.0], [2.0, 4.0], [4.0, 8.0], [3.0, 6.0]])
    summary = mv.pca(x)
    assert summary.proportion[0] == pytest.approx(1.0)
    assert summary.sdev[0] == pytest.approx(np.sqrt(2))


def test_pca_weights_warn_about_negative_loadings() -> None:
    fw = small_framework()
    rng = np.random.default_rng(3)
    b = rng.normal(size=30)
    values = np.column_stack([rng.normal(size=30), b, -b + 0.1 * rng.normal(size=30)])
    pcw = pca_weights(values, fw)
    assert any("negative PCA loadings" in w for w in pcw.warnings)
    assert any("F1: too few" in w for w in pcw.warnings)


def test_negative_correlation_flag() -> None:
    fw = small_framework(directions=(1, 1, 1), weights=(1, 1, 0.2))  # b drives F2; c runs against it
    rng = np.random.default_rng(5)
    b = rng.normal(size=40)
    values = np.column_stack([rng.normal(size=40), b, -0.5 * b + 0.1 * rng.normal(size=40)])
    result = build(
        IndexData(tuple(f"u{i}" for i in range(40)), values, denominators={"pop": np.ones(40)}),
        fw,
        Spec(treat=False, impute="none"),
    )
    flags = mv.negative_with_parent(result.levels, fw)
    assert [(f.code, f.parent) for f in flags] == [("c", "F2")]


def test_alternatives_side_by_side() -> None:
    fw = small_framework()
    rng = np.random.default_rng(7)
    data = IndexData(
        tuple(f"u{i}" for i in range(12)),
        rng.uniform(1, 10, size=(12, 3)),
        denominators={"pop": rng.uniform(1, 2, size=12)},
    )
    table = compare(data, fw)
    assert table.columns[0] == "unit" and "rank_geometric" in table.columns and "score_pca_weights" in table.columns
    default = build(data, fw)
    np.testing.assert_allclose(table["score_default"].to_numpy(), default.scores("I"))

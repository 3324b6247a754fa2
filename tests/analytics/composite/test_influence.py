"""The influence index from an observation frame: pruning with reasons, year choice, contributions."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from styrkedja.analytics.composite.framework import CompositeError
from styrkedja.analytics.composite.influence import (
    NO_DATA,
    NO_DIRECTION,
    FactorSpec,
    IndicatorSpec,
    build_influence,
    choose_year,
)

UNITS = [f"{c:02d}" for c in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13)]


def frame() -> pl.DataFrame:
    rng = np.random.default_rng(11)
    rows = []
    for key, years in (
        ("a", ("2019", "2020")),
        ("b", ("2020",)),
        ("c", ("2020",)),
        ("pop", ("2020",)),
        ("n", ("2020",)),
    ):
        for year in years:
            for unit in UNITS:
                rows.append((key, unit, year, "T", float(rng.uniform(1, 100))))
    return pl.DataFrame(rows, schema=["indicator", "area", "period", "breakdown", "value"], orient="row")


FACTORS = [
    FactorSpec(
        "housing", 1.0, (IndicatorSpec("a", "higher"), IndicatorSpec("x", "higher"), IndicatorSpec("n", "neutral"))
    ),
    FactorSpec("service", 2.0, (IndicatorSpec("b", "lower", 1.0, "pop"), IndicatorSpec("c", "higher", 3.0))),
    FactorSpec("safety", 1.0, (IndicatorSpec("y", "higher"),)),
]


def test_year_choice_and_coverage() -> None:
    assert choose_year(FACTORS, frame(), UNITS) == "2020"
    idx = build_influence(FACTORS, frame(), UNITS, runs=30, sa_samples=10)
    assert idx.coverage.used == {"housing": ("a",), "service": ("b", "c")}
    assert idx.coverage.left_out["housing"] == (("x", NO_DATA), ("n", NO_DIRECTION))
    assert idx.coverage.left_out["safety"] == (("y", NO_DATA),)
    assert idx.framework.levels[1] == ("housing", "service")


def test_contributions_add_up_to_the_index_score() -> None:
    idx = build_influence(FACTORS, frame(), UNITS, runs=30, sa_samples=10)
    np.testing.assert_allclose(np.nansum(idx.contributions, axis=1), idx.result.scores("index"), atol=1e-9)
    # by hand for the first unit: housing (weight 1) has one indicator, service (weight 2) b and c (1 : 3)
    n = idx.result.normalised[0]
    expected = [1 / 3 * n[0], 2 / 3 * 1 / 4 * n[1], 2 / 3 * 3 / 4 * n[2]]
    np.testing.assert_allclose(idx.contributions[0], expected, atol=1e-12)


def test_denominator_divides_before_normalising() -> None:
    idx = build_influence(FACTORS, frame(), UNITS, runs=10, sa_samples=5)
    j = idx.framework.indicators.index("b")
    f = frame().filter(pl.col("period") == "2020")
    b = dict(f.filter(pl.col("indicator") == "b").select("area", "value").iter_rows())
    pop = dict(f.filter(pl.col("indicator") == "pop").select("area", "value").iter_rows())
    np.testing.assert_allclose(idx.result.denominated[:, j], [b[u] / pop[u] for u in UNITS])


def test_nothing_to_build() -> None:
    with pytest.raises(CompositeError, match=r"^index: no factor has an indicator with a direction and data for 2020"):
        build_influence([FactorSpec("safety", 1.0, (IndicatorSpec("y", "higher"),))], frame(), UNITS, "2020")


def test_link_to_growth_by_hand() -> None:
    units = ["a", "b", "c", "d", "e", "f"]
    pop = {"2015": [100, 200, 50, 80, 10, 40], "2020": [110, 190, 60, 80, 12, 42]}
    rows = [("pop", u, y, "T", float(v)) for y, vals in pop.items() for u, v in zip(units, vals, strict=True)]
    frame = pl.DataFrame(rows, schema=["indicator", "area", "period", "breakdown", "value"], orient="row")
    scores = np.array([50.0, 10.0, 70.0, 30.0, 90.0, np.nan])
    from styrkedja.analytics.composite.influence import link_to_growth

    link = link_to_growth(scores, units, frame, "pop", "2020")
    assert link is not None and (link.start, link.end, link.n) == ("2015", "2020", 5)
    growth = [10.0, -5.0, 20.0, 0.0, 20.0]  # by hand
    x = [50.0, 10.0, 70.0, 30.0, 90.0]
    assert link.pearson == pytest.approx(float(pd_corr(x, growth)))
    # ranks by hand: x -> 3 1 4 2 5; growth -> 3 1 4.5 2 4.5 (ties share the mean rank)
    assert link.spearman == pytest.approx(float(pd_corr([3, 1, 4, 2, 5], [3, 1, 4.5, 2, 4.5])))
    assert link_to_growth(scores, units, frame, "pop", "2019") is None


def pd_corr(a: list[float], b: list[float]) -> float:
    """Pearson's r written out."""
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    return cov / (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5


def test_alternative_methods_side_by_side_equal_the_pipelines_comparison() -> None:
    """The ranks stored per alternative equal pipeline.compare's (a second path through the pipeline), and
    the default alternative is the index itself."""
    from styrkedja.analytics.composite.pipeline import ALTERNATIVES, IndexData, compare

    idx = build_influence(FACTORS, frame(), UNITS, runs=30, sa_samples=10)
    assert set(idx.alternatives) | set(idx.alternatives_failed) == set(ALTERNATIVES)
    assert idx.alternatives["default"] == tuple(int(r) for r in idx.result.ranks())
    data = IndexData(
        tuple(UNITS), idx.values, None,
        {"pop": np.array([dict(zip(frame().filter(pl.col("indicator") == "pop")["area"],
                                   frame().filter(pl.col("indicator") == "pop")["value"], strict=True))[u]
                          for u in UNITS])},
    )  # fmt: skip
    built = {k: v for k, v in ALTERNATIVES.items() if k in idx.alternatives}
    side = compare(data, idx.framework, built)
    for name, ranks in idx.alternatives.items():
        assert list(ranks) == side[f"rank_{name}"].to_list(), name
    # the z-score and rank alternatives rank differently from min-max somewhere on these random data, or agree
    # exactly: either way every rank is a permutation-with-ties of 1..n
    for ranks in idx.alternatives.values():
        assert min(ranks) == 1 and max(ranks) <= len(UNITS)

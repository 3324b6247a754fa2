"""Bad frameworks and data get a message naming the place and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.analytics.composite.framework import CompositeError, Node, build_framework
from styrkedja.analytics.composite.pipeline import IndexData, build
from tests.analytics.composite.test_methods import small_framework


def test_cycle_in_framework() -> None:
    with pytest.raises(CompositeError, match=r"^F1: the framework has a cycle: F1 -> F2 -> F1"):
        build_framework([Node("a", 1, "F1", direction=1), Node("F1", 2, "F2"), Node("F2", 2, "F1")])


def test_indicator_without_direction() -> None:
    with pytest.raises(CompositeError, match=r"^a: indicator needs a direction of 1 or -1, got None"):
        build_framework([Node("a", 1, "I"), Node("I", 2, None)])


def test_unknown_parent_and_level_gap() -> None:
    with pytest.raises(CompositeError, match=r"^a: parent 'F9' is not in the framework"):
        build_framework([Node("a", 1, "F9", direction=1), Node("I", 2, None)])
    with pytest.raises(CompositeError, match=r"^a: parent 'I' is at level 3, expected 2"):
        build_framework([Node("a", 1, "I", direction=1), Node("I", 3, None)])


def test_aggregate_without_children_and_two_tops() -> None:
    with pytest.raises(CompositeError, match=r"^F2: aggregate at level 2 has no children"):
        build_framework([Node("a", 1, "F1", direction=1), Node("F1", 2, "I"), Node("F2", 2, "I"), Node("I", 3, None)])
    with pytest.raises(CompositeError, match=r"^framework: needs exactly one top node"):
        build_framework([Node("a", 1, None, direction=1), Node("b", 1, None, direction=1)])


def test_duplicate_code_and_negative_weight() -> None:
    with pytest.raises(CompositeError, match=r"^a: appears twice"):
        build_framework([Node("a", 1, "I", direction=1), Node("a", 1, "I", direction=1), Node("I", 2, None)])
    with pytest.raises(CompositeError, match=r"^a: weight must be a number >= 0"):
        build_framework([Node("a", 1, "I", weight=-1, direction=1), Node("I", 2, None)])


def data(values: list[list[float]]) -> IndexData:
    v = np.array(values, dtype=float)
    return IndexData(tuple(f"u{i}" for i in range(len(v))), v, denominators={"pop": np.ones(len(v))})


def test_factor_with_no_data() -> None:
    with pytest.raises(CompositeError, match=r"^a: has no data for any unit"):
        build(data([[np.nan, 1, 2], [np.nan, 2, 3], [np.nan, 4, 1]]), small_framework())


def test_all_equal_values_cannot_be_min_maxed() -> None:
    with pytest.raises(CompositeError, match=r"^b: all values are equal \(5\): the range is zero"):
        build(data([[1, 5, 2], [2, 5, 3], [3, 5, 1], [4, 5, 9]]), small_framework())


def test_wrong_shape_and_duplicate_units() -> None:
    with pytest.raises(CompositeError, match=r"^data: has 2 indicator columns, the framework 3"):
        build(data([[1, 2], [2, 3]]), small_framework())
    bad = IndexData(("u", "u"), np.ones((2, 3)), denominators={"pop": np.ones(2)})
    with pytest.raises(CompositeError, match=r"^data: needs one unique unit code per row"):
        build(bad, small_framework())


def test_missing_denominator() -> None:
    with pytest.raises(CompositeError, match=r"^a: denominator 'pop' has no data"):
        build(IndexData(("u0", "u1", "u2"), np.array([[1.0, 2, 3], [2, 3, 1], [3, 1, 2]])), small_framework())

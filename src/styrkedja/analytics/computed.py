"""Indicators computed from other series: ratios (per 1000 inhabitants, GRP per employed) and sums.

A computed value is missing when any input is missing for that area, period and
breakdown: a sum of parts with a part missing is not the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

FORMULAS = ("ratio", "per_1000", "sum")
KEY = ["area", "period", "breakdown"]


class FormulaError(ValueError):
    """A computation spec that cannot be carried out."""


class MissingInputs(FormulaError):
    """An input series has no stored values yet: the computation can run once it is imported."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(f"no stored series for input(s): {', '.join(missing)}")
        self.missing = tuple(missing)


def compute(
    formula: str, inputs: Sequence[str], frames: Mapping[str, pl.DataFrame], scale: float = 1.0
) -> pl.DataFrame:
    """Rows (area, period, breakdown, value) of the computed series.

    ratio:    inputs[0] / inputs[1] * scale
    per_1000: inputs[0] / inputs[1] * 1000 (inputs[1] is the population)
    sum:      inputs[0] + inputs[1] + ... (* scale)
    `frames[name]` has the columns area, period, breakdown, value.
    """
    if formula not in FORMULAS:
        raise FormulaError(f"unknown formula {formula!r} (expected one of {', '.join(FORMULAS)})")
    if formula in ("ratio", "per_1000") and len(inputs) != 2:
        raise FormulaError(f"{formula} needs exactly two inputs, got {len(inputs)}")
    if formula == "sum" and len(inputs) < 2:
        raise FormulaError("sum needs at least two inputs")
    missing = [name for name in inputs if name not in frames]
    if missing:
        raise MissingInputs(missing)
    joined: pl.DataFrame | None = None
    for i, name in enumerate(inputs):
        part = frames[name].select([*KEY, pl.col("value").alias(f"v{i}")])
        joined = part if joined is None else joined.join(part, on=KEY, how="inner")
    assert joined is not None
    cols = [pl.col(f"v{i}") for i in range(len(inputs))]
    if formula == "sum":
        expr = pl.sum_horizontal(cols) * scale
        # sum_horizontal skips nulls; a missing part makes the total missing.
        expr = pl.when(pl.any_horizontal([c.is_null() for c in cols])).then(None).otherwise(expr)
    else:
        factor = 1000.0 if formula == "per_1000" else scale
        expr = pl.when(cols[1] != 0).then(cols[0] / cols[1] * factor).otherwise(None)
    return joined.select([*KEY, expr.alias("value")]).sort(KEY)

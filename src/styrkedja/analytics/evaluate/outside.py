"""Evaluating data users bring: plain observation columns and minimal target records.

    from styrkedja.analytics.evaluate.outside import evaluate_frame
    results = evaluate_frame(observations, [{"area": "0780", "indicator": "emp", "rule": "level",
                                             "target_year": 2024, "value": 80}], as_of=date(2025, 6, 1))

The contract (docs/evaluation.md, "Evaluating your own data"):

* observations: columns `indicator`, `area`, `period`, `value`; optional `breakdown` (default "T")
  and `symbol` (the publisher's symbol of a missing cell, "..", "."). Keys may be strings,
  polars Categorical/Enum or (period) integers; numerator and denominator are not needed. A
  missing value is null. The keys are converted once to polars Enums, the representation the
  engine scatters fastest; nothing else is copied.
* targets: mappings with `area`, `indicator`, `rule`, `target_year` and what the rule needs
  (`value` or its alias `threshold`, `base_year`, `benchmark`, `operator`, `change`, `rank`,
  `rank_by`, `growth`, `peer_group`, `peer_coverage`); optional `key` (default t1, t2, ...),
  `measure_type` (default count) and `direction` (default higher).

Statuses come from the data only (`status_from_data`); `full=True` adds forecasts and probabilities
(`evaluate`), at many times the cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date
from typing import Any

import polars as pl

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate.run import evaluate, status_from_data

REQUIRED = ("indicator", "area", "period", "value")
TARGET_REQUIRED = ("area", "indicator", "rule", "target_year")
RULE_FIELDS = tuple(f.name for f in fields(m.TargetRule))
INTEGER_FIELDS = ("target_year", "base_year", "rank")
FLOAT_FIELDS = ("value", "peer_coverage")


class InputError(ValueError):
    """Outside data that does not satisfy the contract; the message names where and what was expected."""


def fast_frame(observations: pl.DataFrame, where: str = "observations") -> pl.DataFrame:
    """The observations in the engine's fast representation: key columns as Enums, value as Float64,
    a `T` breakdown when none is given, null numerator/denominator when absent."""
    missing = [c for c in REQUIRED if c not in observations.columns]
    if missing:
        raise InputError(f"{where}: lacks column(s) {', '.join(missing)} (expected {', '.join(REQUIRED)}; "
                         "optional breakdown, symbol)")  # fmt: skip
    df = observations
    if "breakdown" not in df.columns:
        df = df.with_columns(pl.lit("T").alias("breakdown"))
    cols = [_enum(df[c], where) for c in ("indicator", "area", "period", "breakdown")]
    cols.append(_values(df["value"], where))
    for c in ("numerator", "denominator"):
        cols.append(df[c].cast(pl.Float64) if c in df.columns else pl.repeat(None, df.height, dtype=pl.Float64,
                                                                              eager=True).alias(c))  # fmt: skip
    if "symbol" in df.columns:
        cols.append(df["symbol"].cast(pl.String))
    return pl.DataFrame(cols)


def _enum(col: pl.Series, where: str) -> pl.Series:
    """A key column as an Enum over its distinct values (strings, categoricals and integers accepted)."""
    if col.dtype != pl.String and not isinstance(col.dtype, (pl.Enum, pl.Categorical)):
        if not col.dtype.is_integer():
            raise InputError(f"{where}: column {col.name!r} must hold text or whole numbers, not {col.dtype}")
        col = col.cast(pl.String)
    if isinstance(col.dtype, pl.Enum):
        out = col
    else:
        cats = col.unique().drop_nulls().cast(pl.String).sort()
        out = col.cast(pl.String).cast(pl.Enum(cats)) if col.dtype == pl.String else col.cast(pl.Enum(cats))
    if out.null_count():
        row = int(out.is_null().arg_max() or 0)
        raise InputError(f"{where}: row {row + 1}: column {col.name!r} is empty (every key needs a value)")
    return out


def _values(col: pl.Series, where: str) -> pl.Series:
    try:
        return col.cast(pl.Float64, strict=True)
    except pl.exceptions.InvalidOperationError:
        bad = col.cast(pl.Float64, strict=False).is_null() & col.is_not_null()
        row = int(bad.arg_max() or 0)
        raise InputError(
            f"{where}: row {row + 1}: column 'value' holds {col[row]!r}, expected a number (empty when missing)"
        ) from None


def target_specs(records: Sequence[Mapping[str, Any]], where: str = "targets") -> list[m.TargetSpec]:
    """Minimal target records as specs; every problem of every record is reported at once."""
    problems: list[str] = []
    specs: list[m.TargetSpec] = []
    for n, rec in enumerate(records, start=1):
        here = f"{where}: target {n}"
        missing = [f for f in TARGET_REQUIRED if _blank(rec.get(f))]
        if missing:
            problems.append(f"{here}: lacks {', '.join(missing)}")
            continue
        try:
            spec = _spec(rec, n)
        except (TypeError, ValueError) as exc:
            problems.append(f"{here}: {exc}")
            continue
        problems += [f"{here} ({spec.target_key}): {f}: {msg}" for f, msg in spec.rule.problems()]
        specs.append(spec)
    if problems:
        raise InputError("\n".join(problems))
    return specs


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _spec(rec: Mapping[str, Any], n: int) -> m.TargetSpec:
    rule: dict[str, Any] = {}
    for f in RULE_FIELDS:
        v = rec.get(f, rec.get("threshold") if f == "value" else None)
        if _blank(v):
            continue
        if f in INTEGER_FIELDS:
            rule[f] = _number(v, f, int)
        elif f in FLOAT_FIELDS:
            rule[f] = _number(v, f, float)
        else:
            rule[f] = str(v)
    rule.setdefault("operator", m.default_operator(rule["rule"]))
    measure = str(rec.get("measure_type") or "count")
    direction = str(rec.get("direction") or m.HIGHER_IS_BETTER)
    if measure not in m.MEASURE_TYPES:
        raise ValueError(f"measure_type {measure!r} (expected one of {', '.join(m.MEASURE_TYPES)})")
    if direction not in m.INDICATOR_DIRECTIONS:
        raise ValueError(f"direction {direction!r} (expected one of {', '.join(m.INDICATOR_DIRECTIONS)})")
    key = str(rec.get("key") or f"t{n}")
    ind = str(rec["indicator"])
    area = str(rec["area"])
    info = m.IndicatorInfo(key=ind, name=ind, measure_type=measure, direction=direction)
    return m.TargetSpec(target_key=key, goal_key=key, goal_name=key, indicator=info, area=area, area_name=area,
                        rule=m.TargetRule(**rule), breakdown=str(rec.get("breakdown") or "T"))  # fmt: skip


def _number(value: Any, name: str, kind: type[int] | type[float]) -> int | float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} is not a number") from None
    if kind is int:
        if not number.is_integer():
            raise ValueError(f"{name} {value!r} is not a whole number")
        return int(number)
    return number


def evaluate_frame(
    observations: pl.DataFrame,
    targets: Sequence[Mapping[str, Any]],
    *,
    as_of: date,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    workers: int | None = None,
    peer_coverage: float = m.DEFAULT_PEER_COVERAGE,
    full: bool = False,
    names: tuple[str, str] = ("observations", "targets"),
) -> list[m.TargetResult]:
    """Evaluate minimal target records on plain observation columns (the module's contract); results in
    the order of `targets`. Raises `InputError` naming the column, row or target at fault (`names`: how
    the observations and targets are called in messages, e.g. their file names)."""
    specs = target_specs(targets, names[1])
    frame = fast_frame(observations, names[0])
    if full:
        return evaluate(specs, frame, peer_groups=peer_groups, as_of=as_of, workers=workers,
                        peer_coverage=peer_coverage)  # fmt: skip
    return status_from_data(specs, frame, peer_groups=peer_groups, as_of=as_of, workers=workers,
                            peer_coverage=peer_coverage)  # fmt: skip

"""The influence index (påverkansindex) of a strategy: its influence factors' indicators for the 21 counties.

Turns the factors as stored (keys, directions, weights, denominators) and an observation frame into a
framework with only the indicators that can take part (a direction and data in the year), builds the index with
the default pipeline, its uncertainty and sensitivity, and each indicator's contribution to each county's score.
What could not take part is listed with the reason, never filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy.stats import rankdata

from styrkedja.analytics.composite import sensitivity as sa
from styrkedja.analytics.composite.framework import CompositeError, Framework, Node, build_framework
from styrkedja.analytics.composite.pipeline import ALTERNATIVES, IndexData, IndexResult, Spec, build

TOP = "index"
NO_DIRECTION = "no_direction"
NO_DATA = "no_data"


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    direction: str  # higher / lower / neutral
    weight: float = 1.0
    denominator: str | None = None


@dataclass(frozen=True)
class FactorSpec:
    key: str
    weight: float = 1.0
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """Per factor: the indicators used and those left out, with the reason (no_direction / no_data)."""

    used: dict[str, tuple[str, ...]]
    left_out: dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class InfluenceIndex:
    year: str
    units: tuple[str, ...]
    framework: Framework
    coverage: Coverage
    result: IndexResult
    contributions: np.ndarray  # units x indicators: points of the index score each indicator gives
    uncertainty: sa.Uncertainty
    sensitivity: sa.Sensitivity
    values: np.ndarray = field(repr=False)  # units x indicators: the values before denomination
    # The index rank of every unit (units' order) under each alternative method (pipeline.ALTERNATIVES);
    # an alternative that cannot be built on these data (e.g. PCA on too few indicators) gives its reason.
    alternatives: dict[str, tuple[int, ...]] = field(default_factory=dict)
    alternatives_failed: dict[str, str] = field(default_factory=dict)


def alternative_ranks(data: IndexData, framework: Framework) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
    """Each alternative's ranks side by side (the handbook's step: compare the methods' results)."""
    ranks: dict[str, tuple[int, ...]] = {}
    failed: dict[str, str] = {}
    for name, spec in ALTERNATIVES.items():
        try:
            ranks[name] = tuple(int(r) for r in build(data, framework, spec).ranks())
        except (CompositeError, ValueError, np.linalg.LinAlgError) as exc:
            failed[name] = str(exc)
    return ranks, failed


def indicator_keys(factors: Sequence[FactorSpec]) -> list[str]:
    """Every indicator the index reads, denominators included."""
    keys: dict[str, None] = {}
    for f in factors:
        for i in f.indicators:
            keys[i.key] = None
            if i.denominator:
                keys[i.denominator] = None
    return list(keys)


def _year_values(frame: pl.DataFrame, units: Sequence[str]) -> dict[str, dict[str, dict[str, float]]]:
    """indicator -> period -> area -> value (total breakdown, present values only)."""
    rows = frame.filter(
        pl.col("breakdown").cast(pl.String) == "T",
        pl.col("value").is_not_null(),
        pl.col("area").cast(pl.String).is_in(list(units)),
    )
    out: dict[str, dict[str, dict[str, float]]] = {}
    for ind, area, period, value in rows.select(
        pl.col("indicator").cast(pl.String), pl.col("area").cast(pl.String), pl.col("period").cast(pl.String), "value"
    ).iter_rows():
        out.setdefault(ind, {}).setdefault(period, {})[area] = float(value)
    return out


def choose_year(factors: Sequence[FactorSpec], frame: pl.DataFrame, units: Sequence[str]) -> str:
    """The latest annual period in which the most indicators (with a direction) have data for some unit."""
    data = _year_values(frame, units)
    count: dict[str, int] = {}
    for f in factors:
        for i in f.indicators:
            if i.direction in ("higher", "lower"):
                for period in data.get(i.key, {}):
                    if period.isdigit():
                        count[period] = count.get(period, 0) + 1
    if not count:
        raise CompositeError("index", "no indicator of any factor has yearly data")
    return max(count, key=lambda p: (count[p], p))


def build_influence(
    factors: Sequence[FactorSpec],
    frame: pl.DataFrame,
    units: Sequence[str],
    year: str | None = None,
    *,
    runs: int = 1000,
    sa_samples: int = 200,
    seed: int = 1,
) -> InfluenceIndex:
    year = year or choose_year(factors, frame, units)
    data = _year_values(frame, units)
    nodes, used, left_out = _nodes(factors, data, year)
    if not used:
        raise CompositeError("index", f"no factor has an indicator with a direction and data for {year}")
    framework = build_framework(nodes)
    values = np.array([[data.get(k, {}).get(year, {}).get(u, np.nan) for k in framework.indicators] for u in units])
    denominators = {
        n.denominator: np.array([data.get(n.denominator, {}).get(year, {}).get(u, np.nan) for u in units])
        for n in framework.nodes.values()
        if n.denominator
    }
    index_data = IndexData(tuple(units), values, None, denominators)
    result = build(index_data, framework, Spec())
    alternatives, failed = alternative_ranks(index_data, framework)
    return InfluenceIndex(
        year=year,
        units=tuple(units),
        framework=framework,
        coverage=Coverage(used, left_out),
        result=result,
        contributions=contributions(result),
        uncertainty=sa.uncertainty(index_data, framework, runs=runs, seed=seed),
        sensitivity=sa.sensitivity(index_data, framework, n=sa_samples, seed=seed),
        values=values,
        alternatives=alternatives,
        alternatives_failed=failed,
    )


def _nodes(
    factors: Sequence[FactorSpec], data: dict[str, dict[str, dict[str, float]]], year: str
) -> tuple[list[Node], dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, str], ...]]]:
    nodes: list[Node] = []
    used: dict[str, tuple[str, ...]] = {}
    left_out: dict[str, tuple[tuple[str, str], ...]] = {}
    for f in factors:
        keep: list[str] = []
        out: list[tuple[str, str]] = []
        for i in f.indicators:
            has_data = bool(data.get(i.key, {}).get(year)) and (
                i.denominator is None or bool(data.get(i.denominator, {}).get(year))
            )
            if i.direction not in ("higher", "lower"):
                out.append((i.key, NO_DIRECTION))
            elif not has_data:
                out.append((i.key, NO_DATA))
            else:
                keep.append(i.key)
                nodes.append(
                    Node(i.key, 1, f.key, i.weight, 1 if i.direction == "higher" else -1, denominator=i.denominator)
                )
        left_out[f.key] = tuple(out)
        if keep:
            used[f.key] = tuple(keep)
            nodes.append(Node(f.key, 2, TOP, f.weight))
    nodes.append(Node(TOP, 3, None))
    return nodes, used, left_out


def contributions(result: IndexResult) -> np.ndarray:
    """Points of each unit's index score that each indicator gives (arithmetic means: they add up to the score).

    Inside a factor an indicator carries w_i / (sum of the weights of the factor's indicators present); the
    factor carries W_f / (sum of the weights of the factors with a score)."""
    fw = result.framework
    norm = result.normalised
    ind_w = result.weights[1]
    member = fw.membership(1)
    present = np.isfinite(norm)
    totals = (present * ind_w) @ member  # units x factors
    factor_scores = result.levels[1]
    fac_w = result.weights[2]
    fac_present = np.isfinite(factor_scores)
    fac_total = (fac_present * fac_w).sum(axis=1, keepdims=True)
    parent = np.argmax(member, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_in_factor = np.where(present, ind_w / totals[:, parent], np.nan)
        factor_share = fac_w[parent] / fac_total
        return np.asarray(share_in_factor * factor_share * norm)


@dataclass(frozen=True)
class Link:
    """Handbook step 9: the index against another indicator's growth over the counties (association only)."""

    indicator: str
    start: str
    end: str
    n: int
    pearson: float
    spearman: float


def link_to_growth(
    scores: np.ndarray, units: Sequence[str], frame: pl.DataFrame, indicator: str, end: str, span: int = 5
) -> Link | None:
    """Correlation of the index score with the indicator's growth in per cent from `end - span` to `end`, over
    the units with both values (None with fewer than five). Spearman's is the correlation of the ranks."""
    data = _year_values(frame, units).get(indicator, {})
    start = str(int(end) - span)
    first, last = data.get(start, {}), data.get(end, {})
    xs, ys = [], []
    for u, unit in enumerate(units):
        if np.isfinite(scores[u]) and first.get(unit) and unit in last:
            xs.append(float(scores[u]))
            ys.append((last[unit] / first[unit] - 1) * 100)
    if len(xs) < 5 or np.std(xs) == 0 or np.std(ys) == 0:
        return None
    x, y = np.array(xs), np.array(ys)
    spearman = float(np.corrcoef(rankdata(x), rankdata(y))[0, 1])
    return Link(indicator, start, end, len(xs), float(np.corrcoef(x, y)[0, 1]), spearman)

"""Build a strategy's influence index from the database and store it: one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from styrkedja.analytics.composite.framework import CompositeError
from styrkedja.analytics.composite.influence import (
    FactorSpec,
    IndicatorSpec,
    InfluenceIndex,
    build_influence,
    indicator_keys,
    link_to_growth,
)
from styrkedja.analytics.frames import COUNTY_CODES

from ..areas.models import Area
from ..core import audit
from ..followup.models import InfluenceFactor
from ..indicators.observations import observations_as_of
from ..strategies.models import Goal, Strategy
from .models import IndexRun, IndexScore


@dataclass(frozen=True)
class IndexOutcome:
    strategy: Strategy
    index: InfluenceIndex
    batches: list[int]
    run: IndexRun | None


def framework_strategy(key: str | None) -> Strategy:
    """The strategy whose influence factors form the framework: `key`, else the first factor's strategy."""
    factors = InfluenceFactor.objects.select_related("strategy").exclude(strategy=None)
    if key:
        factors = factors.filter(strategy__key=key)
    first = factors.order_by("position", "key").first()
    if first is None or first.strategy is None:
        where = f"strategy {key!r}" if key else "the database"
        raise CompositeError(where, "has no influence factors (load a strategy file with influence_factors)")
    return first.strategy


def factor_specs(strategy: Strategy) -> list[FactorSpec]:
    specs = []
    for factor in strategy.influence_factors.order_by("position", "key").prefetch_related("indicators"):
        members = sorted(factor.indicators.all(), key=lambda i: (i.position, i.key))
        specs.append(
            FactorSpec(
                factor.key,
                factor.weight,
                tuple(
                    IndicatorSpec(
                        i.key,
                        i.direction,
                        float(factor.indicator_weights.get(i.key, 1.0)),
                        factor.denominators.get(i.key),
                    )
                    for i in members
                ),
            )
        )
    return specs


def run_index(
    framework: str | None = None,
    year: str | None = None,
    as_of: dt.date | None = None,
    *,
    runs: int = 1000,
    seed: int = 1,
    store: bool = True,
    user: Any = None,
) -> IndexOutcome:
    """Compute first (nothing is written if that fails), then store the run and its scores in one transaction."""
    strategy = framework_strategy(framework)
    specs = factor_specs(strategy)
    day = as_of or dt.date.today()
    goals = list(
        Goal.objects.filter(strategy=strategy, kind=Goal.LONG_TERM)
        .exclude(indicator=None)
        .select_related("indicator")
        .order_by("position", "key")
    )
    keys = indicator_keys(specs)
    goal_keys = [g.indicator.key for g in goals if g.indicator is not None]
    frame, batches = observations_as_of(day, keys + [k for k in goal_keys if k not in keys])
    index = build_influence(specs, frame, COUNTY_CODES, year, runs=runs, seed=seed)
    links = [_link(g, index, frame) for g in goals]
    run = _store(strategy, index, batches, day, runs, seed, user, [x for x in links if x]) if store else None
    return IndexOutcome(strategy, index, batches, run)


def _link(goal: Goal, index: InfluenceIndex, frame: Any) -> dict[str, Any] | None:
    if goal.indicator is None:
        return None
    found = link_to_growth(index.result.scores(index.framework.top), index.units, frame, goal.indicator.key, index.year)
    if found is None:
        return None
    return {
        "goal": goal.key,
        "indicator": found.indicator,
        "start": found.start,
        "end": found.end,
        "n": found.n,
        "pearson": found.pearson,
        "spearman": found.spearman,
    }


def _store(
    strategy: Strategy,
    index: InfluenceIndex,
    batches: list[int],
    day: dt.date,
    runs: int,
    seed: int,
    user: Any,
    links: list[dict[str, Any]],
) -> IndexRun:
    areas = {a.code: a for a in Area.objects.filter(code__in=index.units)}
    missing = [u for u in index.units if u not in areas]
    if missing:
        raise CompositeError("areas", f"counties missing from the database: {', '.join(missing)}")
    with transaction.atomic():
        run = IndexRun.objects.create(
            strategy=strategy,
            year=index.year,
            as_of=day,
            batches=batches,
            user=user,
            method={
                "spec": index.result.spec.label(),
                "runs": runs,
                "random_seed": seed,  # the Monte Carlo draws are reproducible with it
                "sobol_runs": index.sensitivity.runs,
            },
            coverage={
                f: {
                    "used": list(index.coverage.used.get(f, ())),
                    "left_out": [list(x) for x in index.coverage.left_out.get(f, ())],
                }
                for f in index.coverage.left_out
            },
            sensitivity=_sensitivity(index, strategy.area.code),
            links=links,
        )
        IndexScore.objects.bulk_create(_scores(run, index, areas))
        audit.record(
            user,
            "create",
            "influence.IndexRun",
            str(run.pk),
            {"strategy": strategy.key, "year": index.year, "batches": batches},
            f"Influence index {strategy.key} {index.year}",
        )
    return run


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _sensitivity(index: InfluenceIndex, region: str) -> dict[str, Any]:
    sa = index.sensitivity
    out: dict[str, Any] = {
        # every county's rank under each alternative method, side by side, and why one could not be built
        "alternatives": {
            name: dict(zip(index.units, ranks, strict=True)) for name, ranks in index.alternatives.items()
        },
        "alternatives_failed": dict(index.alternatives_failed),
        "factors": list(sa.factors),
        "mean_shift": {
            "first": [_num(v) for v in sa.mean_shift_first],
            "total": [_num(v) for v in sa.mean_shift_total],
        },
    }
    if region in sa.units:
        j = sa.units.index(region)
        out["region"] = {
            "area": region,
            "first": [_num(v) for v in sa.first[:, j]],
            "total": [_num(v) for v in sa.total[:, j]],
        }
    return out


def _scores(run: IndexRun, index: InfluenceIndex, areas: dict[str, Area]) -> list[IndexScore]:
    result, ua = index.result, index.uncertainty
    fw = index.framework
    rows: list[IndexScore] = []
    for u, unit in enumerate(index.units):
        area = areas[unit]
        for j, code in enumerate(fw.indicators):
            rows.append(
                IndexScore(
                    run=run,
                    area=area,
                    code=code,
                    level=1,
                    value=_num(index.values[u, j]),
                    score=_num(result.normalised[u, j]),
                    rank=_rank(result.ranks(code)[u]),
                    contribution=_num(index.contributions[u, j]),
                )
            )
        for code in fw.levels[1]:
            rows.append(
                IndexScore(
                    run=run,
                    area=area,
                    code=code,
                    level=2,
                    score=_num(result.scores(code)[u]),
                    rank=_rank(result.ranks(code)[u]),
                )
            )
        rows.append(
            IndexScore(
                run=run,
                area=area,
                code=fw.top,
                level=3,
                score=_num(result.scores(fw.top)[u]),
                rank=_rank(result.ranks()[u]),
                median_rank=_num(ua.median_rank[u]),
                rank_p05=_num(ua.rank_p05[u]),
                rank_p95=_num(ua.rank_p95[u]),
            )
        )
    return rows


def _rank(x: float) -> int | None:
    return int(x) if np.isfinite(x) else None

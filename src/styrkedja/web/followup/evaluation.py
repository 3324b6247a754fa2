"""Run the evaluation: database -> frames -> styrkedja.analytics -> stored results.

Reads go through SQL into a polars frame, never through ORM objects per row.
The frame holds the values that were current at `as_of` (`indicators.observations`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from styrkedja.analytics import model as am
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.trend import assess_trend

from ..areas.models import Area, PeerGroup
from ..indicators.observations import observations_as_of
from ..strategies.models import Goal, Target
from .models import EvaluationResult, EvaluationRun


def indicator_info(goal: Goal) -> am.IndicatorInfo:
    ind = goal.indicator
    assert ind is not None
    return am.IndicatorInfo(
        key=ind.key, name=ind.name, name_en=ind.name_en, unit=ind.unit, measure_type=ind.measure_type,
        direction=ind.direction, decimals=ind.decimals, family=ind.family,
    )  # fmt: skip


@dataclass
class Specs:
    targets: list[am.TargetSpec]
    target_ids: dict[str, tuple[int, int]]  # target key -> (target id, goal id)
    trends: list[am.TrendSpec]
    trend_goal_ids: dict[str, int]


def collect_specs(area: str | None = None) -> Specs:
    """Every target on a goal with an indicator; goals with an indicator but no target get a trend assessment."""
    goals = (
        Goal.objects.filter(indicator__isnull=False)
        .select_related("indicator", "area", "strategy__area", "initiative__area")
        .prefetch_related("targets__peer_group")
    )
    specs = Specs([], {}, [], {})
    for goal in goals:
        measured = goal.measured_area()
        if measured is None or (area is not None and measured.code != area):
            continue
        info = indicator_info(goal)
        targets = list(goal.targets.all())
        for t in targets:
            spec = am.TargetSpec(
                target_key=t.key, goal_key=goal.key, goal_name=goal.name, indicator=info,
                area=measured.code, area_name=measured.name, rule=t.as_rule(),
            )  # fmt: skip
            specs.targets.append(spec)
            specs.target_ids[t.key] = (t.pk, goal.pk)
        if not targets:
            base = int(goal.baseline_period[:4]) if goal.baseline_period[:4].isdigit() else None
            specs.trends.append(
                am.TrendSpec(
                    goal_key=goal.key,
                    goal_name=goal.name,
                    indicator=info,
                    area=measured.code,
                    area_name=measured.name,
                    base_year=base,
                )
            )
            specs.trend_goal_ids[goal.key] = goal.pk
    return specs


def peer_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, key in PeerGroup.members.through.objects.values_list("area__code", "peergroup__key"):
        groups.setdefault(key, []).append(code)
    return {k: sorted(v) for k, v in groups.items()}


@dataclass
class Outcome:
    run: EvaluationRun | None
    results: list[am.TargetResult]
    trends: list[am.TrendResult]


def run_evaluation(as_of: dt.date | None = None, *, area: str | None = None, store: bool = True,
                   user: Any = None) -> Outcome:  # fmt: skip
    """Evaluate every target (and trend) on the data current at `as_of` (default today); store the run."""
    as_of = as_of or timezone.localdate()
    specs = collect_specs(area)
    needed = sorted({s.indicator.key for s in specs.targets} | {s.indicator.key for s in specs.trends})
    frame, batches = observations_as_of(as_of, needed)
    groups = peer_groups()
    results = evaluate(
        specs.targets, frame, peer_groups=groups, as_of=as_of, peer_coverage=settings.STYRKEDJA_PEER_COVERAGE
    )
    trends = assess_trend(specs.trends, frame, peer_groups=groups, as_of=as_of)
    if not store:
        return Outcome(None, results, trends)
    areas = dict(Area.objects.values_list("code", "id"))
    indicators = dict(Goal.objects.filter(indicator__isnull=False).values_list("key", "indicator_id"))
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            as_of=as_of, batches=batches, user=user if getattr(user, "pk", None) else None
        )
        rows = []
        for r in results:
            target_id, goal_id = specs.target_ids[r.target_key]
            rows.append(EvaluationResult(
                run=run, goal_id=goal_id, target_id=target_id, area_id=areas[r.area],
                indicator_id=indicators.get(r.goal_key), rule=r.rule, target_year=r.target_year, status=r.status,
                probability=r.probability, latest_period=r.latest_period or "", latest_value=r.latest_value,
                data_through=str(r.data_through or ""), preliminary=r.preliminary, explanation_sv=r.explanation_sv,
                explanation_en=r.explanation_en, detail=r.to_dict(),
            ))  # fmt: skip
        for t in trends:
            rows.append(EvaluationResult(
                run=run, goal_id=specs.trend_goal_ids[t.goal_key], area_id=areas[t.area],
                indicator_id=indicators.get(t.goal_key), rule="trend", status=t.status,
                latest_period=str(t.data_through or ""), latest_value=t.latest_value,
                data_through=str(t.data_through or ""), explanation_sv=t.explanation_sv,
                explanation_en=t.explanation_en, detail=t.to_dict(),
            ))  # fmt: skip
        EvaluationResult.objects.bulk_create(rows, batch_size=2000)
        run.result_count = len(rows)
        run.finished_at = timezone.now()
        run.save(update_fields=["result_count", "finished_at"])
    return Outcome(run, results, trends)


__all__ = ["Outcome", "Specs", "Target", "collect_specs", "observations_as_of", "run_evaluation"]

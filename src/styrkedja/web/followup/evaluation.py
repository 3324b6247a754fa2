"""Run the evaluation: database -> frames -> styrkedja.analytics -> stored results.

Reads go through SQL into a polars frame, never through ORM objects per row.
The frame holds the values that were current at `as_of` (`indicators.observations`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from styrkedja.analytics import model as am
from styrkedja.analytics.evaluate import Calibration, evaluate_calibrated
from styrkedja.analytics.trend import assess_trend

from ..areas.models import Area, PeerGroup
from ..indicators.models import Indicator
from ..indicators.observations import observations_as_of
from ..strategies.models import Goal, Target
from . import incremental, resultrows
from .models import EvaluationRun


def indicator_info(ind: Indicator) -> am.IndicatorInfo:
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
    """Every target on a goal with an indicator; goals with an indicator but no target get a trend assessment.

    Areas, indicators, the owners' areas and the targets are read once each and joined here: at
    national scale 12,440 goals share 312 areas and 2,000 indicators, and an ORM object per goal and
    relation (select_related, prefetch) cost seconds of every incremental run."""
    areas = {a.pk: a for a in Area.objects.only("id", "code", "name")}
    infos = {i.pk: indicator_info(i) for i in Indicator.objects.all()}
    targets: dict[int, list[Target]] = defaultdict(list)
    for t in Target.objects.select_related("peer_group"):
        targets[t.goal_id].append(t)
    goals = (
        Goal.objects.filter(indicator__isnull=False)
        .only("id", "key", "name", "baseline_period", "indicator_id", "area_id", "strategy_id", "initiative_id")
        .annotate(strategy_area=F("strategy__area"), initiative_area=F("initiative__area"))
    )
    specs = Specs([], {}, [], {})
    for goal in goals:
        # The area the goal is about (`Goal.measured_area`): its own, else its strategy's or initiative's.
        area_id = goal.area_id or (goal.strategy_area if goal.strategy_id else goal.initiative_area)  # type: ignore[attr-defined]
        measured = areas.get(area_id) if area_id else None
        if measured is None or goal.indicator_id is None or (area is not None and measured.code != area):
            continue
        _add_goal(specs, goal, infos[goal.indicator_id], measured, targets.get(goal.pk, []))
    return specs


def _add_goal(specs: Specs, goal: Goal, info: am.IndicatorInfo, measured: Area, targets: list[Target]) -> None:
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
                   user: Any = None, indicators: Sequence[str] | None = None) -> Outcome:  # fmt: skip
    """Evaluate every target (and trend) on the data current at `as_of` (default today); store the run.

    `indicators` (after importing them): an incremental run. Only the goals measured by these
    indicators or their computed dependants (and goals the latest run on the same date did not
    evaluate) are evaluated again, with that run's calibration; the other goals' results are copied
    from it; the outcome holds the results evaluated again. Without such a run (or one limited to an
    area, or with other peer groups) every goal is evaluated."""
    as_of = as_of or timezone.localdate()
    if indicators is not None and (area is not None or not store):
        raise ValueError("an incremental evaluation covers every area and is stored")
    specs = every = collect_specs(area)
    groups = peer_groups()
    prints = incremental.fingerprints(every, groups, settings.STYRKEDJA_PEER_COVERAGE)
    base = incremental.base_run(as_of, prints) if indicators is not None else None
    if base is not None:
        specs = incremental.only_affected(every, base, incremental.affected(indicators or ()))
    needed = sorted({s.indicator.key for s in specs.targets} | {s.indicator.key for s in specs.trends})
    frame, batches = observations_as_of(as_of, needed)
    calibration = Calibration.from_dict(base.calibration) if base is not None else None
    results, calibration = evaluate_calibrated(
        specs.targets,
        frame,
        peer_groups=groups,
        as_of=as_of,
        calibration=calibration,
        peer_coverage=settings.STYRKEDJA_PEER_COVERAGE,
    )
    trends = assess_trend(specs.trends, frame, peer_groups=groups, as_of=as_of)
    if not store:
        return Outcome(None, results, trends)
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            as_of=as_of, batches=sorted(set(batches) | set(base.batches if base else [])),
            user=user if getattr(user, "pk", None) else None, calibration=calibration.to_dict(), area=area or "",
            base=base, indicators=sorted(indicators or []) if base else [], fingerprints=prints,
        )  # fmt: skip
        resultrows.write(_rows(run.pk, specs, results, trends))
        kept = incremental.goal_ids(every) - incremental.goal_ids(specs)
        copied = resultrows.copy_from_run(base.pk, run.pk, sorted(kept)) if base else 0
        run.result_count = len(results) + len(trends) + copied
        run.finished_at = timezone.now()
        run.save(update_fields=["result_count", "finished_at"])
    return Outcome(run, results, trends)


def _rows(run_id: int, specs: Specs, results: list[am.TargetResult], trends: list[am.TrendResult]) -> list[Any]:
    areas = dict(Area.objects.values_list("code", "id"))
    indicators = dict(Goal.objects.filter(indicator__isnull=False).values_list("key", "indicator_id"))
    rows = [
        resultrows.target_row(run_id, specs.target_ids[r.target_key], areas[r.area], indicators.get(r.goal_key), r)
        for r in results
    ]
    rows += [
        resultrows.trend_row(run_id, specs.trend_goal_ids[t.goal_key], areas[t.area], indicators.get(t.goal_key), t)
        for t in trends
    ]
    return rows


__all__ = ["Outcome", "Specs", "Target", "collect_specs", "observations_as_of", "run_evaluation"]

"""The goal page's answer to "why?": what the indicator is meant to show and why the target was set,
the latest change in words, the region against its benchmark, the influence factors behind the goal,
the split by sex, and the contributing initiatives each with their own status.

Every figure is the engine's: the change from `analytics.change`, the benchmark line from the stored
result (`reports.assemble`), an initiative's status as the worst of its goals' statuses in the latest
run (`analytics.rollup`, the rule the tree and the rounds use)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from styrkedja.analytics.change import change_sentence, latest_change
from styrkedja.analytics.rollup import worst_status
from styrkedja.reports import assemble, charts

from ..areas.models import Area
from ..followup.models import InfluenceFactor
from ..projects.models import Initiative
from ..strategies.models import Goal
from . import cycle as rq
from . import queries as q


def latest_change_words(region: Sequence[charts.Point], decimals: int, unit: str) -> dict[str, str] | None:
    """The region's latest change as an arrow and a sentence ("Minskade från 201 996 (2022) till …")."""
    change = latest_change([(p.period, p.value) for p in region if p.breakdown == "T"], decimals)
    if change is None:
        return None
    shown = (q.number(change.from_value, decimals, unit or None), q.number(change.to_value, decimals, unit or None))
    return {"arrow": change.arrow, "direction": change.direction, "text": change_sentence(change, shown, q.lang())}


def initiative_statuses(initiatives: Sequence[Initiative]) -> list[dict[str, Any]]:
    """Each initiative with its status: the worst of its own goals' statuses in the latest run."""
    goals_of: dict[int, list[int]] = defaultdict(list)
    for gid, iid in Goal.objects.filter(initiative__in=initiatives).values_list("id", "initiative_id"):
        goals_of[iid].append(gid)
    statuses = rq.latest_goal_statuses([g for gs in goals_of.values() for g in gs])
    return [
        {"initiative": i, "status": worst_status(statuses.get(g, "no_data") for g in goals_of.get(i.pk, []))}
        for i in initiatives
    ]


def influence_factors(goal: Goal) -> list[InfluenceFactor]:
    """The factors behind a strategy's long-term goals (the influence index is linked to those goals'
    growth); none for short-term goals and initiatives' goals."""
    if goal.strategy_id is None or goal.kind != Goal.LONG_TERM:
        return []
    return list(InfluenceFactor.objects.filter(strategy_id=goal.strategy_id).prefetch_related("indicators"))


def goal_why(
    goal: Goal, area: Area | None, figures: assemble.GoalFigures, points: Sequence[charts.Point]
) -> dict[str, Any]:
    """The context of the goal page's "why" section."""
    ind = goal.indicator
    decimals = ind.decimals if ind else 1
    unit = q.unit_label(ind.unit) if ind else ""
    region = sorted(
        (p for p in points if area is not None and p.area_code == area.code and p.value is not None),
        key=lambda p: (charts.period_to_year(p.period) or 0.0, p.period),
    )
    by_sex = None
    if ind is not None and area is not None:
        sexes = q.sex_points(ind, area)
        if sexes:
            by_sex = q.chart(charts.by_sex, sexes, q.meta_for(ind, q.indicator_name(ind)))
    comparison = ""
    if ind is not None and any(p.area_code != area.code for p in points if area is not None):
        comparison = f"{reverse('dashboards:comparison')}?indikator={ind.key}&mal={goal.key}"
    return {
        "motivation": ind.motivation if ind else "",
        "indicator_comment": ind.target_comment if ind else "",
        "target_comments": [t.comment for t in goal.targets.all() if t.comment],
        "change": latest_change_words(region, decimals, unit),
        "latest": region[-1] if region else None,
        "decimals": decimals,
        "unit": unit,
        "benchmarks": [
            line
            for f in figures.targets
            if (line := assemble.benchmark_line(f, decimals, ind.unit if ind else "", q.lang()))
        ],
        "factors": influence_factors(goal),
        "comparison_url": comparison,
        "by_sex": by_sex,
    }

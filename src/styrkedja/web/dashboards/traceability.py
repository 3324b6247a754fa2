"""The traceability matrix of a sub-strategy, built from the chain (the RIS table of the source document).

One row per goal at the top of a sub-strategy (a goal of the strategy that contributes to no other goal of
the same strategy). Its columns follow the chain's links, never a fixed list:

- challenges: those linked to the row goal, the parent strategy's (RUS) apart from the strategy's own;
- the goal and the priorities linked to it;
- sub-indicators: the strategy's short/medium-term goals contributing to the row goal;
- the strategy's indicators: its long-term goals contributing to the row goal (and the row goal's own
  indicator when it has one);
- the RUS indicators: the goals of other strategies the row goal contributes to.

Every item appears once per cell, in the chain's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..strategies.models import Challenge, Goal, Priority, Strategy
from .queries import Graph


@dataclass
class MatrixRow:
    goal: Goal
    status: str
    upper_challenges: list[Challenge] = field(default_factory=list)
    own_challenges: list[Challenge] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    sub_indicators: list[Goal] = field(default_factory=list)
    indicators: list[Goal] = field(default_factory=list)
    upper_goals: list[Goal] = field(default_factory=list)


@dataclass
class Matrix:
    strategy: Strategy
    upper: Strategy | None  # the parent strategy (the RUS) whose challenges and goals fill the outer columns
    rows: list[MatrixRow]


def _order(goals: Iterable[Goal]) -> list[Goal]:
    return sorted(set(goals), key=lambda g: (g.strategy.position if g.strategy else 0, g.position, g.key))


def _links(model: Any, strategy_ids: set[int]) -> dict[int, list[Any]]:
    """goal id -> the challenges (or priorities) linked to it, in their own order: two queries."""
    out: dict[int, list[Any]] = {}
    for item in (
        model.objects.filter(strategy_id__in=strategy_ids)
        .prefetch_related("goals")
        .order_by("strategy__position", "position", "key")
    ):
        for g in item.goals.all():
            out.setdefault(g.pk, []).append(item)
    return out


def build(strategies: list[Strategy], goals: dict[int, Goal], graph: Graph, statuses: dict[int, str]) -> list[Matrix]:
    """One matrix per strategy below another (sub-strategies, action plans) that has goals."""
    sids = {s.pk for s in strategies}
    by_id = {s.pk: s for s in strategies}
    challenges = _links(Challenge, sids)
    priorities = _links(Priority, sids)
    out = []
    for s in strategies:
        if s.level == Strategy.RUS:
            continue
        own = {gid for gid, g in goals.items() if g.strategy_id == s.pk}
        tops = _order(goals[g] for g in own if not (graph.up.get(g, set()) & own))
        rows = [_row(g, s, own, goals, graph, challenges, priorities, statuses) for g in tops]
        if rows:
            out.append(Matrix(strategy=s, upper=by_id.get(s.parent_id) if s.parent_id else None, rows=rows))
    return out


def _row(
    goal: Goal,
    strategy: Strategy,
    own: set[int],
    goals: dict[int, Goal],
    graph: Graph,
    challenges: dict[int, list[Challenge]],
    priorities: dict[int, list[Priority]],
    statuses: dict[int, str],
) -> MatrixRow:
    linked = list(dict.fromkeys(challenges.get(goal.pk, [])))
    below = [goals[d] for d in graph.down.get(goal.pk, ()) if d in own and d in goals]
    indicators = [d for d in below if d.kind != Goal.SHORT_MEDIUM]
    if goal.indicator_id:
        indicators.insert(0, goal)
    upper = [goals[u] for u in graph.up.get(goal.pk, ()) if u in goals and u not in own]
    return MatrixRow(
        goal=goal,
        status=statuses.get(goal.pk, ""),
        upper_challenges=[c for c in linked if c.strategy_id != strategy.pk],
        own_challenges=[c for c in linked if c.strategy_id == strategy.pk],
        priorities=list(dict.fromkeys(priorities.get(goal.pk, []))),
        sub_indicators=_order(d for d in below if d.kind == Goal.SHORT_MEDIUM),
        indicators=_order(indicators),
        upper_goals=_order(upper),
    )

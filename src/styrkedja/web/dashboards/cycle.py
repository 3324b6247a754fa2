"""Reads of the yearly cycle for pages, documents and the API: a few set-based queries each.

Visibility: analysts (and administrators) see every round, draft assessments included; everyone
else who may read sees published rounds of the strategies they can see, and published assessments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from styrkedja.analytics.rollup import NEEDS_ATTENTION, counts_worst_first, worst_status

from ..core.permissions import is_analyst
from ..followup.models import Action, Assessment, KnowledgeNeed, Round, RoundStatus
from ..strategies.models import Goal
from . import queries as q

# "Few" contributing initiatives: at most this many (the seed: "gör vi vad vi ska?").
FEW_INITIATIVES = 1


def visible_rounds(user: Any) -> QuerySet[Round]:
    qs = Round.objects.select_related("strategy", "run")
    if is_analyst(user):
        return qs
    return qs.filter(state="published", strategy__in=q.visible_strategies(user))


def published_rounds_of(strategy_ids: Iterable[int]) -> QuerySet[Round]:
    """Published rounds only: what every reader may see (cached page fragments use these)."""
    return Round.objects.filter(state="published", strategy_id__in=list(strategy_ids))


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("round", "goal")
    return qs if is_analyst(user) else qs.filter(state=Assessment.PUBLISHED)


def status_history(goal_ids: Iterable[int], rounds: QuerySet[Round]) -> dict[int, list[RoundStatus]]:
    """Each goal's status per round, oldest round first."""
    out: dict[int, list[RoundStatus]] = defaultdict(list)
    for rs in (
        RoundStatus.objects.filter(goal_id__in=list(goal_ids), round__in=rounds)
        .select_related("round")
        .order_by("round__year", "round_id")
    ):
        out[rs.goal_id].append(rs)
    return out


def changed_goals(history: dict[int, list[RoundStatus]]) -> set[int]:
    """Goals whose status in their latest round differs from the round before (goals with two rounds or more)."""
    return {g for g, rows in history.items() if len(rows) >= 2 and rows[-1].status != rows[-2].status}


@dataclass
class NeedsAction:
    goal: Goal
    status: str
    initiatives: int
    no_progress: bool  # the contributing initiatives' own goals are all behind (their reports show no progress)


def needs_action(round_: Round, user: Any) -> list[NeedsAction]:
    """The round's strategy goals that are off track or at risk and have few or no contributing
    initiatives, or initiatives whose own goals are all behind in the round."""
    every = dict(RoundStatus.objects.filter(round=round_).values_list("goal_id", "status"))
    own = set(Goal.objects.filter(strategy=round_.strategy).values_list("id", flat=True))
    return needs_action_for({g: s for g, s in every.items() if g in own}, user, every)


def needs_action_for(statuses: dict[int, str], user: Any, others: dict[int, str] | None = None) -> list[NeedsAction]:
    """`statuses`: the strategy goals to judge; `others`: statuses of the initiatives' goals (default: the
    latest evaluation run's)."""
    flagged = [g for g, s in statuses.items() if s in NEEDS_ATTENTION]
    if not flagged:
        return []
    graph = q.load_graph_below(flagged)
    visible = set(q.visible_initiatives(user).values_list("id", flat=True))
    initiative_goals = {g for g, i in graph.goal_initiative.items() if i in visible}
    if others is None:
        others = latest_goal_statuses(initiative_goals)
    goals = {g.pk: g for g in Goal.objects.filter(pk__in=flagged)}
    out = []
    for gid in flagged:
        n = len(graph.initiatives_serving(gid) & visible)
        known = [others.get(g, "no_data") for g in graph.downstream(gid) & initiative_goals]
        known = [s for s in known if s != "no_data"]
        behind = bool(known) and all(s in NEEDS_ATTENTION for s in known)
        if n <= FEW_INITIATIVES or behind:
            out.append(NeedsAction(goals[gid], statuses[gid], n, behind))
    return sorted(out, key=lambda x: (x.goal.position, x.goal.key))


def latest_goal_statuses(goal_ids: Iterable[int]) -> dict[int, str]:
    """Each goal's status in the latest evaluation run: the worst of its targets (or trend)."""
    run = q.latest_run()
    results = q.results_by_goal(run, goal_ids)
    return {g: worst_status(r.status for r in results.get(g, [])) for g in goal_ids} if run else {}


def rollup(goal_ids: Iterable[int], statuses: dict[int, str]) -> dict[int, list[tuple[str, int]]]:
    """For each goal, its direct contributors' statuses counted, worst first (goals without contributors: none)."""
    ids = list(goal_ids)
    below: dict[int, list[int]] = defaultdict(list)
    for src, dst in Goal.contributes_to.through.objects.filter(to_goal_id__in=ids).values_list(
        "from_goal_id", "to_goal_id"
    ):
        below[dst].append(src)
    missing = {c for cs in below.values() for c in cs} - set(statuses)
    statuses = {**statuses, **latest_goal_statuses(missing)} if missing else statuses
    return {g: counts_worst_first(statuses.get(c, "no_data") for c in cs) for g, cs in below.items()}


def actions_for(round_ids: Iterable[int] | None = None, goal: Goal | None = None) -> QuerySet[Action]:
    qs = Action.objects.select_related("round", "owner").prefetch_related("goals")
    if round_ids is not None:
        qs = qs.filter(round_id__in=list(round_ids))
    if goal is not None:
        qs = qs.filter(goals=goal)
    return qs


def knowledge_needs_for(round_ids: Iterable[int] | None = None, goal: Goal | None = None) -> QuerySet[KnowledgeNeed]:
    qs = KnowledgeNeed.objects.select_related("round", "owner").prefetch_related("goals")
    if round_ids is not None:
        qs = qs.filter(round_id__in=list(round_ids))
    if goal is not None:
        qs = qs.filter(goals=goal)
    return qs

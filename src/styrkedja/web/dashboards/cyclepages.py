"""What the rounds add to the dashboards' pages (goal page, overview, tree), as context functions and
included templates, so the dashboards' views only call these.

The goal page's and the overview's main content is cached per visibility (not per user), so what
goes in there is what every reader may see: published rounds and published assessments only.
What only analysts see (open rounds to assess in) is rendered outside the cache (`open_rounds_for`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string

from ..core.permissions import is_analyst
from ..followup.models import Assessment, Round
from ..strategies.models import Goal, Strategy
from . import cycle as rq


def goal_cycle_html(goal: Goal, user: Any) -> str:
    """The goal's status history, latest published assessment (with its versions), actions, knowledge
    needs and the roll-up of its contributors: published rounds only (the fragment is shared)."""
    rounds = Round.objects.filter(state="published", strategy__in=_strategies_visible(user))
    history = rq.status_history([goal.pk], rounds).get(goal.pk, [])
    round_ids = [h.round_id for h in history]
    published = list(
        Assessment.objects.filter(goal=goal, round_id__in=round_ids, state=Assessment.PUBLISHED)
        .select_related("round")
        .order_by("-round__year", "-version", "-id")
    )
    current = next((a for a in published if not _is_superseded(a, published)), None)
    rollup = rq.rollup([goal.pk], rq.latest_goal_statuses([goal.pk])).get(goal.pk, [])
    context = {
        "goal": goal,
        "history": history,
        "assessment": current,
        "earlier_versions": [a for a in published if a is not current and current and a.round_id == current.round_id],
        "actions": list(rq.actions_for(round_ids, goal)),
        "needs": list(rq.knowledge_needs_for(round_ids, goal)),
        "rollup": rollup,
    }
    return render_to_string("rounds/_goal_cycle.html", context)


def _is_superseded(a: Assessment, published: list[Assessment]) -> bool:
    return any(b.supersedes_id == a.pk for b in published)


def _strategies_visible(user: Any) -> Iterable[Strategy]:
    from . import queries as q

    return q.visible_strategies(user)


def open_rounds_for(user: Any, goal_key: str) -> list[Round]:
    """Rounds an analyst can assess this goal in (not cached: per user)."""
    if not is_analyst(user):
        return []
    return list(Round.objects.filter(statuses__goal__key=goal_key).select_related("strategy").order_by("-year"))


def overview_cycle(strategy: Strategy | None, goal_ids: list[int], user: Any) -> dict[str, Any]:
    """For the overview: goals whose status changed between the strategy's last two published rounds,
    and the goals that need an action (off track or at risk with few contributing initiatives)."""
    if strategy is None:
        return {"changed": set(), "needs_action": [], "rounds": []}
    rounds = rq.published_rounds_of([strategy.pk])
    history = rq.status_history(goal_ids, rounds)
    statuses = rq.latest_goal_statuses(goal_ids)
    own = {g: s for g, s in statuses.items() if g in set(goal_ids)}
    return {
        "changed": rq.changed_goals(history),
        "needs_action": rq.needs_action_for(own, user),
        "rounds": list(rounds.order_by("-year")[:2]),
        "history": history,
    }


def annotate_tree(goals: Iterable[Goal]) -> None:
    """Set `cycle_status` (the latest run's status) and `rollup` (contributors' statuses, worst first)
    on the tree's goals: three queries for the whole tree."""
    goals = list(goals)
    ids = [g.pk for g in goals]
    statuses = rq.latest_goal_statuses(ids)
    rollups = rq.rollup(ids, statuses)
    for g in goals:
        g.cycle_status = statuses.get(g.pk, "")  # type: ignore[attr-defined]
        g.rollup = rollups.get(g.pk, [])  # type: ignore[attr-defined]

"""The chain diagram with the traceability matrix, and the portfolio mapping."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from styrkedja.analytics.rollup import OFF_TRACK

from ...core.permissions import sees_unpublished
from ...projects.models import Activity
from ...strategies.models import Goal, Strategy
from .. import queries as q
from .. import traceability
from ..cycle import latest_goal_statuses
from .common import _guard


class _Chain:
    """The visible part of the chain, read once, and the diagram's nodes built from it."""

    def __init__(self, user: Any) -> None:
        self.strategies = list(q.visible_strategies(user))
        self.sids = {s.pk for s in self.strategies}
        self.goals = {g.pk: g for g in q.visible_goals(user).select_related("strategy", "initiative", "indicator")}
        self.initiatives = {i.pk: i for i in q.visible_initiatives(user)}
        self.activities = {a.pk: a for a in Activity.objects.filter(initiative_id__in=self.initiatives)}
        self.graph = q.load_graph()
        self.statuses = latest_goal_statuses(list(self.goals))

    def _by_position(self, ids: Any) -> list[Goal]:
        return sorted((self.goals[g] for g in ids if g in self.goals), key=lambda g: (g.position, g.key))

    def initiative_nodes(self, gid: int) -> list[dict[str, Any]]:
        """Initiatives whose goals contribute (directly or via their own goals) to the goal."""
        by_ini: dict[int, set[int]] = {}
        for contributor in self.graph.downstream(gid):
            ini = self.graph.goal_initiative.get(contributor)
            if ini in self.initiatives and contributor in self.goals:
                by_ini.setdefault(ini, set()).add(contributor)
        out = []
        for ini_id, own in sorted(
            by_ini.items(), key=lambda x: (self.initiatives[x[0]].position, self.initiatives[x[0]].key)
        ):
            acts = {a for g in own for a in self.graph.fed_by.get(g, ()) if a in self.activities}
            acts |= {a for a, i in self.graph.activity_initiative.items() if i == ini_id and a in self.activities}
            out.append(
                {
                    "initiative": self.initiatives[ini_id],
                    "goals": [self._goal(g) for g in self._by_position(own)],
                    "activities": sorted((self.activities[a] for a in acts), key=lambda a: (a.position, a.key)),
                }
            )
        return out

    def _goal(self, g: Goal) -> Goal:
        g.cycle_status = self.statuses.get(g.pk, "")  # type: ignore[attr-defined]
        return g

    def rus_node(self, g: Goal) -> dict[str, Any]:
        """A RUS goal with the other strategies' goals contributing to it and the initiatives below them."""
        subs = [
            sg
            for sg in self._by_position(self.graph.down.get(g.pk, ()))
            if sg.strategy_id in self.sids and sg.strategy_id != g.strategy_id
        ]
        below_subs = {x for sg in subs for x in self.graph.downstream(sg.pk)}
        direct = [n for n in self.initiative_nodes(g.pk) if not {x.pk for x in n["goals"]} & below_subs]
        return {
            "goal": self._goal(g),
            "subgoals": [{"goal": self._goal(sg), "initiatives": self.initiative_nodes(sg.pk)} for sg in subs],
            "direct_initiatives": direct,
        }

    def diagram(self) -> list[dict[str, Any]]:
        out = []
        for s in self.strategies:
            if s.level == Strategy.RUS:
                own = self._by_position(gid for gid, g in self.goals.items() if g.strategy_id == s.pk)
                out.append({"strategy": s, "goals": [self.rus_node(g) for g in own]})
        return out


def chain(request: HttpRequest) -> HttpResponse:
    """Styrkedjan: RUS goals -> sub-strategy goals -> initiatives -> activities, and the traceability matrices."""
    if (denied := _guard(request)) is not None:
        return denied
    c = _Chain(request.user)
    context = {
        "diagram": c.diagram(),
        "matrices": traceability.build(c.strategies, c.goals, c.graph, c.statuses),
        "link_initiatives": sees_unpublished(request.user),
    }
    return render(request, "dashboards/chain.html", context)


# ---------------------------------------------------------------- portfolio mapping (insatskartläggning)


def portfolio(request: HttpRequest) -> HttpResponse:
    """Goals x initiatives with budget and hours; goals no initiative serves and initiatives serving no goal."""
    if (denied := _guard(request)) is not None:
        return denied
    strategies = list(q.visible_strategies(request.user))
    sids = {s.pk for s in strategies}
    goals = list(
        Goal.objects.filter(strategy_id__in=sids)
        .select_related("strategy")
        .order_by("strategy__position", "strategy__key", "position", "key")
    )
    initiatives = list(q.visible_initiatives(request.user).prefetch_related("activities").select_related("strategy"))
    graph = q.load_graph()
    goal_ids = {g.pk for g in goals}
    served: dict[int, set[int]] = {}
    ini_rows: list[dict[str, Any]] = []
    for ini in initiatives:
        reach = graph.goals_served_by(ini.pk) & goal_ids
        served[ini.pk] = reach
        hours = [a.total_hours for a in ini.activities.all() if a.total_hours is not None]
        ini_rows.append({"initiative": ini, "hours": sum(hours) if hours else None, "goals": reach})
    statuses = latest_goal_statuses(goal_ids)
    goal_rows = []
    for g in goals:
        serving = [r for r in ini_rows if g.pk in r["goals"]]
        status = statuses.get(g.pk, "")
        budget = [r["initiative"].budget for r in serving if r["initiative"].budget is not None]
        hours = [r["hours"] for r in serving if r["hours"] is not None]
        goal_rows.append(
            {
                "goal": g,
                "cells": [g.pk in r["goals"] for r in ini_rows],
                "n": len(serving),
                "status": status,
                "alone": not serving and status in OFF_TRACK,
                "budget": sum(budget) if budget else None,
                "hours": sum(hours) if hours else None,
            }
        )
    context = {
        "goal_rows": goal_rows,
        "ini_rows": ini_rows,
        "unserved": [r["goal"] for r in goal_rows if r["n"] == 0],
        "alone": [r for r in goal_rows if r["alone"]],
        "idle": [r["initiative"] for r in ini_rows if not r["goals"]],
    }
    return render(request, "dashboards/portfolio.html", context)


# ---------------------------------------------------------------- comparison across the counties

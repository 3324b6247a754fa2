"""The chain diagram with the traceability matrix, and the portfolio mapping."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ...projects.models import Activity
from ...strategies.models import Challenge, Goal, Priority, Strategy
from .. import queries as q
from .common import _guard


def chain(request: HttpRequest) -> HttpResponse:  # noqa: C901 - one page, two views of the same graph
    """Styrkedjan: RUS goals -> sub-strategy goals -> initiatives -> activities, and the RIS traceability matrix."""
    if (denied := _guard(request)) is not None:
        return denied
    strategies = list(q.visible_strategies(request.user))
    sids = {s.pk for s in strategies}
    goals = {g.pk: g for g in q.visible_goals(request.user).select_related("strategy", "initiative", "indicator")}
    initiatives = {i.pk: i for i in q.visible_initiatives(request.user)}
    activities = {a.pk: a for a in Activity.objects.filter(initiative_id__in=initiatives)}
    graph = q.load_graph()
    rus = [s for s in strategies if s.level == Strategy.RUS]

    def strategy_goal(gid: int) -> bool:
        g = goals.get(gid)
        return g is not None and g.strategy_id in sids

    def initiative_nodes(gids: set[int]) -> list[dict[str, Any]]:
        """Initiatives whose goals contribute (directly or via their own goals) to the given goals."""
        by_ini: dict[int, set[int]] = {}
        for gid in gids:
            for contributor in graph.downstream(gid):
                ini = graph.goal_initiative.get(contributor)
                if ini in initiatives and contributor in goals:
                    by_ini.setdefault(ini, set()).add(contributor)
        out = []
        for ini_id, own in sorted(by_ini.items(), key=lambda x: (initiatives[x[0]].position, initiatives[x[0]].key)):
            acts = {a for g in own for a in graph.fed_by.get(g, ()) if a in activities}
            acts |= {a for a, i in graph.activity_initiative.items() if i == ini_id and a in activities}
            out.append(
                {
                    "initiative": initiatives[ini_id],
                    "goals": sorted((goals[g] for g in own), key=lambda g: (g.position, g.key)),
                    "activities": sorted((activities[a] for a in acts), key=lambda a: (a.position, a.key)),
                }
            )
        return out

    diagram = []
    for s in rus:
        nodes = []
        for g in sorted((g for g in goals.values() if g.strategy_id == s.pk), key=lambda g: (g.position, g.key)):
            subs = sorted(
                (goals[c] for c in graph.down.get(g.pk, ()) if strategy_goal(c) and goals[c].strategy_id != s.pk),
                key=lambda x: (x.position, x.key),
            )
            nodes.append(
                {
                    "goal": g,
                    "subgoals": [{"goal": sg, "initiatives": initiative_nodes({sg.pk})} for sg in subs],
                    "direct_initiatives": [
                        n
                        for n in initiative_nodes({g.pk})
                        if not any(set(n["goals"]) & set(goals[x] for x in graph.downstream(sg.pk)) for sg in subs)
                    ],
                }
            )
        diagram.append({"strategy": s, "goals": nodes})

    # the traceability matrix of the RIS table: one row per sub-strategy goal
    challenges: dict[int, list[Challenge]] = {}
    for c in Challenge.objects.filter(strategy_id__in=sids).prefetch_related("goals").select_related("strategy"):
        for g in c.goals.all():
            challenges.setdefault(g.pk, []).append(c)
    priorities: dict[int, list[Priority]] = {}
    for p in Priority.objects.filter(strategy_id__in=sids).prefetch_related("goals"):
        for g in p.goals.all():
            priorities.setdefault(g.pk, []).append(p)
    rus_ids = {s.pk for s in rus}
    matrix = []
    for g in sorted(goals.values(), key=lambda g: (g.strategy.position if g.strategy else 0, g.position, g.key)):
        if g.strategy_id is None or g.strategy_id in rus_ids:
            continue
        ups = [goals[u] for u in graph.upstream([g.pk]) if u in goals and goals[u].strategy_id in rus_ids]
        subs = [goals[d] for d in graph.down.get(g.pk, ()) if d in goals]
        matrix.append(
            {
                "goal": g,
                "rus_challenges": [c for u in ups for c in challenges.get(u.pk, [])],
                "challenges": challenges.get(g.pk, []),
                "priorities": priorities.get(g.pk, []),
                "sub_indicators": [(d, d.indicator) for d in subs if d.indicator_id],
                "indicator": g.indicator,
                "rus": ups,
            }
        )
    return render(request, "dashboards/chain.html", {"diagram": diagram, "matrix": matrix})


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
    goal_rows = []
    for g in goals:
        serving = [r for r in ini_rows if g.pk in r["goals"]]
        budget = [r["initiative"].budget for r in serving if r["initiative"].budget is not None]
        hours = [r["hours"] for r in serving if r["hours"] is not None]
        goal_rows.append(
            {
                "goal": g,
                "cells": [g.pk in r["goals"] for r in ini_rows],
                "n": len(serving),
                "budget": sum(budget) if budget else None,
                "hours": sum(hours) if hours else None,
            }
        )
    context = {
        "goal_rows": goal_rows,
        "ini_rows": ini_rows,
        "unserved": [r["goal"] for r in goal_rows if r["n"] == 0],
        "idle": [r["initiative"] for r in ini_rows if not r["goals"]],
    }
    return render(request, "dashboards/portfolio.html", context)


# ---------------------------------------------------------------- comparison across the counties

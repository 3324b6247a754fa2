"""The chain as a tree (`/`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ...core.permissions import sees_unpublished
from ...projects.models import Activity, Initiative
from ...strategies.models import Strategy
from .. import queries as q
from ..cyclepages import annotate_tree
from .common import _goal_queryset, _guard


def home(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    strategies = q.visible_strategies(request.user).prefetch_related(Prefetch("goals", queryset=_goal_queryset()))
    initiatives = Initiative.objects.prefetch_related(
        Prefetch("goals", queryset=_goal_queryset()),
        Prefetch("activities", queryset=Activity.objects.prefetch_related("feeds")),
    )
    by_strategy: dict[int | None, list[Initiative]] = {}
    for ini in initiatives:
        by_strategy.setdefault(ini.strategy_id, []).append(ini)
    strategy_list = list(strategies)
    children: dict[int | None, list[Strategy]] = {}
    for s in strategy_list:
        children.setdefault(s.parent_id, []).append(s)
    shown = {s.pk for s in strategy_list}

    def node(s: Strategy) -> dict[str, Any]:
        return {
            "strategy": s,
            "goals": list(s.goals.all()),
            "children": [node(c) for c in children.get(s.pk, [])],
            "initiatives": by_strategy.get(s.pk, []),
        }

    annotate_tree([g for s in strategy_list for g in s.goals.all()] + [g for i in initiatives for g in i.goals.all()])
    roots = [node(s) for s in strategy_list if s.parent_id is None or s.parent_id not in shown]
    loose = by_strategy.get(None, []) if sees_unpublished(request.user) else []
    return render(request, "dashboards/home.html", {"roots": roots, "loose_initiatives": loose})


# ---------------------------------------------------------------- overview

"""Read-only pages. The first one: the chain as a navigable tree."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..projects.models import Activity, Initiative
from ..strategies.models import Goal, Strategy


def _goal_queryset():  # type: ignore[no-untyped-def]
    return Goal.objects.select_related("indicator").prefetch_related("targets", "contributes_to")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated and not settings.PUBLIC_READ:
        return redirect_to_login(request.get_full_path())
    strategies = Strategy.objects.select_related("area", "parent").prefetch_related(
        Prefetch("goals", queryset=_goal_queryset())
    )
    if not request.user.is_authenticated:
        strategies = strategies.filter(published=True)
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

    roots = [node(s) for s in strategy_list if s.parent_id is None or s.parent_id not in shown]
    loose = by_strategy.get(None, []) if request.user.is_authenticated else []
    return render(request, "dashboards/home.html", {"roots": roots, "loose_initiatives": loose})

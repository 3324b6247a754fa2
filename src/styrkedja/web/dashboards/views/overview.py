"""The overview: every goal's status, probability and trend."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styrkedja.analytics.change import change_sentence, latest_change
from styrkedja.reports import assemble, charts

from ...strategies.models import Goal, Strategy
from .. import cache as fc
from .. import provenance
from .. import queries as q
from .. import records as rec
from ..cyclepages import overview_cycle
from .common import _guard


def overview(request: HttpRequest) -> HttpResponse:
    """Översikt: every goal of the chosen strategy with status, probability, sparkline, latest value
    against the target, data through, and the number of contributing initiatives.

    The main content (heading, filters, rows) is cached (`cache.py`); the response around it is not."""
    if (denied := _guard(request)) is not None:
        return denied
    filters = (
        request.GET.get("strategi", "")[:200],
        request.GET.get("niva", "")[:50],
        request.GET.get("status", "")[:50],
        request.GET.get("andrad", "")[:5],
    )
    key = fc.fragment_key("overview", "", filters, request.user)
    fragment = fc.cached_fragment(key, lambda: _overview_fragment(request.user, *filters))
    if request.headers.get("HX-Request"):
        return HttpResponse(mark_safe(fragment["rows"]))
    return render(request, "dashboards/overview.html", {"content": mark_safe(fragment["content"])})


def _row(
    g: Goal, figures: assemble.GoalFigures, points: list[Any], initiatives: int, source: str | None
) -> dict[str, Any]:
    ind = g.indicator
    spark = None
    if ind is not None and points:
        spark = q.chart(charts.sparkline, points, q.meta_for(ind, q.indicator_name(ind), source))
    decimals = ind.decimals if ind else 1
    unit = ind.unit if ind else ""
    return {
        "goal": g,
        "results": [
            {
                "result": f,
                "target_text": f.target_text,
                "benchmark": assemble.benchmark_line(f, decimals, unit, q.lang()),
            }
            for f in figures.targets
        ],
        "main": figures.main,
        "spark": spark,
        "decimals": decimals,
        "unit": unit,
        "change": _change(points, decimals, unit),
        "initiatives": initiatives,
        "first_target": figures.goal.targets[0].text if figures.goal.targets else "",
    }


def _change(points: list[Any], decimals: int, unit: str) -> dict[str, str] | None:
    """The series' latest change (`analytics.change`): an arrow and a sentence, the values as shown."""
    change = latest_change(points, decimals)
    if change is None:
        return None
    words = (q.number(change.from_value, decimals), q.number(change.to_value, decimals))
    return {"arrow": change.arrow, "direction": change.direction, "text": change_sentence(change, words, q.lang())}


def _strategy_goals(chosen: Strategy, kind: str) -> list[Goal]:
    goals = list(
        Goal.objects.filter(strategy=chosen)
        .select_related("indicator", "area", "strategy__area")
        .prefetch_related(*rec.goal_prefetch())
    )
    return [g for g in goals if g.kind == kind] if kind in {Goal.LONG_TERM, Goal.SHORT_MEDIUM} else goals


def _overview_fragment(user: Any, key: str, kind: str, status: str, changed: str = "") -> dict[str, str]:
    strategies = list(q.visible_strategies(user))
    chosen = None
    if key:
        chosen = next((s for s in strategies if s.key == key), None)
    if chosen is None:
        chosen = next((s for s in strategies if s.level == Strategy.RUS), strategies[0] if strategies else None)
    rows: list[dict[str, Any]] = []
    all_figures: list[assemble.GoalFigures] = []
    run = q.latest_run()
    cycle: dict[str, Any] = {}
    if chosen is not None:
        goals = _strategy_goals(chosen, kind)
        cycle = overview_cycle(chosen, [g.pk for g in goals], user)
        if changed:
            goals = [g for g in goals if g.pk in cycle["changed"]]
        results = q.results_by_goal(run, [g.pk for g in goals])
        graph = q.load_graph_below(g.pk for g in goals)
        area_of = {g.pk: (g.area or chosen.area) for g in goals}
        series = q.series_for((g.indicator_id or 0, area_of[g.pk].pk) for g in goals)
        sources = provenance.sources_for({g.indicator for g in goals if g.indicator is not None})
        for g in goals:
            # The figures are the assembly layer's, the same objects the goal page and the report render.
            figures = assemble.goal_figures(
                rec.goal_in(g, area_of[g.pk]), None, rec.results_in(results.get(g.pk, []), g), q.lang()
            )
            all_figures.append(figures)  # the summary counts every goal of the strategy, whatever the filter
            statuses = [f.status for f in figures.targets] or ["no_data"]
            if status and status not in statuses:
                continue
            points = series.get((g.indicator_id or 0, area_of[g.pk].pk), [])
            source = sources.get(g.indicator.pk) if g.indicator is not None else None
            # Every visitor sees the same count: how many initiatives work for a goal is part of the answer,
            # even when an initiative's own page is not public.
            rows.append(_row(g, figures, points, len(graph.initiatives_serving(g.pk)), source))
    context = {
        "strategies": strategies,
        "chosen": chosen,
        "kind": kind,
        "status": status,
        "statuses": [(s, q.status_info(s)["text"]) for s in q.STATUS_FILTER],
        "kinds": Goal.KINDS,
        "rows": rows,
        "run": run,
        "cycle": cycle,
        "changed": changed,
        "rows_total": len(all_figures),
        "summary": assemble.status_counts(all_figures, q.lang(), always=assemble.HEADLINE) if all_figures else (),
    }
    # Rendered without the request: nothing per user (CSRF token, name, messages) can enter the cache.
    rows_html = render_to_string("dashboards/_overview_rows.html", context)
    content = render_to_string("dashboards/_overview_content.html", {**context, "rows_html": mark_safe(rows_html)})
    return {"rows": rows_html, "content": content}


# ---------------------------------------------------------------- goal page

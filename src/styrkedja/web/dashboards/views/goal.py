"""A goal's page: its chart, explanation, ranks, assessment and the chain around it; activities."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.reports import assemble, charts

from ...areas.models import Area
from ...core.permissions import is_analyst
from ...followup.models import Assessment
from ...followup.services import add_assessment, assessment_is_valid
from ...projects.models import Activity
from ...strategies.models import Goal
from .. import cache as fc
from .. import queries as q
from .. import records as rec
from ..cyclepages import goal_cycle_html, open_rounds_for
from ..why import goal_why, initiative_statuses
from .common import _guard


def _legend(band: bool, fan: charts.Fan | None) -> list[str]:
    """What the chart's fields mean (the drawn legend names only the lines)."""
    out = []
    if band:
        out.append(
            _("The grey field shows the spread among the peers: half of them lie within it (25th–75th percentile).")
        )
    if fan is not None:
        out.append(
            _(
                "The shaded fan up to %(year)s is the forecast: the dashed line is the most likely path, and the "
                "value is expected within the fan with %(level)s %% probability."
            )
            % {"year": fan.target_year, "level": round(fan.level * 100)}
        )
    return out


def _goal_figures(
    goal: Goal, area: Area | None, results: list[Any]
) -> tuple[assemble.GoalFigures, tuple[charts.Point, ...]]:
    """The goal's figures and chart from the assembly layer: the same objects the yearly report renders.
    Ranks, growth and forecast are the evaluation's; nothing is recomputed for the page. Also the
    observations the chart was drawn from (the "why" section reads the region's latest change there)."""
    ind = goal.indicator
    goal_rec = rec.goal_in(goal, area)
    ind_rec = rec.indicator_in(ind, rec.publishers([ind.pk]).get(ind.pk, "")) if ind is not None else None
    points = rec.points_of(ind, goal_rec.municipal) if ind is not None and area is not None else ()
    figures = assemble.assemble_goal(goal_rec, ind_rec, points, rec.results_in(results, goal), q.lang(), make=q.chart)
    return figures, points


def goal_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A goal: chart, explanation, values, ranks, assessment, evidence class and the chain around it.

    Everything but the analyst's assessment form is cached (`cache.py`); an unknown or hidden goal
    raises 404 while building, so it is never cached."""
    if (denied := _guard(request)) is not None:
        return denied
    cache_key = fc.fragment_key("goal", key[:200], (), request.user)
    fragment = fc.cached_fragment(cache_key, lambda: _goal_fragment(request.user, key))
    context = {
        "title": fragment["title"],
        "main": mark_safe(fragment["main"]),
        "history": mark_safe(fragment["history"]),
        "cycle": mark_safe(fragment["cycle"]),
        "open_rounds": open_rounds_for(request.user, key),
        "goal_key": key,
        "can_assess": is_analyst(request.user),
        "this_year": timezone.now().year,
        "ratings": Assessment.RATINGS,
    }
    return render(request, "dashboards/goal.html", context)


def _evidence(goal: Goal) -> str:
    """The goal's evidence class, else its indicator's."""
    if goal.followup_class:
        return str(goal.get_followup_class_display())
    ind = goal.indicator
    return str(ind.get_followup_class_display()) if ind is not None and ind.followup_class else ""


def _goal_fragment(user: Any, key: str) -> dict[str, str]:
    goal = get_object_or_404(
        q.visible_goals(user)
        .select_related("indicator", "area", "strategy__area", "initiative__area")
        .prefetch_related("targets__peer_group__members", "challenges", "priorities"),
        key=key,
    )
    area = goal.measured_area()
    run = q.latest_run()
    results = q.results_by_goal(run, [goal.pk]).get(goal.pk, [])
    graph = q.load_graph_below([goal.pk])
    up_ids = graph.up.get(goal.pk, set())
    down_ids = graph.downstream(goal.pk) - {goal.pk}
    related = {
        g.pk: g
        for g in q.visible_goals(user)
        .filter(pk__in=up_ids | down_ids)
        .select_related("strategy", "initiative", "indicator")
    }
    contributes_to = [related[i] for i in up_ids if i in related]
    contributors = [related[i] for i in down_ids if i in related]
    initiative_ids = graph.initiatives_serving(goal.pk)
    initiatives = list(q.visible_initiatives(user).filter(pk__in=initiative_ids).select_related("strategy"))
    # the activities of the contributing initiatives (their means), and any activity feeding the goals below
    activity_ids = {a for g in (down_ids | {goal.pk}) for a in graph.fed_by.get(g, ())}
    activity_ids |= {a for a, i in graph.activity_initiative.items() if i in initiative_ids}
    activities = list(
        Activity.objects.filter(pk__in=activity_ids, initiative__in=initiatives).select_related("initiative")
    )
    targets = {t.pk: t for t in goal.targets.all()}
    figures, points = _goal_figures(goal, area, results)
    assessments = list(goal.assessments.filter(state=Assessment.PUBLISHED).select_related("author"))
    evidence = _evidence(goal)
    context = {
        "goal": goal,
        "area": area,
        "run": run,
        "results": [{"result": f, "target_text": f.target_text, "explanation": f.explanation} for f in figures.targets],
        "targets": list(targets.values()),
        "chart": figures.chart,
        "ranks": figures.ranks,
        "chart_legend": _legend(figures.chart_band, figures.chart_fan),
        "assessments": assessments,
        "evidence": evidence,
        "contributes_to": sorted(contributes_to, key=lambda g: (g.position, g.key)),
        "contributors": sorted(contributors, key=lambda g: (g.initiative_id is not None, g.position, g.key)),
        "initiatives": initiative_statuses(initiatives),
        # the overview counts every initiative for every visitor; here the ones not public are counted, not named
        "unlisted_initiatives": len(initiative_ids) - len(initiatives),
        "activities": activities,
        "why": goal_why(goal, area, figures, points),
        "indicator_name": q.indicator_name(goal.indicator),
    }
    # Rendered without the request: nothing per user (CSRF token, name, messages) can enter the cache.
    return {
        "title": str(goal.name),
        "main": render_to_string("dashboards/_goal_main.html", context),
        "history": render_to_string("dashboards/_goal_history.html", context),
        "cycle": goal_cycle_html(goal, user),
    }


@require_POST
def goal_assess(request: HttpRequest, key: str) -> HttpResponse:
    """An analyst writes an assessment: a new row each time (the history stays), audited."""
    if not is_analyst(request.user):
        raise PermissionDenied
    goal = get_object_or_404(Goal, key=key)
    text = request.POST.get("text", "").strip()
    rating = request.POST.get("rating", "")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not assessment_is_valid(text, rating, year):
        from django.contrib import messages

        messages.error(request, _("Write the assessment, and give a year and a rating."))
        return redirect("dashboards:goal", key=key)
    add_assessment(goal, year, rating, text, request.user)
    return redirect(f"{redirect('dashboards:goal', key=key).url}#assessment")


def activity_detail(request: HttpRequest, key: str) -> HttpResponse:
    """An activity: what it is, its volume, and the goals it feeds (links back up the chain)."""
    if (denied := _guard(request)) is not None:
        return denied
    activity = get_object_or_404(
        Activity.objects.filter(initiative__in=q.visible_initiatives(request.user))
        .select_related("initiative__strategy")
        .prefetch_related("feeds"),
        key=key,
    )
    return render(request, "dashboards/activity.html", {"activity": activity})


# ---------------------------------------------------------------- indicators

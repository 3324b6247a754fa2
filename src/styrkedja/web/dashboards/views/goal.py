"""A goal's page: its chart, explanation, ranks, assessment and the chain around it; activities."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.data import RIKET
from styrkedja.reports import charts

from ...areas.models import Area
from ...core.permissions import is_analyst
from ...followup.models import Assessment
from ...followup.services import add_assessment, assessment_is_valid
from ...projects.models import Activity
from ...strategies.models import Goal
from .. import cache as fc
from .. import queries as q
from ..cyclepages import goal_cycle_html, open_rounds_for
from .common import _guard
from .overview import _target_text


def _index_base(goal: Goal, targets: list[Any], region: list[charts.Point]) -> str | None:
    """The period the goal's chart is indexed to: the target's base year, the baseline, else the first year."""
    periods = [p.period for p in region if p.value is not None]
    for candidate in [*(str(t.base_year) for t in targets if t.base_year), goal.baseline_period]:
        if candidate and candidate in periods:
            return candidate
    return periods[0] if periods else None


def _goal_chart(goal: Goal, area: Area, results: list[Any]) -> dict[str, Any]:
    """The region against Riket, the peer median and spread, the target and the forecast fan; ranks."""
    ind = goal.indicator
    if ind is None:
        return {}
    level = area.level
    if level == Area.MUNICIPALITY:
        points = q.area_points(ind, [Area.COUNTRY, Area.MUNICIPALITY])
    else:
        points = q.area_points(ind, [Area.COUNTRY, Area.COUNTY])
    region = sorted((p for p in points if p.area_code == area.code), key=lambda p: charts.period_to_year(p.period) or 0)
    country = sorted((p for p in points if p.area_code == RIKET), key=lambda p: charts.period_to_year(p.period) or 0)
    targets = list(goal.targets.all())
    peer_codes: set[str] | None = None
    for t in targets:
        if t.peer_group_id:
            peer_codes = {m.code for m in t.peer_group.members.all()}  # type: ignore[union-attr]
            break
    peers = [p for p in points if p.area_code != RIKET and (peer_codes is None or p.area_code in peer_codes)]
    meta = q.meta_for(ind)
    # Levels (counts, money) of a county and of Riket differ by orders of magnitude: compare them as an
    # index with the base year = 100. Shares and rates are comparable as they are.
    index_base = _index_base(goal, targets, region) if ind.measure_type not in ("share", "rate") else None
    raw_region = region
    if index_base is not None:
        first_year = charts.period_to_year(index_base) or 0
        region = charts.index_points(region, index_base)
        country = [
            p for p in charts.index_points(country, index_base) if (charts.period_to_year(p.period) or 0) >= first_year
        ]
        peers = charts.index_points(peers, index_base)
        meta = dataclasses.replace(meta, unit=_("index, %(year)s = 100") % {"year": index_base})
    median, band = charts.peer_summary(peers)
    target_mark = None
    for t in targets if index_base is None else []:
        if t.value is not None and t.rule in ("level", "share"):
            target_mark = charts.TargetMark(
                t.target_year, t.value, f"{t.operator} {q.number(t.value, ind.decimals)} {t.target_year}"
            )
            break
    if target_mark is None and targets:
        t = targets[0]
        target_mark = charts.TargetMark(t.target_year, None, f"{_('Target')} {t.target_year}")
    fan = None
    last_by_year = {int(charts.period_to_year(p.period) or 0): p.value for p in region if p.value is not None}
    base_value = next((p.value for p in raw_region if p.period == index_base), None)
    for r in results:
        fc = (r.detail or {}).get("forecast")
        if fc and fc.get("point") is not None and fc.get("lo") is not None:
            origin = int(fc.get("origin_year") or 0)
            if origin in last_by_year and int(fc["target_year"]) > origin:
                scale = 100.0 / base_value if index_base is not None and base_value else 1.0
                fan = charts.Fan(
                    origin,
                    float(last_by_year[origin] or 0.0),
                    int(fc["target_year"]),
                    float(fc["point"]) * scale,
                    float(fc["lo"]) * scale,
                    float(fc["hi"]) * scale,
                    float(fc.get("level") or 0.8),
                )
                break
    chart = q.chart(
        charts.region_vs_country,
        region,
        country,
        meta,
        peer_median=median,
        peer_band=band,
        target=target_mark,
        forecast=fan,
    )
    # Rank among the counties (or municipalities) by level and growth.
    higher = ind.direction != "lower"
    same_level = [p for p in points if p.area_code != RIKET and p.value is not None]
    region = raw_region
    latest = q.latest_period(p for p in region)
    ranks: dict[str, Any] = {}
    if latest:
        at_latest = {p.area_code: float(p.value) for p in same_level if p.period == latest and p.value is not None}
        ranks["level"] = q.rank_of(at_latest, area.code, higher)
        base = next((str(t.base_year) for t in targets if t.base_year), None) or goal.baseline_period or None
        periods = sorted({p.period for p in region if p.value is not None}, key=lambda x: charts.period_to_year(x) or 0)
        if not base or base not in periods:
            base = periods[0] if periods else None
        if base and base != latest:
            at_base = {p.area_code: float(p.value) for p in same_level if p.period == base and p.value is not None}
            growth = {c: (at_latest[c] / at_base[c] - 1) * 100 for c in at_latest if at_base.get(c)}
            ranks["growth"] = q.rank_of(growth, area.code, higher)
            ranks["base"] = base
        ranks["latest"] = latest
        ranks["peers"] = _("municipalities") if level == Area.MUNICIPALITY else _("counties")
    return {"chart": chart, "ranks": ranks}


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
    chart_info = _goal_chart(goal, area, results) if area is not None else {}
    assessments = list(goal.assessments.filter(state=Assessment.PUBLISHED).select_related("author"))
    evidence = (
        goal.get_followup_class_display()
        if goal.followup_class
        else (goal.indicator.get_followup_class_display() if goal.indicator and goal.indicator.followup_class else "")
    )
    context = {
        "goal": goal,
        "area": area,
        "run": run,
        "results": [
            {
                "result": r,
                "target": targets.get(r.target_id or 0),
                "target_text": _target_text(targets.get(r.target_id or 0)),
                "explanation": r.explanation("en" if q.is_english() else "sv"),
            }
            for r in results
        ],
        "targets": list(targets.values()),
        "chart": chart_info.get("chart"),
        "ranks": chart_info.get("ranks", {}),
        "assessments": assessments,
        "evidence": evidence,
        "contributes_to": sorted(contributes_to, key=lambda g: (g.position, g.key)),
        "contributors": sorted(contributors, key=lambda g: (g.initiative_id is not None, g.position, g.key)),
        "initiatives": initiatives,
        "activities": activities,
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

"""Read-only pages: the chain tree, the overview, goal and indicator pages, the chain diagram with the
traceability matrix, the portfolio mapping and the county comparison.

Every page reads with a fixed number of queries (prefetching and one graph load), whatever the
size of the chain; a test counts them with two data sizes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.reports import charts

from ..areas.models import Area
from ..core import audit
from ..core.permissions import can_read, is_analyst, sees_unpublished
from ..followup.models import Assessment
from ..indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from ..projects.models import Activity, Initiative
from ..strategies.models import Challenge, Goal, Priority, Strategy
from . import cache as fc
from . import queries as q


def _goal_queryset():  # type: ignore[no-untyped-def]
    return Goal.objects.select_related("indicator").prefetch_related("targets", "contributes_to")


def _guard(request: HttpRequest) -> HttpResponse | None:
    """None when the user may read; else a login redirect (anonymous) or 403."""
    if can_read(request.user):
        return None
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


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

    roots = [node(s) for s in strategy_list if s.parent_id is None or s.parent_id not in shown]
    loose = by_strategy.get(None, []) if sees_unpublished(request.user) else []
    return render(request, "dashboards/home.html", {"roots": roots, "loose_initiatives": loose})


# ---------------------------------------------------------------- overview


def _target_text(target: Any) -> str:
    if target is None:
        return ""
    if target.text:
        return str(target.text)
    if target.value is not None:
        return f"{target.operator} {q.number(target.value, 1)} ({target.target_year})"
    return f"{target.get_rule_display()} ({target.target_year})"


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
    )
    key = fc.fragment_key("overview", "", filters, request.user)
    fragment = fc.cached_fragment(key, lambda: _overview_fragment(request.user, *filters))
    if request.headers.get("HX-Request"):
        return HttpResponse(mark_safe(fragment["rows"]))
    return render(request, "dashboards/overview.html", {"content": mark_safe(fragment["content"])})


def _overview_fragment(user: Any, key: str, kind: str, status: str) -> dict[str, str]:
    strategies = list(q.visible_strategies(user))
    chosen = None
    if key:
        chosen = next((s for s in strategies if s.key == key), None)
    if chosen is None:
        chosen = next((s for s in strategies if s.level == Strategy.RUS), strategies[0] if strategies else None)
    rows: list[dict[str, Any]] = []
    run = q.latest_run()
    if chosen is not None:
        goals = list(
            Goal.objects.filter(strategy=chosen)
            .select_related("indicator", "area", "strategy__area")
            .prefetch_related("targets")
        )
        if kind in {Goal.LONG_TERM, Goal.SHORT_MEDIUM}:
            goals = [g for g in goals if g.kind == kind]
        results = q.results_by_goal(run, [g.pk for g in goals])
        graph = q.load_graph_below(g.pk for g in goals)
        visible_ini = set(q.visible_initiatives(user).values_list("id", flat=True))
        area_of = {g.pk: (g.area or chosen.area) for g in goals}
        series = q.series_for((g.indicator_id or 0, area_of[g.pk].pk) for g in goals)
        for g in goals:
            res = results.get(g.pk, [])
            statuses = [r.status for r in res] or ["no_data"]
            if status and status not in statuses:
                continue
            targets = {t.pk: t for t in g.targets.all()}
            main = res[0] if res else None
            ind = g.indicator
            points = series.get((g.indicator_id or 0, area_of[g.pk].pk), [])
            spark = None
            if ind is not None and points:
                spark = q.chart(charts.sparkline, points, q.meta_for(ind, title=q.indicator_name(ind)))
            rows.append(
                {
                    "goal": g,
                    "results": [{"result": r, "target_text": _target_text(targets.get(r.target_id or 0))} for r in res],
                    "main": main,
                    "spark": spark,
                    "decimals": ind.decimals if ind else 1,
                    "unit": ind.unit if ind else "",
                    "initiatives": len(graph.initiatives_serving(g.pk) & visible_ini),
                    "first_target": _target_text(next(iter(targets.values()), None)),
                }
            )
    context = {
        "strategies": strategies,
        "chosen": chosen,
        "kind": kind,
        "status": status,
        "statuses": [(s, q.status_info(s)["text"]) for s in q.STATUS_FILTER],
        "kinds": Goal.KINDS,
        "rows": rows,
        "run": run,
    }
    # Rendered without the request: nothing per user (CSRF token, name, messages) can enter the cache.
    rows_html = render_to_string("dashboards/_overview_rows.html", context)
    content = render_to_string("dashboards/_overview_content.html", {**context, "rows_html": mark_safe(rows_html)})
    return {"rows": rows_html, "content": content}


# ---------------------------------------------------------------- goal page


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
    country = sorted(
        (p for p in points if p.area_code == charts.COUNTRY_CODE), key=lambda p: charts.period_to_year(p.period) or 0
    )
    targets = list(goal.targets.all())
    peer_codes: set[str] | None = None
    for t in targets:
        if t.peer_group_id:
            peer_codes = {m.code for m in t.peer_group.members.all()}  # type: ignore[union-attr]
            break
    peers = [
        p for p in points if p.area_code != charts.COUNTRY_CODE and (peer_codes is None or p.area_code in peer_codes)
    ]
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
    same_level = [p for p in points if p.area_code != charts.COUNTRY_CODE and p.value is not None]
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
    assessments = list(goal.assessments.select_related("author"))
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
    valid_ratings = {r for r, _label in Assessment.RATINGS}
    if not text or rating not in valid_ratings or not 1990 <= year <= 2100:
        from django.contrib import messages

        messages.error(request, _("Write the assessment, and give a year and a rating."))
        return redirect("dashboards:goal", key=key)
    user: Any = request.user
    a = Assessment.objects.create(
        goal=goal,
        year=year,
        rating=rating,
        text=text,
        author=user,
        author_name=user.get_full_name() or user.get_username(),
    )
    audit.record(
        request.user,
        "create",
        "followup.Assessment",
        f"{goal.key}/{year}",
        {"rating": [None, rating], "text": [None, text]},
        summary=f"assessment #{a.pk}",
    )
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


def indicator_list(request: HttpRequest) -> HttpResponse:
    """The indicator catalogue, searchable by name, definition and key."""
    if (denied := _guard(request)) is not None:
        return denied
    text = request.GET.get("q", "").strip()
    qs = q.visible_indicators(request.user).annotate(n_goals=Count("goals", distinct=True))
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(name_en__icontains=text)
            | Q(definition__icontains=text)
            | Q(key__icontains=text)
        )
    indicators = list(qs.order_by("position", "key"))
    latest = dict(
        Observation.objects.filter(indicator__in=indicators)
        .values("indicator_id")
        .annotate(m=Max("period"))
        .values_list("indicator_id", "m")
    )
    rows = [{"indicator": i, "name": q.indicator_name(i), "latest": latest.get(i.pk)} for i in indicators]
    template = "dashboards/_indicator_rows.html" if request.headers.get("HX-Request") else "dashboards/indicators.html"
    return render(request, template, {"rows": rows, "q": text})


def _indicator(request: HttpRequest, key: str) -> Indicator:
    ind = q.visible_indicators(request.user).filter(key=key).first()
    if ind is None:
        raise Http404
    return ind


def _region(request: HttpRequest) -> Area | None:
    """The region the pages compare: the first visible RUS strategy's area."""
    s = (
        q.visible_strategies(request.user).filter(level=Strategy.RUS).first()
        or q.visible_strategies(request.user).first()
    )
    return s.area if s else None


def indicator_detail(request: HttpRequest, key: str) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    ind = _indicator(request, key)
    region = _region(request)
    meta = q.meta_for(ind)
    rows = list(
        Observation.objects.filter(indicator=ind)
        .select_related("area")
        .order_by("area__code", "breakdown", "period")
        .values_list("area__code", "area__name", "area__level", "period", "breakdown", "value", "status")
    )
    points = [charts.Point(c, n, p, v, b) for c, n, lvl, p, b, v, s in rows]
    totals = [p for p in points if p.breakdown == "T"]
    latest = q.latest_period(totals)
    chart_list = []
    if region is not None:
        reg = sorted(
            (p for p in totals if p.area_code == region.code), key=lambda p: charts.period_to_year(p.period) or 0
        )
        country = sorted(
            (p for p in totals if p.area_code == charts.COUNTRY_CODE),
            key=lambda p: charts.period_to_year(p.period) or 0,
        )
        if reg or country:
            chart_list.append(charts.region_vs_country(reg, country, meta))
        sexes = [p for p in points if p.area_code == region.code and p.breakdown in ("K", "M")]
        if sexes:
            chart_list.append(
                charts.by_sex(
                    [p for p in points if p.area_code == region.code and p.breakdown in ("K", "M", "T")], meta
                )
            )
    if latest:
        level_of = {c: lvl for c, n, lvl, p, b, v, s in rows}
        county_latest = [
            p for p in totals if p.period == latest and level_of.get(p.area_code) in (Area.COUNTY, Area.COUNTRY)
        ]
        if len(county_latest) > 1:
            chart_list.append(
                charts.ranking(
                    county_latest,
                    meta,
                    highlight=region.code if region else None,
                    higher_is_better=ind.direction != "lower",
                )
            )
    # all areas, latest values first: a table of area x the last five periods
    periods = sorted({p.period for p in totals}, key=lambda x: (charts.period_to_year(x) or 0, x))[-5:]
    by_area: dict[str, dict[str, Any]] = {}
    for c, n, _lvl, p, b, v, _s in rows:
        if b != "T":
            continue
        entry = by_area.setdefault(c, {"code": c, "name": n, "values": {}})
        entry["values"][p] = v
    table = [
        {"code": e["code"], "name": e["name"], "values": [e["values"].get(p) for p in periods]}
        for e in sorted(by_area.values(), key=lambda e: e["code"])
    ]
    batch = ImportBatch.objects.filter(observations__indicator=ind).order_by("-retrieved_at", "-id").first()
    revisions = list(
        ObservationRevision.objects.filter(observation__indicator=ind)
        .select_related("observation__area", "batch", "replaced_by")
        .order_by("-replaced_by__retrieved_at", "-id")[:100]
    )
    goals = list(q.visible_goals(request.user).filter(indicator=ind).select_related("strategy", "initiative"))
    context = {
        "ind": ind,
        "name": q.indicator_name(ind),
        "charts": chart_list,
        "periods": periods,
        "table": table,
        "batch": batch,
        "revisions": revisions,
        "goals": goals,
        "source_link": q.source_link(ind),
        "n_obs": len(rows),
    }
    return render(request, "dashboards/indicator.html", context)


DOWNLOAD_COLUMNS = [
    "indicator",
    "area_code",
    "area_name",
    "period",
    "breakdown",
    "value",
    "status",
    "symbol",
    "retrieved_at",
]


def _download_rows(ind: Indicator) -> list[list[Any]]:
    qs = (
        Observation.objects.filter(indicator=ind)
        .order_by("area__code", "breakdown", "period")
        .values_list(
            "area__code", "area__name", "period", "breakdown", "value", "status", "symbol", "batch__retrieved_at"
        )
    )
    return [[ind.key, c, n, p, b, v, s, sym, r.isoformat() if r else ""] for c, n, p, b, v, s, sym, r in qs]


def indicator_csv(request: HttpRequest, key: str) -> HttpResponse:
    """All observations of an indicator as CSV (UTF-8, comma, decimal point; empty value = missing)."""
    if (denied := _guard(request)) is not None:
        return denied
    ind = _indicator(request, key)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(DOWNLOAD_COLUMNS)
    for row in _download_rows(ind):
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ind.key}.csv"'
    return response


def indicator_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """All observations of an indicator as an Excel workbook (values as numbers; a sheet about the source)."""
    if (denied := _guard(request)) is not None:
        return denied
    ind = _indicator(request, key)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "data"
    ws.append(DOWNLOAD_COLUMNS)
    for row in _download_rows(ind):
        ws.append(row)
    about = wb.create_sheet("about")
    for label, value in (
        ("indicator", ind.key),
        ("name", ind.name),
        ("unit", ind.unit),
        ("definition", ind.definition),
        ("source", ind.get_source_kind_display()),
        ("source link", q.source_link(ind) or ""),
        ("caption", charts.caption(q.meta_for(ind))),
    ):
        about.append([label, str(value)])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{ind.key}.xlsx"'
    return response


# ---------------------------------------------------------------- the chain diagram and the traceability matrix


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


def comparison(request: HttpRequest) -> HttpResponse:
    """One indicator across the 21 counties: ranking, small multiples, map; the county's municipalities."""
    if (denied := _guard(request)) is not None:
        return denied
    indicators = list(
        q.visible_indicators(request.user)
        .filter(observations__area__level=Area.COUNTY)
        .distinct()
        .order_by("position", "key")
    )
    key = request.GET.get("indikator")
    ind = next((i for i in indicators if i.key == key), indicators[0] if indicators else None)
    region = _region(request)
    context: dict[str, Any] = {
        "indicators": [(i, q.indicator_name(i)) for i in indicators],
        "ind": ind,
        "region": region,
    }
    if ind is not None:
        meta = q.meta_for(ind)
        higher = ind.direction != "lower"
        points = q.area_points(ind, [Area.COUNTRY, Area.COUNTY])
        periods = sorted(
            {p.period for p in points if p.value is not None}, key=lambda x: (charts.period_to_year(x) or 0, x)
        )
        period = (
            request.GET.get("period") if request.GET.get("period") in periods else (periods[-1] if periods else None)
        )
        hl = region.code if region else None
        chart_list = []
        if period:
            at = [p for p in points if p.period == period]
            chart_list.append(charts.ranking(at, meta, highlight=hl, higher_is_better=higher))
            chart_list.append(
                charts.choropleth([p for p in at if p.area_code != charts.COUNTRY_CODE], meta, highlight=hl)
            )
        counties = [p for p in points if p.area_code != charts.COUNTRY_CODE]
        country = [p for p in points if p.area_code == charts.COUNTRY_CODE]
        if counties:
            chart_list.append(charts.small_multiples(counties, meta, highlight=hl, country=country))
        municipal = []
        if region is not None and region.level == Area.COUNTY:
            mpoints = q.area_points(ind, [Area.MUNICIPALITY], parent=region)
            mperiod = q.latest_period(mpoints)
            if mperiod:
                at = [p for p in mpoints if p.period == mperiod]
                municipal.append(charts.ranking(at, meta, kind="municipality_ranking", higher_is_better=higher))
                municipal.append(charts.choropleth(at, meta, level="municipality", county=region.code))
        context.update(
            {
                "charts": chart_list,
                "municipal": municipal,
                "periods": periods,
                "period": period,
                "name": q.indicator_name(ind),
            }
        )
    return render(request, "dashboards/comparison.html", context)

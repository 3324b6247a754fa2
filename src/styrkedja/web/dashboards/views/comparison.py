"""The county comparison and map.

It opens on the measure the goal is about: a goal with a growth target (growth above a benchmark, or a
rank by growth) is compared by growth from its base year, with the evaluation's own growth formula
(`analytics.change.growth_between`); other goals by level. Only periods in which counties have values
are offered (no Riket-only year, no empty map)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from styrkedja.analytics import model as am
from styrkedja.analytics.change import growth_between
from styrkedja.analytics.targets import growth_measure
from styrkedja.data import RIKET
from styrkedja.reports import charts

from ...areas.models import Area
from ...indicators.models import Indicator
from ...strategies.models import Goal, Target
from .. import queries as q
from .common import _guard, _region

LEVEL, GROWTH = "niva", "tillvaxt"


def _year(period: str) -> float:
    return charts.period_to_year(period) or 0.0


def _growth_target(user: Any, ind: Indicator, goal_key: str) -> Target | None:
    """The growth target the comparison is about: the named goal's, else the first goal's using the indicator."""
    goals = q.visible_goals(user).filter(indicator=ind).prefetch_related("targets").order_by("position", "key")
    chosen: list[Goal] = [g for g in goals if g.key == goal_key] or list(goals)
    for g in chosen:
        for t in g.targets.all():
            by_growth = t.rule == am.GROWTH_VS_BENCHMARK or (t.rule == am.RANK and t.rank_by == "growth")
            if by_growth and t.base_year:
                return t
    return None


def _county_periods(points: list[charts.Point], after: str | None = None) -> list[str]:
    """Periods in which at least one county has a value (after the base period, for growth)."""
    found = {p.period for p in points if p.value is not None and p.area_code != RIKET}
    if after is not None:
        found = {p for p in found if _year(p) > _year(after)}
    return sorted(found, key=lambda x: (_year(x), x))


def _growth_points(points: list[charts.Point], base: str, period: str, measure: str) -> list[charts.Point]:
    """Each area's growth from `base` to `period` as points (Riket's too: the ranking's reference line)."""
    names = {p.area_code: p.area_name for p in points}
    start = {p.area_code: p.value for p in points if p.period == base}
    end = {p.area_code: p.value for p in points if p.period == period}
    grown = growth_between(start, end, measure)
    span = f"{base}–{period}"  # the charts' titles read "Befolkningsantal, tillväxt 2014–2024"
    return [charts.Point(c, names[c], span, v) for c, v in grown.items()]


def _since(points: list[charts.Point], base: str) -> list[charts.Point]:
    return [p for p in points if _year(p.period) >= _year(base)]


def _growth_meta(meta: charts.Meta, measure: str) -> charts.Meta:
    unit = _("percentage points") if measure == "pp" else "%"
    title = _("%(name)s, growth") % {"name": meta.title}
    return dataclasses.replace(meta, title=title, unit=str(unit), decimals=1)


def _measure(request: HttpRequest, target: Target | None, periods: list[str]) -> tuple[str, str | None]:
    """(measure, base period): growth when asked for or when the goal is about growth and it can be shown."""
    asked = request.GET.get("matt", "")
    base = str(target.base_year) if target is not None else None
    if asked == LEVEL or base is None or base not in periods:
        return LEVEL, None
    return GROWTH, base


@dataclasses.dataclass(frozen=True)
class Shown:
    """What the county charts show: the period, the measure (level or growth from `base`), the highlight."""

    period: str
    measure: str
    base: str | None
    highlight: str | None
    higher_is_better: bool
    growth_how: str  # "percent" or "pp", as the evaluation measures this target's growth


def _county_charts(points: list[charts.Point], meta: charts.Meta, shown: Shown) -> list[charts.Chart]:
    counties = [p for p in points if p.area_code != RIKET]
    country = [p for p in points if p.area_code == RIKET]
    period, base, hl, higher = shown.period, shown.base, shown.highlight, shown.higher_is_better
    if shown.measure == GROWTH and base is not None:
        how = shown.growth_how
        at = _growth_points(points, base, period, how)
        gmeta = _growth_meta(meta, how)
        index_meta = dataclasses.replace(meta, unit=_("index, %(year)s = 100") % {"year": base}, decimals=0)
        multiples = q.chart(
            charts.small_multiples, charts.index_points(_since(counties, base), base), index_meta,
            highlight=hl, country=charts.index_points(_since(country, base), base),
        )  # fmt: skip
        return [
            q.chart(charts.ranking, at, gmeta, highlight=hl, higher_is_better=higher),
            q.chart(charts.choropleth, [p for p in at if p.area_code != RIKET], gmeta, highlight=hl),
            multiples,
        ]
    at = [p for p in points if p.period == period]
    return [
        q.chart(charts.ranking, at, meta, highlight=hl, higher_is_better=higher),
        q.chart(charts.choropleth, [p for p in at if p.area_code != RIKET], meta, highlight=hl),
        q.chart(charts.small_multiples, counties, meta, highlight=hl, country=country),
    ]


def _municipal_charts(ind: Indicator, meta: charts.Meta, region: Area | None, higher: bool) -> list[charts.Chart]:
    if region is None or region.level != Area.COUNTY:
        return []
    mpoints = q.area_points(ind, [Area.MUNICIPALITY], parent=region)
    mperiod = q.latest_period(mpoints)
    if not mperiod:
        return []
    at = [p for p in mpoints if p.period == mperiod]
    return [
        q.chart(charts.ranking, at, meta, kind="municipality_ranking", higher_is_better=higher),
        q.chart(charts.choropleth, at, meta, level="municipality", county=region.code),
    ]


def comparison(request: HttpRequest) -> HttpResponse:
    """One indicator across the 21 counties: ranking, map, small multiples; the county's municipalities."""
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
        context.update(_indicator_context(request, ind, region))
    return render(request, "dashboards/comparison.html", context)


def _indicator_context(request: HttpRequest, ind: Indicator, region: Area | None) -> dict[str, Any]:
    meta = q.meta_for(ind)
    higher = ind.direction != "lower"
    points = q.area_points(ind, [Area.COUNTRY, Area.COUNTY])
    target = _growth_target(request.user, ind, request.GET.get("mal", "")[:80])
    measure, base = _measure(request, target, _county_periods(points))
    periods = _county_periods(points, after=base)
    asked = request.GET.get("period")
    period = asked if asked in periods else (periods[-1] if periods else None)
    hl = region.code if region else None
    info = am.IndicatorInfo(key=ind.key, name=ind.name, measure_type=ind.measure_type)
    how = growth_measure(target.as_rule() if target is not None else None, info)
    shown = Shown(period, measure, base, hl, higher, how) if period else None
    return {
        "charts": _county_charts(points, meta, shown) if shown is not None else [],
        "municipal": _municipal_charts(ind, meta, region, higher),
        "periods": periods,
        "period": period,
        "measure": measure,
        "base": base,
        "can_grow": target is not None,
        "goal_key": request.GET.get("mal", "")[:80],
        "name": q.indicator_name(ind),
    }

"""The county comparison and map."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from styrkedja.data import RIKET
from styrkedja.reports import charts

from ...areas.models import Area
from .. import queries as q
from .common import _guard, _region


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
            chart_list.append(charts.choropleth([p for p in at if p.area_code != RIKET], meta, highlight=hl))
        counties = [p for p in points if p.area_code != RIKET]
        country = [p for p in points if p.area_code == RIKET]
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

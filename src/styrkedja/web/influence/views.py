"""The page Påverkansfaktorer: the stored influence index, its rank intervals, the region's profile, the framework."""

from __future__ import annotations

import statistics
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from styrkedja.reports import charts
from styrkedja.reports.charts.interval import RankInterval, rank_intervals

from ..core.formatting import lang, unit_label
from ..core.guards import refusal
from ..core.permissions import can_read
from ..dashboards import queries as dq
from ..indicators.models import Indicator
from . import queries as q
from .models import IndexRun


def influence(request: HttpRequest) -> HttpResponse:
    if (denied := refusal(request, can_read)) is not None:
        return denied
    visible = dq.visible_strategies(request.user).values_list("key", flat=True)
    run = IndexRun.objects.select_related("strategy", "strategy__area").filter(strategy__key__in=visible).first()
    context: dict[str, Any] = {"run": run}
    if run is not None:
        context.update(_page(run))
    return render(request, "influence/influence.html", context)


def _page(run: IndexRun) -> dict[str, Any]:
    framework = q.framework_rows(run)
    areas = q.area_rows(run)
    region = run.strategy.area.code
    used = [i["key"] for f in framework for i in f["indicators"] if i["used"]]
    indicators = {i.key: i for i in Indicator.objects.filter(key__in=used)}
    meta = charts.Meta(
        title=_("Influence index"),
        unit=_("score 0–100"),
        source=_source(indicators, used),
        processed_by=dq.settings_processed_by(),
        lang=lang(),
        decimals=1,
    )
    points = [charts.Point(a["area"], a["name"], run.year, a["index"]["score"]) for a in areas]
    ranking = charts.ranking(points, meta, highlight=region)
    choropleth = charts.choropleth(points, meta, highlight=region)
    interval_meta = charts.Meta(
        title=_("Rank with its uncertainty interval, %(year)s") % {"year": run.year},
        source=meta.source,
        processed_by=meta.processed_by,
        lang=meta.lang,
    )
    intervals = rank_intervals(
        [
            RankInterval(
                a["area"],
                a["name"],
                a["index"]["rank"],
                a["index"]["median_rank"],
                a["index"]["rank_p05"],
                a["index"]["rank_p95"],
            )
            for a in areas
            if a["index"]["rank"] is not None
        ],
        interval_meta,
        highlight=region,
    )
    mine = next((a for a in areas if a["area"] == region), None)
    return {
        "framework": framework,
        "areas": areas,
        "region": mine,
        "charts": [ranking, intervals, choropleth],
        "profile": _profile(framework, areas, mine, indicators),
        "sensitivity": _sensitivity(run),
        "alternatives": _alternatives(run, areas, region),
        "links": _links(run),
    }


def _alternatives(run: IndexRun, areas: list[dict[str, Any]], region: str) -> dict[str, Any]:
    """Every county's rank under each alternative method, as stored with the run (nothing recomputed)."""
    names = {
        "default": _("Default (min–max, arithmetic mean)"),
        "zscore": _("z-scores"),
        "rank": _("Ranks"),
        "distance_to_best": _("Distance to the best"),
        "geometric": _("Geometric mean"),
        "equal_weights": _("Equal weights"),
        "pca_weights": _("Weights from PCA"),
    }
    stored: dict[str, dict[str, int]] = run.sensitivity.get("alternatives", {})
    failed: dict[str, str] = run.sensitivity.get("alternatives_failed", {})
    keys = [k for k in names if k in stored]
    rows = [
        {"name": a["name"], "mine": a["area"] == region, "ranks": [stored[k].get(a["area"]) for k in keys]}
        for a in areas
    ]
    return {"columns": [names[k] for k in keys], "rows": rows if keys else [],
            "failed": [(names.get(k, k), why) for k, why in failed.items()]}  # fmt: skip


def _source(indicators: dict[str, Indicator], used: list[str]) -> str:
    parts: dict[str, None] = {}
    for key in used:
        ind = indicators.get(key)
        if ind is None:
            continue
        kpi = ind.source_spec.get("kpi") if ind.source_kind == "kolada" else None
        source = f"Kolada {kpi}" if kpi else dq.meta_for(ind).source
        if source != "–":
            parts[source] = None
    return "; ".join(parts) or "–"


def _profile(
    framework: list[dict[str, Any]],
    areas: list[dict[str, Any]],
    mine: dict[str, Any] | None,
    indicators: dict[str, Indicator],
) -> list[dict[str, Any]]:
    """Per factor: the region's score and rank; per indicator its value, score, contribution to the index and
    the difference from the median county's contribution (what pulls the region up or down)."""
    if mine is None:
        return []
    out = []
    for f in framework:
        rows = []
        for i in f["indicators"]:
            if not i["used"]:
                continue
            own = mine["indicators"].get(i["key"], {})
            others = [
                a["indicators"][i["key"]]["contribution"]
                for a in areas
                if a["indicators"].get(i["key"], {}).get("contribution") is not None
            ]
            median = statistics.median(others) if others else None
            ind = indicators.get(i["key"])
            rows.append(
                {
                    "name": dq.indicator_name(ind) if ind else i["name"],
                    "unit": unit_label(ind.unit) if ind else "",
                    "decimals": ind.decimals if ind else 1,
                    **own,
                    "versus_median": own["contribution"] - median
                    if own.get("contribution") is not None and median is not None
                    else None,
                }
            )
        out.append({"key": f["key"], "name": f["name"], **mine["factors"].get(f["key"], {}), "indicators": rows})
    return out


def _sensitivity(run: IndexRun) -> list[dict[str, Any]]:
    names = {
        "imputation": _("Imputation of missing values"),
        "treatment": _("Outlier treatment"),
        "normalisation": _("Normalisation"),
        "aggregation": _("Aggregation (arithmetic or geometric mean)"),
        "weights": _("Weights (±25 % noise)"),
    }
    region = run.sensitivity.get("region", {})
    factors = run.sensitivity.get("factors", [])
    return [
        {
            "name": names.get(f, f),
            "first": region.get("first", [None] * len(factors))[k],
            "total": region.get("total", [None] * len(factors))[k],
        }
        for k, f in enumerate(factors)
    ]


def _links(run: IndexRun) -> list[dict[str, Any]]:
    names = {i.key: dq.indicator_name(i) for i in Indicator.objects.filter(key__in=[x["indicator"] for x in run.links])}
    return [{**x, "name": names.get(x["indicator"], x["indicator"])} for x in run.links]

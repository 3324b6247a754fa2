"""The indicator catalogue, an indicator's page and its downloads."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from styrkedja.connectors import cells
from styrkedja.data import RIKET
from styrkedja.reports import charts

from ...areas.models import Area
from ...indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from .. import catalogue, provenance
from .. import queries as q
from .common import _guard, _region


def indicator_list(request: HttpRequest) -> HttpResponse:
    """The indicator catalogue grouped by goal, searchable by name, definition and key, filterable by data."""
    if (denied := _guard(request)) is not None:
        return denied
    text = request.GET.get("q", "").strip()
    data = request.GET.get("data", "")
    data = data if data in catalogue.DATA_FILTERS else ""
    groups, n = catalogue.groups(request.user, text, data)
    template = "dashboards/_indicator_rows.html" if request.headers.get("HX-Request") else "dashboards/indicators.html"
    return render(request, template, {"groups": groups, "n": n, "q": text, "data": data})


def _indicator(request: HttpRequest, key: str) -> Indicator:
    ind = q.visible_indicators(request.user).filter(key=key).first()
    if ind is None:
        raise Http404
    return ind


def _year(period: str) -> float:
    return charts.period_to_year(period) or 0.0


def _region_charts(points: list[charts.Point], region: Area, ind: Indicator, meta: charts.Meta) -> list[charts.Chart]:
    """The region against Riket over time, and its split by sex when the series has one.

    A county's count and Riket's share no absolute axis (0.2 M against 10 M is a flat line): counts and
    money are drawn as an index, the region's first year = 100, as on the goal page; rates and shares
    compare directly."""
    totals = [p for p in points if p.breakdown == "T"]
    reg = sorted((p for p in totals if p.area_code == region.code), key=lambda p: _year(p.period))
    country = sorted((p for p in totals if p.area_code == RIKET), key=lambda p: _year(p.period))
    out = []
    if any(p.value is not None for p in [*reg, *country]):  # never an empty frame
        base = next((p.period for p in reg if p.value), None)
        if ind.measure_type not in ("share", "rate") and base is not None:
            reg, country = charts.index_points(reg, base), charts.index_points(country, base)
            meta = dataclasses.replace(meta, unit=_("index, %(year)s = 100") % {"year": base}, decimals=0)
        out.append(q.chart(charts.region_vs_country, reg, country, meta))
    sexes = [p for p in points if p.area_code == region.code and p.breakdown in ("K", "M", "T")]
    if any(p.breakdown in ("K", "M") for p in sexes):
        out.append(q.chart(charts.by_sex, sexes, meta))
    return out


def _ranking_chart(
    rows: list[Any], points: list[charts.Point], region: Area | None, ind: Indicator
) -> list[charts.Chart]:
    """The counties (and Riket, as a reference line) in the latest period with county values."""
    level_of = {c: lvl for c, _n, lvl, *_rest in rows}
    wanted = [p for p in points if p.breakdown == "T" and level_of.get(p.area_code) in (Area.COUNTY, Area.COUNTRY)]
    latest = q.latest_period([p for p in wanted if p.area_code != RIKET])
    at = [p for p in wanted if p.period == latest]
    if len(at) <= 1:
        return []
    hl = region.code if region else None
    return [q.chart(charts.ranking, at, q.meta_for(ind), highlight=hl, higher_is_better=ind.direction != "lower")]


def _area_table(rows: list[Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """All areas, a column per period of the last five (totals only)."""
    periods = sorted({r[3] for r in rows if r[4] == "T"}, key=lambda x: (_year(x), x))[-5:]
    by_area: dict[str, dict[str, Any]] = {}
    for c, n, _lvl, p, b, v, _s in rows:
        if b == "T":
            by_area.setdefault(c, {"code": c, "name": n, "values": {}})["values"][p] = v
    table = [
        {"code": e["code"], "name": e["name"], "values": [e["values"].get(p) for p in periods]}
        for e in sorted(by_area.values(), key=lambda e: e["code"])
    ]
    return periods, table


def indicator_detail(request: HttpRequest, key: str) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    ind = _indicator(request, key)
    region = _region(request)
    rows = list(
        Observation.objects.filter(indicator=ind)
        .select_related("area")
        .order_by("area__code", "breakdown", "period")
        .values_list("area__code", "area__name", "area__level", "period", "breakdown", "value", "status")
    )
    points = [charts.Point(c, n, p, v, b) for c, n, lvl, p, b, v, s in rows]
    chart_list = _region_charts(points, region, ind, q.meta_for(ind)) if region is not None else []
    chart_list += _ranking_chart(rows, points, region, ind)
    periods, table = _area_table(rows)
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
        "batch_source": provenance.batch_label(batch) if batch is not None else "",
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
        writer.writerow(cells.csv_row("" if v is None else v for v in row))
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
        cells.append_row(ws, row)
    about = wb.create_sheet("about")
    for label, value in (
        ("indicator", ind.key),
        ("name", ind.name),
        ("unit", q.unit_label(ind.unit)),
        ("definition", ind.definition),
        ("source", ind.get_source_kind_display()),
        ("source link", q.source_link(ind) or ""),
        ("caption", charts.caption(q.meta_for(ind))),
    ):
        cells.append_row(about, [label, str(value)])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{ind.key}.xlsx"'
    return response


# ---------------------------------------------------------------- the chain diagram and the traceability matrix

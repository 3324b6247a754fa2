"""Splits by sex and small multiples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from styrkedja.data import RIKET
from styrkedja.reports.charts.base import (
    COUNTRY_COLOUR,
    MEN_COLOUR,
    REGION_COLOUR,
    WOMEN_COLOUR,
    Chart,
    Meta,
    Point,
    _finite,
    _latest,
    fmt,
    labels,
    period_to_year,
)
from styrkedja.reports.charts.render import (
    _data,
    _finish,
    _sorted_periods,
    _year_axis,
)

# ---------------------------------------------------------------- split by sex


def by_sex(points: Sequence[Point], meta: Meta) -> Chart:
    """Women and men (and the total when given) over time: colour, dash and end labels tell them apart."""
    lab = labels(meta.lang)
    order = [b for b in ("K", "M", "T") if any(p.breakdown == b for p in points)]
    names = {b: lab[b] for b in order}
    rows: list[dict[str, Any]] = []
    for p in points:
        year = period_to_year(p.period)
        if p.breakdown in names and year is not None:
            rows.append(
                {
                    "series": names[p.breakdown],
                    "period": p.period,
                    "year": year,
                    "value": p.value if _finite(p.value) else None,
                }
            )
    colours = {"K": WOMEN_COLOUR, "M": MEN_COLOUR, "T": COUNTRY_COLOUR}
    dashes = {"K": [1, 0], "M": [6, 3], "T": [2, 2]}
    domain = [names[b] for b in order]
    legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2.5)
    lines = (
        alt.Chart(_data(values=rows))
        .mark_line(point=True, strokeWidth=2.5, invalid="break-paths-show-domains")
        .encode(
            x=_year_axis(lab),
            y=alt.Y("value:Q", title=meta.unit or lab["value"], scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=domain, range=[colours[b] for b in order]), legend=legend
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=domain, range=[dashes[b] for b in order]), legend=legend
            ),
        )
    )
    chart = lines.properties(title=meta.title, width=560, height=240)
    periods = _sorted_periods(r["period"] for r in rows)
    val = {(r["series"], r["period"]): r["value"] for r in rows}
    table = [[per] + [fmt(val.get((s, per)), meta) for s in domain] for per in periods]
    area = points[0].area_name if points else ""
    last = periods[-1] if periods else ""
    en = meta.lang.startswith("en")
    parts = [f"{names[b]} {fmt(val.get((names[b], last)), meta, unit=True)}" for b in order]
    alt_text = f"{meta.title}, {area} {last}: " + ", ".join(parts) + "."
    if not periods:
        alt_text = f"{meta.title}: " + ("no values." if en else "inga värden.")
    return _finish("by_sex", meta, chart, alt_text, [lab["period"], *domain], table, rows)


# ---------------------------------------------------------------- small multiples


def small_multiples(
    points: Sequence[Point],
    meta: Meta,
    *,
    highlight: str | None = None,
    country: Sequence[Point] = (),
    columns: int = 7,
) -> Chart:
    """One small time chart per area; the highlighted area's panel title carries a ▶ marker.

    Riket is never a panel of its own (it is not one of the areas). It is drawn dashed in each panel for
    reference only when its values lie within the areas' range (a rate, a share): a total would flatten
    every county's line."""
    lab = labels(meta.lang)
    points = [p for p in points if p.area_code != RIKET]
    names = {p.area_code: (f"▶ {p.area_name}" if p.area_code == highlight else p.area_name) for p in points}
    order = [names[c] for c in sorted(names)]
    rows = _panel_rows(points, names)
    if _within_range(country, points):
        rows += _reference_rows(country, order)
    chart = _panels(rows, order, columns).properties(title=meta.title)
    periods = _sorted_periods(p.period for p in points)
    val = {(p.area_code, p.period): p.value for p in points}
    table = [[names[c]] + [fmt(val.get((c, per)), meta) for per in periods] for c in sorted(names)]
    text = _alt_small_multiples([p for p in points if p.area_code == highlight], len(names), periods, meta)
    return _finish("small_multiples", meta, chart, text, [lab["area"], *periods], table, rows)


def _panel_rows(points: Sequence[Point], names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for p in points:
        year = period_to_year(p.period)
        if year is not None:
            value = p.value if _finite(p.value) else None
            rows.append(
                {"panel": names[p.area_code], "series": "area", "year": year, "period": p.period, "value": value}
            )
    return rows


def _within_range(reference: Sequence[Point], points: Sequence[Point]) -> bool:
    """Whether every value of the reference series lies within the areas' range of values."""
    ref = [p.value for p in reference if _finite(p.value) and p.value is not None]
    values = [p.value for p in points if _finite(p.value) and p.value is not None]
    return bool(ref and values) and min(values) <= min(ref) and max(ref) <= max(values)


def _reference_rows(country: Sequence[Point], order: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for panel in order:
        for c in country:
            year = period_to_year(c.period)
            if year is not None and _finite(c.value):
                rows.append({"panel": panel, "series": "country", "year": year, "period": c.period, "value": c.value})
    return rows


def _panels(rows: list[dict[str, Any]], order: Sequence[str], columns: int) -> Any:
    return (
        alt.Chart(_data(values=rows))
        .mark_line(strokeWidth=2, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=2)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=["area", "country"], range=[REGION_COLOUR, COUNTRY_COLOUR]),
                legend=None,
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=["area", "country"], range=[[1, 0], [4, 3]]), legend=None
            ),
        )
        .properties(width=110, height=70)
        .facet(facet=alt.Facet("panel:N", sort=order, title=None, header=alt.Header(labelFontSize=11)), columns=columns)
    )


def _alt_small_multiples(hl_points: Sequence[Point], n: int, periods: Sequence[str], meta: Meta) -> str:
    en = meta.lang.startswith("en")
    text = f"{meta.title}: " + (f"one chart per area, {n} areas" if en else f"ett diagram per område, {n} områden")
    if periods:
        text += f", {periods[0]}–{periods[-1]}"
    text += "."
    last = _latest(hl_points)
    if last is not None:
        first = min((p for p in hl_points if _finite(p.value)), key=lambda p: period_to_year(p.period) or 0.0)
        a, b = fmt(first.value, meta, unit=True), fmt(last.value, meta, unit=True)
        if en:
            text += f" {last.area_name}: from {a} ({first.period}) to {b} ({last.period})."
        else:
            text += f" {last.area_name}: från {a} ({first.period}) till {b} ({last.period})."
    return text

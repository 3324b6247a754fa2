"""A tiny inline trend line for tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from styrkedja.reports.charts.base import (
    REGION_COLOUR,
    Chart,
    Meta,
    _finite,
    fmt,
    labels,
    period_to_year,
)
from styrkedja.reports.charts.render import (
    _data,
    _finish,
)

# ---------------------------------------------------------------- sparkline


def sparkline(points: Sequence[tuple[str, float | None]], meta: Meta, *, width: int = 120, height: int = 28) -> Chart:
    """A word-sized line of a series. The spec is Vega-Lite like every chart; the SVG is drawn directly
    (a polyline, microseconds instead of milliseconds) because an overview shows dozens of them."""
    rows: list[dict[str, Any]] = [
        {"period": per, "year": period_to_year(per), "value": v if _finite(v) else None}
        for per, v in points
        if period_to_year(per) is not None
    ]
    rows.sort(key=lambda r: r["year"])
    chart = (
        alt.Chart(_data(values=rows))
        .mark_line(color=REGION_COLOUR, strokeWidth=1.5, invalid="break-paths-show-domains")
        .encode(x=alt.X("year:Q", axis=None), y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)))
        .properties(width=width, height=height)
    )
    svg = _sparkline_svg([(r["year"], r["value"]) for r in rows], width, height)
    lab = labels(meta.lang)
    valid = [r for r in rows if r["value"] is not None]
    en = meta.lang.startswith("en")
    if valid:
        a, b = valid[0], valid[-1]
        if en:
            text = (
                f"{meta.title}: from {fmt(a['value'], meta, unit=True)} in {a['period']}"
                f" to {fmt(b['value'], meta, unit=True)} in {b['period']}."
            )
        else:
            text = (
                f"{meta.title}: från {fmt(a['value'], meta, unit=True)} år {a['period']}"
                f" till {fmt(b['value'], meta, unit=True)} år {b['period']}."
            )
    else:
        text = f"{meta.title}: {lab['missing']}."
    table = [[r["period"], fmt(r["value"], meta)] for r in rows]
    return _finish("sparkline", meta, chart, text, [lab["period"], lab["value"]], table, rows, svg=svg)


def _sparkline_svg(points: Sequence[tuple[float, float | None]], width: int, height: int) -> str:
    pad = 3.0
    valid = [(x, y) for x, y in points if y is not None]
    head = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    if not valid:
        return head + "</svg>"
    xs = [x for x, _ in valid]
    ys = [y for _, y in valid]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)

    def sx(x: float) -> float:
        return pad + (width - 2 * pad) * ((x - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def sy(y: float) -> float:
        return height - pad - (height - 2 * pad) * ((y - y0) / (y1 - y0) if y1 > y0 else 0.5)

    segments: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((sx(x), sy(y)))
    body = "".join(
        f'<polyline fill="none" stroke="{REGION_COLOUR}" stroke-width="1.5" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
        + '"/>'
        for seg in segments
        if seg
    )
    lx, ly = sx(valid[-1][0]), sy(valid[-1][1])
    body += f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="2.5" fill="{REGION_COLOUR}"/>'
    return head + body + "</svg>"

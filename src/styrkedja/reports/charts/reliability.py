"""Reliability diagram: how often events given a probability came true (the methods page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from styrkedja.analytics.text import format_number_en, format_number_sv, format_percent_en, format_percent_sv
from styrkedja.reports.charts.base import COUNTRY_COLOUR, PEER_COLOUR, REGION_COLOUR, Chart, Meta
from styrkedja.reports.charts.render import _data, _finish

COLOURS = (COUNTRY_COLOUR, PEER_COLOUR, REGION_COLOUR)
SHAPES = ("square", "triangle-up", "circle")


def reliability(rows: Sequence[tuple[str, float, float, int]], meta: Meta) -> Chart:
    """One point per (method label, mean predicted probability, observed frequency, events) and the
    diagonal where they agree; methods differ by colour and shape. Probabilities are 0-1."""
    en = meta.lang.startswith("en")
    methods = list(dict.fromkeys(r[0] for r in rows))
    data: list[dict[str, Any]] = [
        {"method": m, "predicted": round(p * 100, 1), "observed": round(o * 100, 1), "n": n} for m, p, o, n in rows
    ]
    pred_t = "Predicted probability (%)" if en else "Bedömd sannolikhet (%)"
    obs_t = "Share that came true (%)" if en else "Andel som inträffade (%)"
    method_t = "Method" if en else "Metod"
    scale = alt.Scale(domain=[0, 100])
    diagonal = (
        alt.Chart(_data(values=[{"x": 0, "y": 0}, {"x": 100, "y": 100}]))
        .mark_line(color="#9e9e9e", strokeDash=[4, 3])
        .encode(x=alt.X("x:Q", scale=scale, title=pred_t), y=alt.Y("y:Q", scale=scale, title=obs_t))
    )
    points = (
        alt.Chart(_data(values=data))
        .mark_line(point=True)
        .encode(
            x=alt.X("predicted:Q", scale=scale, title=pred_t),
            y=alt.Y("observed:Q", scale=scale, title=obs_t),
            color=alt.Color("method:N", title=method_t, scale=alt.Scale(domain=methods, range=list(COLOURS))),
            shape=alt.Shape("method:N", title=method_t, scale=alt.Scale(domain=methods, range=list(SHAPES))),
        )
    )
    chart = (diagonal + points).properties(width=360, height=300, title=meta.title)
    fmt = format_percent_en if en else format_percent_sv
    num = format_number_en if en else format_number_sv
    gaps = {m: max((abs(o - p) for mm, p, o, n in rows if mm == m and n >= 30), default=0.0) for m in methods}
    if en:
        alt_text = f"{meta.title}. Largest gap between predicted and observed per method: " + "; ".join(
            f"{m} {num(g * 100, 0)} percentage points" for m, g in gaps.items()
        )
    else:
        alt_text = f"{meta.title}. Största avvikelse mellan bedömd och utfallen andel per metod: " + "; ".join(
            f"{m} {num(g * 100, 0)} procentenheter" for m, g in gaps.items()
        )
    table = [[m, fmt(p), fmt(o), str(n)] for m, p, o, n in rows]
    cols = (method_t, pred_t, obs_t, "Events" if en else "Händelser")
    return _finish("reliability", meta, chart, alt_text + ".", cols, table, data)

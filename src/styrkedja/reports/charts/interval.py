"""Rank with its uncertainty interval for every area (the composite index's Monte Carlo result)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from styrkedja.reports.charts.base import BAR_COLOUR, REGION_COLOUR, Chart, Meta, fmt, labels
from styrkedja.reports.charts.render import _data, _finish


@dataclass(frozen=True, slots=True)
class RankInterval:
    """An area's rank, the median rank over the runs and the 5th-95th percentile interval."""

    area_code: str
    area_name: str
    rank: int
    median: float
    lo: float
    hi: float


def rank_intervals(items: Sequence[RankInterval], meta: Meta, *, highlight: str | None = None) -> Chart:
    """One row per area in rank order: a line from the 5th to the 95th percentile rank, a dot at the rank;
    the highlighted area gets a ▶ marker, a bold label and the dark colour (not colour alone)."""
    lab = labels(meta.lang)
    en = meta.lang.startswith("en")
    ordered = sorted(items, key=lambda i: (i.rank, i.area_name))
    rows: list[dict[str, Any]] = []
    for i in ordered:
        hl = i.area_code == highlight
        rows.append(
            {
                "name": f"▶ {i.area_name}" if hl else i.area_name,
                "rank": i.rank,
                "median": i.median,
                "lo": i.lo,
                "hi": i.hi,
                "group": "highlight" if hl else "other",
            }
        )
    order = [r["name"] for r in rows]
    colour = alt.Scale(domain=["highlight", "other"], range=[REGION_COLOUR, "#3d5f85"])
    y = alt.Y(
        "name:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelLimit=220, labelFontWeight=alt.ExprRef("indexof(datum.value, '▶') == 0 ? 'bold' : 'normal'")
        ),
    )
    x_title = "Rank (1 = highest)" if en else "Plats (1 = högst)"
    base = alt.Chart(_data(values=rows))
    rule = base.mark_rule(strokeWidth=3, color=BAR_COLOUR).encode(
        y=y, x=alt.X("lo:Q", title=x_title, scale=alt.Scale(domain=[1, max(len(rows), 2)])), x2="hi:Q"
    )
    dot = base.mark_point(filled=True, size=70).encode(
        y=y,
        x="rank:Q",
        color=alt.Color("group:N", scale=colour, legend=None),
        shape=alt.condition("datum.group == 'highlight'", alt.value("diamond"), alt.value("circle")),
    )
    chart = alt.layer(rule, dot).properties(title=meta.title, width=440, height=max(120, 17 * len(rows)))
    columns = [
        lab["rank"],
        lab["area"],
        "Median rank" if en else "Medianplats",
        "5–95 % interval" if en else "5–95 %-intervall",
    ]

    def num(x: float) -> str:
        return fmt(x, meta, decimals=0 if float(x).is_integer() else 1)

    table = [[str(r["rank"]), r["name"], num(r["median"]), f"{num(r['lo'])}–{num(r['hi'])}"] for r in rows]
    alt_text = _alt_text(rows, meta, num)
    return _finish("rank_intervals", meta, chart, alt_text, columns, table, rows)


def _alt_text(rows: Sequence[dict[str, Any]], meta: Meta, num: Any) -> str:
    """One sentence naming the highlighted area's rank and its 5-95 % interval."""
    en = meta.lang.startswith("en")
    hl_row = next((r for r in rows if r["group"] == "highlight"), None)
    if hl_row is not None:
        name = hl_row["name"].removeprefix("▶ ")
        alt_text = (
            f"{meta.title}: {name} is number {hl_row['rank']} of {len(rows)}; over the uncertainty runs "
            f"its rank lies between {num(hl_row['lo'])} and {num(hl_row['hi'])} (5–95 %)."
            if en
            else f"{meta.title}: {name} kommer på plats {hl_row['rank']} av {len(rows)}; i osäkerhetsanalysen "
            f"ligger platsen mellan {num(hl_row['lo'])} och {num(hl_row['hi'])} (5–95 %)."
        )
    else:
        alt_text = f"{meta.title}."
    return alt_text

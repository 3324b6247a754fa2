"""All counties (or municipalities) in one year, sorted, the region highlighted by label and marker."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import altair as alt

from styrkedja.data import RIKET
from styrkedja.reports.charts.base import (
    BAR_COLOUR,
    COUNTRY_COLOUR,
    REGION_COLOUR,
    Chart,
    Meta,
    Point,
    _finite,
    fmt,
    labels,
)
from styrkedja.reports.charts.render import (
    _data,
    _finish,
)

# ---------------------------------------------------------------- ranking (21 counties, or municipalities)


def ranking(
    points: Sequence[Point],
    meta: Meta,
    *,
    highlight: str | None = None,
    kind: str = "county_ranking",
    higher_is_better: bool = True,
) -> Chart:
    """All areas in one period as sorted bars; the highlighted area (a code) gets a bold label with a
    ▶ marker, a dark outline and a darker fill; Riket (code "00"), if given, a grey bar."""
    lab = labels(meta.lang)
    valid = [p for p in points if _finite(p.value)]
    missing = [p for p in points if not _finite(p.value)]
    valid.sort(key=lambda p: (-(p.value or 0.0) if higher_is_better else (p.value or 0.0), p.area_name))
    ranked = [p for p in valid if p.area_code != RIKET]
    rank_of = {p.area_code: i + 1 for i, p in enumerate(ranked)}
    rows: list[dict[str, Any]] = []
    for p in valid:
        is_hl = p.area_code == highlight
        name = f"▶ {p.area_name}" if is_hl else p.area_name
        group = "highlight" if is_hl else ("country" if p.area_code == RIKET else "other")
        rows.append(
            {
                "code": p.area_code,
                "name": name,
                "value": p.value,
                "label": fmt(p.value, meta),
                "group": group,
                "rank": rank_of.get(p.area_code),
            }
        )
    order = [r["name"] for r in rows]
    period = valid[0].period if valid else (points[0].period if points else "")
    colour = alt.Scale(domain=["highlight", "country", "other"], range=[REGION_COLOUR, COUNTRY_COLOUR, BAR_COLOUR])
    hl_name = next((r["name"] for r in rows if r["group"] == "highlight"), "")
    y = alt.Y(
        "name:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelFontWeight=alt.ExprRef(f"datum.value == {json.dumps(hl_name)} ? 'bold' : 'normal'"),
            labelLimit=220,
        ),
    )
    base = alt.Chart(_data(values=rows))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("value:Q", title=meta.unit or lab["value"]),
        color=alt.Color("group:N", scale=colour, legend=None),
        stroke=alt.condition("datum.group == 'highlight'", alt.value("#1b1b1b"), alt.value(None)),
        strokeWidth=alt.condition("datum.group == 'highlight'", alt.value(2), alt.value(0)),
    )
    text = base.mark_text(
        align="left", dx=3, color="#1b1b1b", fontWeight=alt.ExprRef("datum.group == 'highlight' ? 'bold' : 'normal'")
    ).encode(y=y, x="value:Q", text="label:N")
    title = f"{meta.title} {period}".strip()
    chart = alt.layer(bars, text).properties(title=title, width=440, height=max(120, 17 * len(rows)))

    columns = [lab["rank"], lab["area"], lab["value"]]
    table = [[str(r["rank"] or "–"), r["name"], r["label"]] for r in rows]
    table += [["–", p.area_name, lab["missing"]] for p in missing]

    en = meta.lang.startswith("en")
    n = len(ranked)
    hl = next((p for p in ranked if p.area_code == highlight), None)
    sentences = []
    if hl is not None:
        if en:
            sentences.append(
                f"{meta.title} {period}: {hl.area_name} has {fmt(hl.value, meta, unit=True)} and is "
                f"number {rank_of[hl.area_code]} of {n}."
            )
        else:
            sentences.append(
                f"{meta.title} {period}: {hl.area_name} har {fmt(hl.value, meta, unit=True)} och "
                f"kommer på plats {rank_of[hl.area_code]} av {n}."
            )
    elif highlight is not None:
        sentences.append(
            f"{meta.title} {period}: "
            + ("no value for the chosen area." if en else "värde saknas för det valda området.")
        )
    else:
        sentences.append(f"{meta.title} {period}.")
    if ranked:
        top, bottom = ranked[0], ranked[-1]
        if en:
            sentences.append(
                f"First: {top.area_name} ({fmt(top.value, meta)}), "
                f"last: {bottom.area_name} ({fmt(bottom.value, meta)})."
            )
        else:
            sentences.append(
                f"Först: {top.area_name} ({fmt(top.value, meta)}), "
                f"sist: {bottom.area_name} ({fmt(bottom.value, meta)})."
            )
    country = next((p for p in valid if p.area_code == RIKET), None)
    if country is not None:
        sentences.append(f"{lab['country']}: {fmt(country.value, meta, unit=True)}.")
    if missing:
        sentences.append(("Missing: " if en else "Uppgift saknas: ") + ", ".join(p.area_name for p in missing) + ".")
    return _finish(kind, meta, chart, " ".join(sentences), columns, table, rows)

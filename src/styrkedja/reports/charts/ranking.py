"""All counties (or municipalities) in one year, sorted, the region highlighted by label and marker.

Riket is never a bar among the counties: it is not one of them, and a total (a count, money) would
dwarf every county. When Riket's value lies within the counties' range (a rate, a share, a mean), it
is drawn as a dashed reference line; it is always named in the text alternative and the table."""

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
    ▶ marker, a dark outline and a darker fill; Riket (code "00"), if given, a reference line (see above)."""
    lab = labels(meta.lang)
    valid = [p for p in points if _finite(p.value)]
    missing = [p for p in points if not _finite(p.value) and p.area_code != RIKET]
    valid.sort(key=lambda p: (-(p.value or 0.0) if higher_is_better else (p.value or 0.0), p.area_name))
    ranked = [p for p in valid if p.area_code != RIKET]
    country = next((p for p in valid if p.area_code == RIKET), None)
    rows = _bar_rows(ranked, highlight, meta)
    period = valid[0].period if valid else (points[0].period if points else "")
    chart = _bars(rows, meta, _reference(country, ranked, lab["country"], meta))
    chart = chart.properties(title=f"{meta.title} {period}".strip(), width=440, height=max(120, 17 * len(rows)))
    columns = [lab["rank"], lab["area"], lab["value"]]
    table = [[str(r["rank"]), r["name"], r["label"]] for r in rows]
    if country is not None:
        table.append(["–", lab["country"], fmt(country.value, meta)])
    table += [["–", p.area_name, lab["missing"]] for p in missing]
    text = _alt_text(ranked, country, missing, highlight, period, meta)
    return _finish(kind, meta, chart, text, columns, table, rows)


def _bar_rows(ranked: Sequence[Point], highlight: str | None, meta: Meta) -> list[dict[str, Any]]:
    """One row per ranked area, in rank order; the highlighted one marked ▶."""
    rows = []
    for i, p in enumerate(ranked):
        is_hl = p.area_code == highlight
        rows.append(
            {
                "code": p.area_code,
                "name": f"▶ {p.area_name}" if is_hl else p.area_name,
                "value": p.value,
                "label": fmt(p.value, meta),
                "group": "highlight" if is_hl else "other",
                "rank": i + 1,
            }
        )
    return rows


def _reference(country: Point | None, ranked: Sequence[Point], name: str, meta: Meta) -> dict[str, Any] | None:
    """Riket as a reference line, when its value lies within the counties' range (see the module note)."""
    if country is None or not ranked:
        return None
    values = [p.value for p in ranked if p.value is not None]
    if country.value is None or not min(values) <= country.value <= max(values):
        return None
    return {"value": country.value, "label": f"{name} {fmt(country.value, meta)}"}


def _bars(rows: list[dict[str, Any]], meta: Meta, reference: dict[str, Any] | None) -> Any:
    lab = labels(meta.lang)
    colour = alt.Scale(domain=["highlight", "other"], range=[REGION_COLOUR, BAR_COLOUR])
    hl_name = next((r["name"] for r in rows if r["group"] == "highlight"), "")
    y = alt.Y(
        "name:N",
        sort=[r["name"] for r in rows],
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
    layers = [bars, text]
    if reference is not None:
        ref = alt.Chart(_data(values=[reference]))
        layers.append(ref.mark_rule(color=COUNTRY_COLOUR, strokeDash=[5, 3], strokeWidth=1.5).encode(x="value:Q"))
        layers.append(
            ref.mark_text(align="left", baseline="bottom", dx=3, y=-4, color=COUNTRY_COLOUR).encode(
                x="value:Q", text="label:N"
            )
        )
    return alt.layer(*layers)


def _alt_text(
    ranked: Sequence[Point],
    country: Point | None,
    missing: Sequence[Point],
    highlight: str | None,
    period: str,
    meta: Meta,
) -> str:
    lab = labels(meta.lang)
    en = meta.lang.startswith("en")
    n = len(ranked)
    rank_of = {p.area_code: i + 1 for i, p in enumerate(ranked)}
    hl = next((p for p in ranked if p.area_code == highlight), None)
    sentences = []
    if hl is not None:
        value = fmt(hl.value, meta, unit=True)
        if en:
            sentences.append(
                f"{meta.title} {period}: {hl.area_name} has {value} and is number {rank_of[hl.area_code]} of {n}."
            )
        else:
            sentences.append(
                f"{meta.title} {period}: {hl.area_name} har {value} och kommer på plats {rank_of[hl.area_code]} av {n}."
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
        first, last = ("First", "last") if en else ("Först", "sist")
        sentences.append(
            f"{first}: {top.area_name} ({fmt(top.value, meta)}), "
            f"{last}: {bottom.area_name} ({fmt(bottom.value, meta)})."
        )
    if country is not None:
        sentences.append(f"{lab['country']}: {fmt(country.value, meta, unit=True)}.")
    if missing:
        sentences.append(("Missing: " if en else "Uppgift saknas: ") + ", ".join(p.area_name for p in missing) + ".")
    return " ".join(sentences)

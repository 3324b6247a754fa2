"""A choropleth map of counties or a county's municipalities."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import altair as alt

from styrkedja.reports.charts.base import (
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

# ---------------------------------------------------------------- map


@lru_cache(maxsize=4)
def _geojson(name: str) -> dict[str, Any]:
    text = resources.files("styrkedja.data").joinpath("geo", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2.0


def _rewind(geometry: dict[str, Any]) -> dict[str, Any]:
    """Wind rings the way d3-geo (Vega) wants them: exterior clockwise, holes counter-clockwise.
    GeoJSON files often use the opposite (RFC 7946) order, which d3 reads as "the whole globe"."""

    def fix(polygon: list[Any]) -> list[Any]:
        out = []
        for i, ring in enumerate(polygon):
            clockwise = _ring_area(ring) < 0
            want_clockwise = i == 0
            out.append(ring if clockwise == want_clockwise else list(reversed(ring)))
        return out

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}
    return geometry


@lru_cache(maxsize=8)
def _map_features_cached(level: str, county: str | None) -> str:
    return json.dumps(_build_features(level, county))


def _map_features(level: str, county: str | None) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(_map_features_cached(level, county))
    return features


def _build_features(level: str, county: str | None) -> list[dict[str, Any]]:
    """Features with a `properties.code` (SCB code as text) for counties or a county's municipalities."""
    out: list[dict[str, Any]] = []
    if level == "county":
        for f in _geojson("swedish_regions.geojson")["features"]:
            code = f"{int(f['properties']['l_id']):02d}"
            out.append(
                {
                    "type": "Feature",
                    "geometry": _rewind(f["geometry"]),
                    "properties": {"code": code, "name": f["properties"].get("name", code)},
                }
            )
    else:
        for f in _geojson("swedish_municipalities.geojson")["features"]:
            props = f["properties"]
            if county and props.get("lan_code") != county:
                continue
            out.append(
                {
                    "type": "Feature",
                    "geometry": _rewind(f["geometry"]),
                    "properties": {"code": str(props["id"]), "name": props.get("kom_namn", "")},
                }
            )
    return out


def choropleth(
    points: Sequence[Point],
    meta: Meta,
    *,
    level: str = "county",
    highlight: str | None = None,
    county: str | None = None,
) -> Chart:
    """A map coloured by value (counties, or the municipalities of `county`); the highlighted area gets a
    thick outline; areas without a value are light grey and named in the text alternative."""
    lab = labels(meta.lang)
    values = {p.area_code: p for p in points if _finite(p.value)}
    features = _map_features(level, county)
    data_rows = [
        {"code": c, "value": p.value, "label": fmt(p.value, meta), "name": p.area_name} for c, p in values.items()
    ]
    layers = [_shapes(features, data_rows, meta)]
    hl = [f for f in features if f["properties"]["code"] == highlight] if highlight else []
    if hl:
        outline = alt.Chart(_data(values=hl, json_format=True))
        layers.append(outline.mark_geoshape(fill=None, stroke="#1b1b1b", strokeWidth=2.5))
    period = next(iter(values.values())).period if values else ""
    chart = (
        alt.layer(*layers)
        .project(type="mercator")
        .properties(title=f"{meta.title} {period}".strip(), width=260, height=420 if level == "county" else 300)
    )
    ordered = sorted(values.values(), key=lambda p: -(p.value or 0.0))
    table = [[p.area_name, fmt(p.value, meta)] for p in ordered]
    missing = sorted(str(f["properties"]["name"]) for f in features if f["properties"]["code"] not in values)
    table += [[name, lab["missing"]] for name in missing]
    text = _alt_map(values, ordered, len(missing), highlight, period, meta)
    return _finish("choropleth", meta, chart, text, [lab["area"], lab["value"]], table, data_rows)


def _shapes(features: list[dict[str, Any]], data_rows: list[dict[str, Any]], meta: Meta) -> Any:
    """The areas coloured by value. The legend's numbers have the indicator's decimals ("2 000 000" for
    a count, not "2 000 000,0"); with no value at all there is no colour scale (and no "NaN" legend)."""
    lab = labels(meta.lang)
    geo = _data(values=features, json_format=True)
    lookup = alt.LookupData(data=_data(values=data_rows), key="code", fields=["value", "label", "name"])
    base = (
        alt.Chart(geo)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.6)
        .transform_lookup(lookup="properties.code", from_=lookup)
    )
    if not data_rows:
        return base.encode(color=alt.value("#e6e6e6"))
    legend = alt.Legend(orient="right", format=f",.{max(0, meta.decimals)}f")
    colour = alt.Color("value:Q", title=meta.unit or lab["value"], scale=alt.Scale(scheme="blues"), legend=legend)
    return base.encode(color=alt.condition("isValid(datum.value)", colour, alt.value("#e6e6e6")))


def _alt_map(
    values: dict[str, Point], ordered: Sequence[Point], n_missing: int, highlight: str | None, period: str, meta: Meta
) -> str:
    en = meta.lang.startswith("en")
    text = f"Map: {meta.title} {period}." if en else f"Karta: {meta.title} {period}."
    if highlight in values:
        p = values[highlight]
        text += f" {p.area_name}: {fmt(p.value, meta, unit=True)}."
    if ordered:
        hi, lo = ordered[0], ordered[-1]
        if en:
            text += f" Highest: {hi.area_name} ({fmt(hi.value, meta)}), lowest: {lo.area_name} ({fmt(lo.value, meta)})."
        else:
            text += f" Högst: {hi.area_name} ({fmt(hi.value, meta)}), lägst: {lo.area_name} ({fmt(lo.value, meta)})."
    if n_missing:
        text += f" {n_missing} areas without a value." if en else f" {n_missing} områden saknar värde."
    return text

"""The region against Riket over time, with the peer median, the peers' spread, the target and the forecast fan."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt

from styrkedja.reports.charts.base import (
    BAND_COLOUR,
    COUNTRY_COLOUR,
    FORECAST_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    Band,
    Chart,
    Fan,
    Meta,
    Point,
    TargetMark,
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

# ---------------------------------------------------------------- region against Riket over time


def index_points(points: Iterable[Point], base_period: str) -> list[Point]:
    """Each area's values as an index, its own base-period value = 100.

    A region of 200 000 inhabitants and Riket's 10 million share no useful axis; indexed, their
    growth compares directly (the chart analysts draw by hand). An area without a base value is
    left out rather than indexed to another year.
    """
    points = list(points)
    base = {p.area_code: p.value for p in points if p.period == base_period and _finite(p.value) and p.value}
    out = []
    for p in points:
        b = base.get(p.area_code)
        if b is None:
            continue
        value = 100.0 * p.value / b if _finite(p.value) and p.value is not None else None
        out.append(Point(p.area_code, p.area_name, p.period, value, p.breakdown))
    return out


def region_vs_country(
    region: Sequence[Point],
    country: Sequence[Point],
    meta: Meta,
    *,
    peer_median: Sequence[tuple[str, float]] = (),
    peer_band: Sequence[Band] = (),
    target: TargetMark | None = None,
    forecast: Fan | None = None,
) -> Chart:
    """The region against Riket over time, with the peer median, the peers' spread (25-75 percentile),
    the target and the forecast fan to the target year."""
    lab = labels(meta.lang)
    region_name = region[0].area_name if region else ""
    rows: list[dict[str, Any]] = []
    series_order: list[str] = []
    for name, pts in (
        (region_name, [(p.period, p.value) for p in region]),
        (lab["country"], [(p.period, p.value) for p in country]),
        (lab["peer_median"], list(peer_median)),
    ):
        if not pts:
            continue
        series_order.append(name)
        for period, value in pts:
            year = period_to_year(period)
            if year is None:
                continue
            rows.append({"series": name, "period": period, "year": year, "value": value if _finite(value) else None})
    colours = {region_name: REGION_COLOUR, lab["country"]: COUNTRY_COLOUR, lab["peer_median"]: PEER_COLOUR}
    dashes = {region_name: [1, 0], lab["country"]: [6, 3], lab["peer_median"]: [2, 2]}
    colour_scale = alt.Scale(domain=series_order, range=[colours[s] for s in series_order])
    dash_scale = alt.Scale(domain=series_order, range=[dashes[s] for s in series_order])
    legend = alt.Legend(title=None, symbolStrokeWidth=2.5, symbolType="stroke")

    layers: list[Any] = []
    if peer_band:
        band_rows = [
            {"year": period_to_year(b.period), "lo": b.lo, "hi": b.hi, "label": lab["band"]} for b in peer_band
        ]
        layers.append(
            alt.Chart(_data(values=band_rows))
            .mark_area(opacity=0.25, color=BAND_COLOUR)
            .encode(x=_year_axis(lab), y=alt.Y("lo:Q"), y2="hi:Q")
        )
    if forecast is not None:
        fan_rows = [
            {
                "year": forecast.origin_year,
                "lo": forecast.origin_value,
                "hi": forecast.origin_value,
                "point": forecast.origin_value,
            },
            {"year": forecast.target_year, "lo": forecast.lo, "hi": forecast.hi, "point": forecast.point},
        ]
        layers.append(
            alt.Chart(_data(values=fan_rows))
            .mark_area(opacity=0.18, color=FORECAST_COLOUR)
            .encode(x=_year_axis(lab), y="lo:Q", y2="hi:Q")
        )
        layers.append(
            alt.Chart(_data(values=fan_rows))
            .mark_line(strokeDash=[4, 4], color=FORECAST_COLOUR, strokeWidth=2)
            .encode(x=_year_axis(lab), y="point:Q")
        )
    layers.append(
        alt.Chart(_data(values=rows))
        .mark_line(point=True, strokeWidth=2.5, invalid="break-paths-show-domains")
        .encode(
            x=_year_axis(lab),
            y=alt.Y("value:Q", title=meta.unit or lab["value"], scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", scale=colour_scale, legend=legend, sort=series_order),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale, legend=legend, sort=series_order),
        )
    )
    if target is not None:
        if target.value is not None:
            trow = [{"year": target.year, "value": target.value, "label": target.label}]
            layers.append(
                alt.Chart(_data(values=trow))
                .mark_point(shape="diamond", size=160, filled=True, color="#1b1b1b")
                .encode(x=_year_axis(lab), y="value:Q")
            )
            layers.append(
                alt.Chart(_data(values=trow))
                .mark_text(align="right", dx=-10, dy=-10, fontWeight="bold", color="#1b1b1b")
                .encode(x=_year_axis(lab), y="value:Q", text="label:N")
            )
        else:
            trow = [{"year": target.year, "label": target.label}]
            layers.append(
                alt.Chart(_data(values=trow)).mark_rule(color="#1b1b1b", strokeDash=[3, 3]).encode(x=_year_axis(lab))
            )
            layers.append(
                alt.Chart(_data(values=trow))
                .mark_text(align="right", baseline="top", dx=-4, y=4, fontWeight="bold", color="#1b1b1b")
                .encode(x=_year_axis(lab), text="label:N")
            )
    chart = alt.layer(*layers).properties(title=meta.title, width=560, height=260)

    # data table: one row per period
    periods = _sorted_periods(r["period"] for r in rows)
    value_of = {(r["series"], r["period"]): r["value"] for r in rows}
    band_of = {b.period: b for b in peer_band}
    columns = [lab["period"], *series_order]
    if peer_band:
        columns += [f"{lab['band']}: {lab['lo'].lower()}", f"{lab['band']}: {lab['hi'].lower()}"]
    table: list[list[str]] = []
    for per in periods:
        line = [per] + [fmt(value_of.get((s, per)), meta) for s in series_order]
        if peer_band:
            b = band_of.get(per)
            line += [fmt(b.lo if b else None, meta), fmt(b.hi if b else None, meta)]
        table.append(line)
    if forecast is not None:
        line = [f"{forecast.target_year} ({lab['forecast'].lower()})", fmt(forecast.point, meta)]
        line += [""] * (len(columns) - 2)
        table.append(line)

    alt_text = _alt_region_vs_country(region, country, peer_median, target, forecast, meta)
    return _finish("region_vs_country", meta, chart, alt_text, columns, table, rows)


def _alt_value(value: float | None, meta: Meta) -> str:
    """A value with its unit; an index's unit ("index, 2014 = 100") is said once, not after every number."""
    return fmt(value, meta, unit="=" not in meta.unit)


def _alt_region_vs_country(
    region: Sequence[Point],
    country: Sequence[Point],
    peer_median: Sequence[tuple[str, float]],
    target: TargetMark | None,
    forecast: Fan | None,
    meta: Meta,
) -> str:
    """The chart as sentences: "Befolkning: Kronobergs län gick från 100 år 2014 till 107 år 2024 (index,
    2014 = 100), riket 109. Målåret är 2025. Prognos för 2025: …"."""
    lab = labels(meta.lang)
    en = meta.lang.startswith("en")
    last = _latest(region)
    if last is None:
        return f"{meta.title}: " + ("no values for the region yet." if en else "inga värden för regionen ännu.")
    first = min((p for p in region if _finite(p.value)), key=lambda p: period_to_year(p.period) or 0.0)
    a, b = _alt_value(first.value, meta), _alt_value(last.value, meta)
    if en:
        text = f"{meta.title}: {last.area_name} went from {a} in {first.period} to {b} in {last.period}"
    else:
        text = f"{meta.title}: {last.area_name} gick från {a} år {first.period} till {b} år {last.period}"
    if "=" in meta.unit:
        text += f" ({meta.unit})"
    same = {p.period: p.value for p in country}
    if _finite(same.get(last.period)):
        text += f", {lab['country']} {_alt_value(same[last.period], meta)}"
    med = dict(peer_median)
    if last.period in med:
        text += f", {lab['peer_median'].lower()} {_alt_value(med[last.period], meta)}"
    text += "." + _alt_target(target, meta, en) + _alt_forecast(forecast, meta, en)
    return text


def _alt_target(target: TargetMark | None, meta: Meta, en: bool) -> str:
    if target is None:
        return ""
    if target.value is None:
        return f" The target year is {target.year}." if en else f" Målåret är {target.year}."
    v = _alt_value(target.value, meta)
    return f" The target is {v} by {target.year}." if en else f" Målet är {v} år {target.year}."


def _alt_forecast(forecast: Fan | None, meta: Meta, en: bool) -> str:
    if forecast is None:
        return ""
    p, lo, hi = _alt_value(forecast.point, meta), fmt(forecast.lo, meta), fmt(forecast.hi, meta)
    pct = round(forecast.level * 100)
    if en:
        return f" Forecast for {forecast.target_year}: {p} ({pct}% interval {lo}–{hi})."
    return f" Prognos för {forecast.target_year}: {p} ({pct} %-intervall {lo}–{hi})."

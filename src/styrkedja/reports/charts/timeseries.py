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
    the target and the forecast fan to the target year.

    The caller puts the series on one comparable scale (an index, a rate, a share); see `index_points`.
    The y axis spans what was observed (and the target and the forecast's most likely value): a wide
    forecast interval is clipped at the axis rather than flattening the history."""
    lab = labels(meta.lang)
    region_name = region[0].area_name if region else ""
    series: list[tuple[str, Sequence[tuple[str, float | None]]]] = [
        (region_name, [(p.period, p.value) for p in region]),
        (lab["country"], [(p.period, p.value) for p in country]),
        (lab["peer_median"], list(peer_median)),
    ]
    rows, series_order = _series_rows(series)
    domain = _y_domain(rows, peer_band, target, forecast)
    styles = {region_name: (REGION_COLOUR, [1, 0]), lab["country"]: (COUNTRY_COLOUR, [6, 3])}
    styles[lab["peer_median"]] = (PEER_COLOUR, [2, 2])
    y = alt.Y("value:Q", title=meta.unit or lab["value"], scale=_y_scale(domain))
    layers: list[Any] = []
    if peer_band:
        layers.append(_band_layer(peer_band, lab, domain))
    if forecast is not None:
        layers += _fan_layers(forecast, lab, domain)
    layers.append(_lines_layer(rows, series_order, styles, lab, y))
    if target is not None:
        layers += _target_layers(target, lab, domain)
    chart = alt.layer(*layers).properties(title=meta.title, width=560, height=260)
    columns, table = _table(rows, series_order, peer_band, forecast, meta)
    alt_text = _alt_region_vs_country(region, country, peer_median, target, forecast, meta)
    return _finish("region_vs_country", meta, chart, alt_text, columns, table, rows)


def _series_rows(
    series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]],
) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per series and period with a year; the names of the series that have any."""
    rows: list[dict[str, Any]] = []
    order: list[str] = []
    for name, pts in series:
        if not pts:
            continue
        order.append(name)
        for period, value in pts:
            year = period_to_year(period)
            if year is not None:
                rows.append(
                    {"series": name, "period": period, "year": year, "value": value if _finite(value) else None}
                )
    return rows, order


def _y_domain(
    rows: Sequence[dict[str, Any]], band: Sequence[Band], target: TargetMark | None, forecast: Fan | None
) -> tuple[float, float] | None:
    """What the data support: observed values, the peers' band, the target and the forecast's point,
    widened by a tenth of their span; None when there is nothing to fit (Vega chooses)."""
    values = [r["value"] for r in rows if r["value"] is not None]
    values += [v for b in band for v in (b.lo, b.hi) if _finite(v)]
    if target is not None and _finite(target.value):
        values.append(float(target.value or 0.0))
    if forecast is not None and _finite(forecast.point):
        values.append(forecast.point)
    if not values:
        return None
    lo, hi = min(values), max(values)
    pad = (hi - lo) / 10 or abs(hi) / 10 or 1.0
    return lo - pad, hi + pad


def _y_scale(domain: tuple[float, float] | None) -> Any:
    if domain is None:
        return alt.Scale(zero=False)
    return alt.Scale(zero=False, domain=list(domain), nice=False)


def _band_layer(peer_band: Sequence[Band], lab: dict[str, str], domain: tuple[float, float] | None) -> Any:
    band_rows = [{"year": period_to_year(b.period), "lo": b.lo, "hi": b.hi, "label": lab["band"]} for b in peer_band]
    return (
        alt.Chart(_data(values=band_rows))
        .mark_area(opacity=0.25, color=BAND_COLOUR, clip=True)
        .encode(x=_year_axis(lab), y=alt.Y("lo:Q", scale=_y_scale(domain)), y2="hi:Q")
    )


def _fan_layers(forecast: Fan, lab: dict[str, str], domain: tuple[float, float] | None) -> list[Any]:
    """The forecast fan from the last observed value, clipped at the axis (the text gives the interval)."""
    origin = forecast.origin_value
    fan_rows = [
        {"year": forecast.origin_year, "lo": origin, "hi": origin, "point": origin},
        {"year": forecast.target_year, "lo": forecast.lo, "hi": forecast.hi, "point": forecast.point},
    ]
    y = alt.Y("lo:Q", scale=_y_scale(domain))
    area = alt.Chart(_data(values=fan_rows)).mark_area(opacity=0.18, color=FORECAST_COLOUR, clip=True)
    line = alt.Chart(_data(values=fan_rows)).mark_line(strokeDash=[4, 4], color=FORECAST_COLOUR, strokeWidth=2)
    return [
        area.encode(x=_year_axis(lab), y=y, y2="hi:Q"),
        line.encode(x=_year_axis(lab), y=alt.Y("point:Q", scale=_y_scale(domain))),
    ]


def _lines_layer(
    rows: list[dict[str, Any]],
    order: list[str],
    styles: dict[str, tuple[str, list[int]]],
    lab: dict[str, str],
    y: Any,
) -> Any:
    colour_scale = alt.Scale(domain=order, range=[styles[s][0] for s in order])
    dash_scale = alt.Scale(domain=order, range=[styles[s][1] for s in order])
    legend = alt.Legend(title=None, symbolStrokeWidth=2.5, symbolType="stroke")
    return (
        alt.Chart(_data(values=rows))
        .mark_line(point=True, strokeWidth=2.5, invalid="break-paths-show-domains")
        .encode(
            x=_year_axis(lab),
            y=y,
            color=alt.Color("series:N", scale=colour_scale, legend=legend, sort=order),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale, legend=legend, sort=order),
        )
    )


def _target_layers(target: TargetMark, lab: dict[str, str], domain: tuple[float, float] | None) -> list[Any]:
    """A diamond at the target value, or (a relative target) a dashed rule at the target year."""
    if target.value is not None:
        trow = _data(values=[{"year": target.year, "value": target.value, "label": target.label}])
        y = alt.Y("value:Q", scale=_y_scale(domain))
        mark = alt.Chart(trow).mark_point(shape="diamond", size=160, filled=True, color="#1b1b1b")
        text = alt.Chart(trow).mark_text(align="right", dx=-10, dy=-10, fontWeight="bold", color="#1b1b1b")
        return [mark.encode(x=_year_axis(lab), y=y), text.encode(x=_year_axis(lab), y=y, text="label:N")]
    trow = _data(values=[{"year": target.year, "label": target.label}])
    rule = alt.Chart(trow).mark_rule(color="#1b1b1b", strokeDash=[3, 3])
    text = alt.Chart(trow).mark_text(align="right", baseline="top", dx=-4, y=4, fontWeight="bold", color="#1b1b1b")
    return [rule.encode(x=_year_axis(lab)), text.encode(x=_year_axis(lab), text="label:N")]


def _table(
    rows: Sequence[dict[str, Any]], order: Sequence[str], peer_band: Sequence[Band], forecast: Fan | None, meta: Meta
) -> tuple[list[str], list[list[str]]]:
    """The chart's data as a table: one row per period, then the forecast with its interval."""
    lab = labels(meta.lang)
    value_of = {(r["series"], r["period"]): r["value"] for r in rows}
    band_of = {b.period: b for b in peer_band}
    columns = [lab["period"], *order]
    if peer_band:
        columns += [f"{lab['band']}: {lab['lo'].lower()}", f"{lab['band']}: {lab['hi'].lower()}"]
    table: list[list[str]] = []
    for per in _sorted_periods(r["period"] for r in rows):
        line = [per] + [fmt(value_of.get((s, per)), meta) for s in order]
        if peer_band:
            b = band_of.get(per)
            line += [fmt(b.lo if b else None, meta), fmt(b.hi if b else None, meta)]
        table.append(line)
    if forecast is not None:
        line = [f"{forecast.target_year} ({lab['forecast'].lower()})", fmt(forecast.point, meta)]
        table.append(line + [""] * (len(columns) - 2))
    return columns, table


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

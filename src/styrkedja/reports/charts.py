"""Every chart of the pages and reports: Vega-Lite specifications built with Altair from plain rows.

Pure Python (no Django). Each builder takes plain records (`Point`, `Band`, `TargetMark`, `Fan`)
and a `Meta` (title, unit, source, language) and returns a `Chart`: the Vega-Lite spec, the SVG
rendered server-side by vl-convert (so a chart looks the same on a page and in a report), a text
alternative (one or two sentences naming the region's value), the data as table rows, and a
caption with source and processing ("Källa: SCB. Bearbetning: Region Kronoberg.").

The chart kinds are the ones regional analysts draw by hand today: the region against Riket
over time (with the peer median, the peers' spread, the target and the forecast fan); all 21
counties in the latest year, sorted, with the region highlighted (bold label and a ▶ marker,
not colour alone); the municipalities within the county; splits by sex; small multiples;
a choropleth map; and a sparkline.

Rendering costs 50-200 ms per chart, so SVGs are cached by a hash of the spec, in memory and,
when `set_cache_dir` names a folder, on disk (shared by the worker processes of a web server).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import re
import statistics
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.connectors.codes import COUNTRY

# Colours with at least 3:1 contrast against white (WCAG 1.4.11); lines also differ by dash pattern.
REGION_COLOUR = "#0b5394"
COUNTRY_COLOUR = "#4f4f4f"
PEER_COLOUR = "#8a4b00"
FORECAST_COLOUR = "#0b5394"
BAND_COLOUR = "#9e9e9e"
BAR_COLOUR = "#7a9cc0"
WOMEN_COLOUR = "#8e2c6b"
MEN_COLOUR = "#1f6f5c"

COUNTRY_CODE = COUNTRY  # Riket

LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "country": "Riket",
        "peer_median": "Median för jämförelseområdena",
        "band": "Jämförelseområdena, 25–75:e percentilen",
        "forecast": "Prognos",
        "interval": "prognosintervall",
        "target": "Mål",
        "year": "År",
        "period": "Period",
        "value": "Värde",
        "area": "Område",
        "rank": "Plats",
        "sex": "Kön",
        "K": "Kvinnor",
        "M": "Män",
        "T": "Totalt",
        "source": "Källa",
        "processing": "Bearbetning",
        "missing": "uppgift saknas",
        "series": "Serie",
        "lo": "Nedre gräns",
        "hi": "Övre gräns",
        "highlight": "vald region",
    },
    "en": {
        "country": "Sweden (Riket)",
        "peer_median": "Median of the peers",
        "band": "Peers, 25th–75th percentile",
        "forecast": "Forecast",
        "interval": "forecast interval",
        "target": "Target",
        "year": "Year",
        "period": "Period",
        "value": "Value",
        "area": "Area",
        "rank": "Rank",
        "sex": "Sex",
        "K": "Women",
        "M": "Men",
        "T": "Total",
        "source": "Source",
        "processing": "Processing",
        "missing": "no data",
        "series": "Series",
        "lo": "Lower bound",
        "hi": "Upper bound",
        "highlight": "chosen region",
    },
}


@dataclass(frozen=True, slots=True)
class Point:
    """One value of one area in one period (value None = missing, never 0)."""

    area_code: str
    area_name: str
    period: str
    value: float | None
    breakdown: str = "T"


@dataclass(frozen=True, slots=True)
class Band:
    """The spread of the peers in one period (lower and upper bound)."""

    period: str
    lo: float
    hi: float


@dataclass(frozen=True, slots=True)
class TargetMark:
    """The target drawn on a time chart: a point at (year, value), or a vertical rule when value is None."""

    year: int
    value: float | None
    label: str


@dataclass(frozen=True, slots=True)
class Fan:
    """The forecast from the last observed value to the target year, with its interval."""

    origin_year: int
    origin_value: float
    target_year: int
    point: float
    lo: float
    hi: float
    level: float = 0.8


@dataclass(frozen=True, slots=True)
class Meta:
    """What every chart needs besides its rows: title, unit, source, processing and language."""

    title: str
    unit: str = ""
    source: str = "SCB"
    processed_by: str | None = "Region Kronoberg"
    lang: str = "sv"
    decimals: int = 1


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart ready for a page or a report."""

    kind: str
    title: str
    spec: dict[str, Any]
    svg: str
    alt: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str
    data: tuple[dict[str, Any], ...] = field(default=(), repr=False)


# ---------------------------------------------------------------- helpers


def labels(lang: str) -> dict[str, str]:
    """The chart vocabulary in the language ("sv" default, "en")."""
    return LABELS["en" if lang.startswith("en") else "sv"]


def fmt(value: float | None, meta: Meta, *, unit: bool = False, decimals: int | None = None) -> str:
    """A number formatted for the chart's language (Swedish: decimal comma, space thousands separator)."""
    d = meta.decimals if decimals is None else decimals
    u = meta.unit if unit and meta.unit else None
    if meta.lang.startswith("en"):
        return format_number_en(value, d, unit=u)
    return format_number_sv(value, d, unit=u)


def caption(meta: Meta) -> str:
    """ "Källa: SCB. Bearbetning: Region Kronoberg." (the processing part only when someone processed it)."""
    lab = labels(meta.lang)
    text = f"{lab['source']}: {meta.source}."
    if meta.processed_by:
        text += f" {lab['processing']}: {meta.processed_by}."
    return text


def period_to_year(period: str) -> float | None:
    """ "2024" -> 2024.0, "2024K2" -> 2024.25, "2024M03" -> 2024.1667; None when unreadable."""
    m = re.fullmatch(r"(\d{4})(?:([KQ])(\d)|M(\d{2}))?", period.strip())
    if not m:
        return None
    year = float(m.group(1))
    if m.group(3):
        return year + (int(m.group(3)) - 1) / 4
    if m.group(4):
        return year + (int(m.group(4)) - 1) / 12
    return year


def _finite(v: float | None) -> bool:
    return v is not None and math.isfinite(v)


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile (type 7, as R and numpy default)."""
    xs = sorted(values)
    if not xs:
        raise ValueError("no values")
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def peer_summary(points: Iterable[Point]) -> tuple[list[tuple[str, float]], list[Band]]:
    """Per period: the peers' median and their 25-75 percentile band (missing values left out)."""
    by_period: dict[str, list[float]] = {}
    for p in points:
        if p.value is not None and math.isfinite(p.value):
            by_period.setdefault(p.period, []).append(p.value)
    periods = sorted(by_period, key=lambda x: period_to_year(x) or 0.0)
    median = [(per, float(statistics.median(by_period[per]))) for per in periods]
    bands = [Band(per, quantile(by_period[per], 0.25), quantile(by_period[per], 0.75)) for per in periods]
    return median, bands


# ---------------------------------------------------------------- rendering and its cache

_LOCK = threading.Lock()
_MEMORY: OrderedDict[str, str] = OrderedDict()
_MEMORY_MAX = 512
_CACHE_DIR: Path | None = None
_renders = 0  # number of real renders, for tests


def set_cache_dir(path: Path | str | None) -> None:
    """Also keep rendered SVGs in this folder (shared by processes); None: memory only."""
    global _CACHE_DIR
    _CACHE_DIR = Path(path) if path else None
    if _CACHE_DIR is not None:
        _CACHE_DIR.mkdir(parents=True, exist_ok=True)


def render_count() -> int:
    """How many specs were rendered by vl-convert (cache misses) in this process."""
    return _renders


def clear_cache() -> None:
    """Forget the SVGs held in memory (the disk cache stays)."""
    with _LOCK:
        _MEMORY.clear()


def spec_hash(spec: dict[str, Any], lang: str) -> str:
    """A stable hash of a spec and the number locale it is rendered with."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{lang}\n{text}".encode()).hexdigest()


def render_svg(spec: dict[str, Any], lang: str = "sv") -> str:
    """The SVG of a Vega-Lite spec, from the cache when the same spec was rendered before."""
    global _renders
    key = spec_hash(spec, lang)
    with _LOCK:
        hit = _MEMORY.get(key)
        if hit is not None:
            _MEMORY.move_to_end(key)
            return hit
    path = _CACHE_DIR / f"{key}.svg" if _CACHE_DIR is not None else None
    if path is not None and path.exists():
        svg = path.read_text(encoding="utf-8")
    else:
        locale = "en-US" if lang.startswith("en") else "sv-SE"
        convert: Any = vl_convert.vegalite_to_svg
        svg = convert(spec, format_locale=locale, time_format_locale=locale)
        svg = _clean_svg(svg, key[:8])
        _renders += 1
        if path is not None:
            tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_text(svg, encoding="utf-8")
            tmp.replace(path)
    with _LOCK:
        _MEMORY[key] = svg
        while len(_MEMORY) > _MEMORY_MAX:
            _MEMORY.popitem(last=False)
    return svg


_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_IDS = re.compile(r'(id="|url\(#|href="#)([A-Za-z][\w-]*)')


def _clean_svg(svg: str, prefix: str) -> str:
    """Drop Vega's ARIA markup (the figure gets one accessible name) and make ids unique per chart."""
    svg = _ARIA.sub("", svg)
    return _IDS.sub(lambda m: f"{m.group(1)}c{prefix}-{m.group(2)}", svg)


def accessible_svg(svg: str, alt: str) -> str:
    """The SVG as one image with a name: role="img", aria-label and a <title>."""
    name = html.escape(alt, quote=True)
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: f'<svg{m.group(1)} role="img" aria-label="{name}" focusable="false"><title>{name}</title>',
        svg,
        count=1,
    )


def _config(spec: dict[str, Any]) -> dict[str, Any]:
    spec.setdefault("config", {})
    spec["config"].update(
        {
            "aria": False,
            "font": "Helvetica, Arial, sans-serif",
            "axis": {"labelColor": "#1b1b1b", "titleColor": "#1b1b1b", "labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelColor": "#1b1b1b", "titleColor": "#1b1b1b", "labelFontSize": 11, "orient": "bottom"},
            "title": {"color": "#1b1b1b", "fontSize": 14, "anchor": "start"},
            "view": {"stroke": None},
        }
    )
    return spec


def _finish(
    kind: str,
    meta: Meta,
    chart: Any,
    alt_text: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    data: Sequence[dict[str, Any]],
    *,
    svg: str | None = None,
) -> Chart:
    spec = _config(chart.to_dict())
    raw = svg if svg is not None else render_svg(spec, meta.lang)
    return Chart(
        kind=kind,
        title=meta.title,
        spec=spec,
        svg=accessible_svg(raw, alt_text),
        alt=alt_text,
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
        caption=caption(meta),
        data=tuple(data),
    )


def _data(values: Sequence[Any], *, json_format: bool = False) -> Any:
    """Inline data for a chart (typed wrapper: Altair's constructors are untyped)."""
    if json_format:
        return alt.Data(values=list(values), format=alt.DataFormat(type="json"))  # type: ignore[no-untyped-call]
    return alt.Data(values=list(values))  # type: ignore[no-untyped-call]


def _year_axis(lab: dict[str, str]) -> Any:
    return alt.X(
        "year:Q",
        title=lab["year"],
        axis=alt.Axis(format="d", tickMinStep=1, labelOverlap="greedy", labelFlush=False),
        scale=alt.Scale(nice=False),
    )


def _sorted_periods(points: Iterable[str]) -> list[str]:
    return sorted(set(points), key=lambda p: (period_to_year(p) or 0.0, p))


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


def _latest(points: Sequence[Point]) -> Point | None:
    valid = [p for p in points if _finite(p.value)]
    return max(valid, key=lambda p: period_to_year(p.period) or 0.0) if valid else None


def _alt_region_vs_country(
    region: Sequence[Point],
    country: Sequence[Point],
    peer_median: Sequence[tuple[str, float]],
    target: TargetMark | None,
    forecast: Fan | None,
    meta: Meta,
) -> str:
    lab = labels(meta.lang)
    en = meta.lang.startswith("en")
    last = _latest(region)
    if last is None:
        return f"{meta.title}: " + ("no values for the region yet." if en else "inga värden för regionen ännu.")
    first = min((p for p in region if _finite(p.value)), key=lambda p: period_to_year(p.period) or 0.0)
    parts = []
    if en:
        parts.append(
            f"{meta.title}: {last.area_name} went from {fmt(first.value, meta, unit=True)} in {first.period} "
            f"to {fmt(last.value, meta, unit=True)} in {last.period}"
        )
    else:
        parts.append(
            f"{meta.title}: {last.area_name} gick från {fmt(first.value, meta, unit=True)} år {first.period} "
            f"till {fmt(last.value, meta, unit=True)} år {last.period}"
        )
    same = {p.period: p.value for p in country}
    if _finite(same.get(last.period)):
        parts.append(f"{lab['country']} {fmt(same[last.period], meta, unit=True)}")
    med = dict(peer_median)
    if last.period in med:
        parts.append(f"{lab['peer_median'].lower()} {fmt(med[last.period], meta, unit=True)}")
    text = ", ".join(parts) + "."
    if target is not None:
        text += f" {lab['target']}: {target.label}."
    if forecast is not None:
        if en:
            text += (
                f" Forecast for {forecast.target_year}: {fmt(forecast.point, meta, unit=True)} "
                f"({round(forecast.level * 100)} % interval {fmt(forecast.lo, meta)}–{fmt(forecast.hi, meta)})."
            )
        else:
            text += (
                f" Prognos för {forecast.target_year}: {fmt(forecast.point, meta, unit=True)} "
                f"({round(forecast.level * 100)} %-intervall {fmt(forecast.lo, meta)}–{fmt(forecast.hi, meta)})."
            )
    return text


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
    ranked = [p for p in valid if p.area_code != COUNTRY_CODE]
    rank_of = {p.area_code: i + 1 for i, p in enumerate(ranked)}
    rows: list[dict[str, Any]] = []
    for p in valid:
        is_hl = p.area_code == highlight
        name = f"▶ {p.area_name}" if is_hl else p.area_name
        group = "highlight" if is_hl else ("country" if p.area_code == COUNTRY_CODE else "other")
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
    country = next((p for p in valid if p.area_code == COUNTRY_CODE), None)
    if country is not None:
        sentences.append(f"{lab['country']}: {fmt(country.value, meta, unit=True)}.")
    if missing:
        sentences.append(("Missing: " if en else "Uppgift saknas: ") + ", ".join(p.area_name for p in missing) + ".")
    return _finish(kind, meta, chart, " ".join(sentences), columns, table, rows)


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
    """One small time chart per area (Riket dashed in each for reference); the highlighted area's panel
    title carries a ▶ marker."""
    lab = labels(meta.lang)
    names = {p.area_code: (f"▶ {p.area_name}" if p.area_code == highlight else p.area_name) for p in points}
    order = [names[c] for c in sorted(names)]
    rows = []
    for p in points:
        year = period_to_year(p.period)
        if year is not None:
            rows.append(
                {
                    "panel": names[p.area_code],
                    "series": "area",
                    "year": year,
                    "period": p.period,
                    "value": p.value if _finite(p.value) else None,
                }
            )
    for panel in order:
        for c in country:
            year = period_to_year(c.period)
            if year is not None and _finite(c.value):
                rows.append({"panel": panel, "series": "country", "year": year, "period": c.period, "value": c.value})
    chart = (
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
        .properties(title=meta.title)
    )
    periods = _sorted_periods(p.period for p in points)
    val = {(p.area_code, p.period): p.value for p in points}
    table = [[names[c]] + [fmt(val.get((c, per)), meta) for per in periods] for c in sorted(names)]
    en = meta.lang.startswith("en")
    hl_points = [p for p in points if p.area_code == highlight]
    text = f"{meta.title}: " + (
        f"one chart per area, {len(names)} areas" if en else f"ett diagram per område, {len(names)} områden"
    )
    if periods:
        text += f", {periods[0]}–{periods[-1]}"
    text += "."
    last = _latest(hl_points)
    if last is not None:
        first = min((p for p in hl_points if _finite(p.value)), key=lambda p: period_to_year(p.period) or 0.0)
        if en:
            text += (
                f" {last.area_name}: from {fmt(first.value, meta, unit=True)} ({first.period})"
                f" to {fmt(last.value, meta, unit=True)} ({last.period})."
            )
        else:
            text += (
                f" {last.area_name}: från {fmt(first.value, meta, unit=True)} ({first.period})"
                f" till {fmt(last.value, meta, unit=True)} ({last.period})."
            )
    return _finish("small_multiples", meta, chart, text, [lab["area"], *periods], table, rows)


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
    geo = _data(values=features, json_format=True)
    lookup = alt.LookupData(data=_data(values=data_rows), key="code", fields=["value", "label", "name"])
    base = (
        alt.Chart(geo)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.6)
        .transform_lookup(lookup="properties.code", from_=lookup)
        .encode(
            color=alt.condition(
                "isValid(datum.value)",
                alt.Color(
                    "value:Q",
                    title=meta.unit or lab["value"],
                    scale=alt.Scale(scheme="blues"),
                    legend=alt.Legend(orient="right", format=",.1f"),
                ),
                alt.value("#e6e6e6"),
            )
        )
    )
    layers = [base]
    if highlight:
        hl = [f for f in features if f["properties"]["code"] == highlight]
        if hl:
            layers.append(
                alt.Chart(_data(values=hl, json_format=True)).mark_geoshape(
                    fill=None, stroke="#1b1b1b", strokeWidth=2.5
                )
            )
    period = next(iter(values.values())).period if values else ""
    chart = (
        alt.layer(*layers)
        .project(type="mercator")
        .properties(title=f"{meta.title} {period}".strip(), width=260, height=420 if level == "county" else 300)
    )
    ordered = sorted(values.values(), key=lambda p: -(p.value or 0.0))
    table = [[p.area_name, fmt(p.value, meta)] for p in ordered]
    missing = [str(f["properties"]["name"]) for f in features if f["properties"]["code"] not in values]
    table += [[name, lab["missing"]] for name in sorted(missing)]
    en = meta.lang.startswith("en")
    text = f"Map: {meta.title} {period}." if en else f"Karta: {meta.title} {period}."
    if highlight in values:
        p = values[highlight]
        text += f" {p.area_name}: {fmt(p.value, meta, unit=True)}."
    if ordered:
        if en:
            text += (
                f" Highest: {ordered[0].area_name} ({fmt(ordered[0].value, meta)}),"
                f" lowest: {ordered[-1].area_name} ({fmt(ordered[-1].value, meta)})."
            )
        else:
            text += (
                f" Högst: {ordered[0].area_name} ({fmt(ordered[0].value, meta)}),"
                f" lägst: {ordered[-1].area_name} ({fmt(ordered[-1].value, meta)})."
            )
    if missing:
        text += f" {len(missing)} areas without a value." if en else f" {len(missing)} områden saknar värde."
    return _finish("choropleth", meta, chart, text, [lab["area"], lab["value"]], table, data_rows)


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


# ---------------------------------------------------------------- convenience

ChartBuilder = Callable[..., Chart]
BUILDERS: dict[str, ChartBuilder] = {
    "region_vs_country": region_vs_country,
    "ranking": ranking,
    "by_sex": by_sex,
    "small_multiples": small_multiples,
    "choropleth": choropleth,
    "sparkline": sparkline,
}

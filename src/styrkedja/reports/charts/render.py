"""Rendering Vega-Lite to accessible SVG, with its cache, and the shared spec helpers.

Rendering costs 50-200 ms per chart, so SVGs are cached by a hash of the spec, in memory and,
when `set_cache_dir` names a folder, on disk (shared by the worker processes of a web server)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert

from styrkedja.reports.charts.base import (
    Chart,
    Meta,
    caption,
    period_to_year,
)

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
    # The specs are built here and checked against the Vega-Lite schema in the tests; validating every
    # chart again at run time was a third of the charts' cost in the national report (bench/report).
    spec = _config(chart.to_dict(validate=False))
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

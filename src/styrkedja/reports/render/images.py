"""Charts as PNG for Word and PowerPoint (which do not take SVG reliably): the chart's own SVG, rasterised
by vl-convert (no browser), so the picture is the one on the page."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import vl_convert

from styrkedja.reports.charts import Chart

_PNG: dict[str, bytes] = {}


def chart_png(chart: Chart, scale: float = 2.0) -> io.BytesIO:
    key = hashlib.sha256(f"{scale}:{chart.svg}".encode()).hexdigest()
    png = _PNG.get(key)
    if png is None:
        convert: Any = vl_convert.svg_to_png
        png = bytes(convert(chart.svg, scale=scale))
        _PNG[key] = png
    return io.BytesIO(png)

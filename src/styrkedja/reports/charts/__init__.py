"""Every chart of the pages and reports: Vega-Lite specifications built with Altair from plain rows.

Pure Python (no Django). Each builder takes plain records (`Point`, `Band`, `TargetMark`, `Fan`)
and a `Meta` (title, unit, source, language) and returns a `Chart`: the Vega-Lite spec, the SVG
rendered server-side by vl-convert (so a chart looks the same on a page and in a report), a text
alternative (one or two sentences naming the region's value), the data as table rows, and a
caption with source and processing ("Källa: SCB. Bearbetning: <organisation>.").

The chart kinds are the ones regional analysts draw by hand today: the region against Riket
over time (with the peer median, the peers' spread, the target and the forecast fan); all 21
counties in the latest year, sorted, with the region highlighted (bold label and a ▶ marker,
not colour alone); the municipalities within the county; splits by sex; small multiples;
a choropleth map; and a sparkline.

Rendering costs 50-200 ms per chart, so SVGs are cached by a hash of the spec, in memory and,
when `set_cache_dir` names a folder, on disk (shared by the worker processes of a web server).
"""

from __future__ import annotations

from collections.abc import Callable

from styrkedja.reports.charts.base import (
    BAND_COLOUR,
    BAR_COLOUR,
    COUNTRY_COLOUR,
    FORECAST_COLOUR,
    LABELS,
    MEN_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    WOMEN_COLOUR,
    Band,
    Chart,
    Fan,
    Meta,
    Point,
    TargetMark,
    caption,
    fmt,
    labels,
    peer_summary,
    period_to_year,
    quantile,
)
from styrkedja.reports.charts.breakdown import by_sex, small_multiples
from styrkedja.reports.charts.maps import choropleth
from styrkedja.reports.charts.ranking import ranking
from styrkedja.reports.charts.reliability import reliability
from styrkedja.reports.charts.render import (
    accessible_svg,
    clear_cache,
    render_count,
    render_svg,
    set_cache_dir,
    spec_hash,
)
from styrkedja.reports.charts.sparkline import sparkline
from styrkedja.reports.charts.timeseries import index_points, region_vs_country

ChartBuilder = Callable[..., Chart]
BUILDERS: dict[str, ChartBuilder] = {
    "region_vs_country": region_vs_country,
    "ranking": ranking,
    "by_sex": by_sex,
    "small_multiples": small_multiples,
    "choropleth": choropleth,
    "sparkline": sparkline,
    "reliability": reliability,
}

__all__ = [
    "BAND_COLOUR",
    "BAR_COLOUR",
    "BUILDERS",
    "COUNTRY_COLOUR",
    "FORECAST_COLOUR",
    "LABELS",
    "MEN_COLOUR",
    "PEER_COLOUR",
    "REGION_COLOUR",
    "WOMEN_COLOUR",
    "Band",
    "Chart",
    "ChartBuilder",
    "Fan",
    "Meta",
    "Point",
    "TargetMark",
    "accessible_svg",
    "by_sex",
    "caption",
    "choropleth",
    "clear_cache",
    "fmt",
    "index_points",
    "labels",
    "peer_summary",
    "period_to_year",
    "quantile",
    "ranking",
    "region_vs_country",
    "reliability",
    "render_count",
    "render_svg",
    "set_cache_dir",
    "small_multiples",
    "sparkline",
    "spec_hash",
]

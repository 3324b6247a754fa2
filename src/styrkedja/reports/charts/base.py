"""Chart records (points, bands, targets, fans, meta), colours, labels and number/caption helpers."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from styrkedja.analytics.text import format_number_en, format_number_sv

# Colours with at least 3:1 contrast against white (WCAG 1.4.11); lines also differ by dash pattern.
REGION_COLOUR = "#0b5394"
COUNTRY_COLOUR = "#4f4f4f"
PEER_COLOUR = "#8a4b00"
FORECAST_COLOUR = "#0b5394"
BAND_COLOUR = "#9e9e9e"
BAR_COLOUR = "#7a9cc0"
WOMEN_COLOUR = "#8e2c6b"
MEN_COLOUR = "#1f6f5c"

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
    processed_by: str | None = None  # the processing organisation, from the setting; None: not named
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
    """ "Källa: SCB. Bearbetning: <organisation>." (the processing part only when one is configured)."""
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


def _latest(points: Sequence[Point]) -> Point | None:
    valid = [p for p in points if _finite(p.value)]
    return max(valid, key=lambda p: period_to_year(p.period) or 0.0) if valid else None

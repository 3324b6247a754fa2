"""A goal's chart: the region against Riket, the peers' median and spread, the target and the forecast fan.

The forecast fan is the evaluation's forecast (never a new one); levels of different size (counts,
money) are compared as an index with the base year = 100."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from styrkedja.analytics.text import unit_en
from styrkedja.data import RIKET
from styrkedja.reports import charts
from styrkedja.reports.assemble.inputs import GoalIn, IndicatorIn, ResultIn
from styrkedja.reports.assemble.words import number, word

ChartMaker = Callable[..., charts.Chart]


def build_directly(builder: Callable[..., charts.Chart], *args: Any, **kwargs: Any) -> charts.Chart:
    """The default chart maker: build it (the web layer passes one with a per-process cache)."""
    return builder(*args, **kwargs)


def _year(period: str) -> float:
    return charts.period_to_year(period) or 0.0


def _index_base(goal: GoalIn, region: Sequence[charts.Point]) -> str | None:
    """The period the chart is indexed to: the target's base year, the baseline, else the first year."""
    periods = [p.period for p in region if p.value is not None]
    for candidate in [*(str(t.base_year) for t in goal.targets if t.base_year), goal.baseline_period]:
        if candidate and candidate in periods:
            return candidate
    return periods[0] if periods else None


def _target_mark(goal: GoalIn, ind: IndicatorIn, indexed: bool, language: str) -> charts.TargetMark | None:
    if not indexed:
        for t in goal.targets:
            if t.value is not None and t.rule in ("level", "share"):
                # The comparison in words ("minst 80,0 (2025)"): raw operators never reach a page.
                label = f"{word(t.operator, language)} {number(t.value, ind.decimals, language)} ({t.target_year})"
                return charts.TargetMark(t.target_year, t.value, label)
    if goal.targets:
        t = goal.targets[0]
        return charts.TargetMark(t.target_year, None, f"{word('target', language)} {t.target_year}")
    return None


def _fan(results: Sequence[ResultIn], region: Sequence[charts.Point], scale: float) -> charts.Fan | None:
    """The first result's forecast, drawn from the last observed value (already on the chart's scale)."""
    last_by_year = {int(_year(p.period)): p.value for p in region if p.value is not None}
    for r in results:
        fc = r.detail.get("forecast") or {}
        if fc.get("point") is None or fc.get("lo") is None:
            continue
        origin = int(fc.get("origin_year") or 0)
        if origin in last_by_year and int(fc["target_year"]) > origin:
            return charts.Fan(
                origin,
                float(last_by_year[origin] or 0.0),
                int(fc["target_year"]),
                float(fc["point"]) * scale,
                float(fc["lo"]) * scale,
                float(fc["hi"]) * scale,
                float(fc.get("level") or 0.8),
            )
    return None


@dataclass(frozen=True)
class GoalChart:
    """The chart and what its legend must explain: whether the peers' band is drawn, and the fan."""

    chart: charts.Chart
    band: bool
    fan: charts.Fan | None


def goal_chart(
    goal: GoalIn,
    ind: IndicatorIn,
    points: Sequence[charts.Point],
    results: Sequence[ResultIn],
    language: str,
    make: ChartMaker = build_directly,
) -> GoalChart | None:
    """The goal's time chart from every observation of Riket and the areas of the goal's level; None when
    neither the region nor Riket has a value (the page says so in a sentence instead of an empty frame)."""
    region = sorted((p for p in points if p.area_code == goal.area_code), key=lambda p: _year(p.period))
    country = sorted((p for p in points if p.area_code == RIKET), key=lambda p: _year(p.period))
    if not any(p.value is not None for p in [*region, *country]):
        return None
    peer_codes = next((set(t.peer_codes) for t in goal.targets if t.peer_codes), None)
    peers = [p for p in points if p.area_code != RIKET and (peer_codes is None or p.area_code in peer_codes)]
    name = ind.name_en if language.startswith("en") and ind.name_en else ind.name
    meta = charts.Meta(
        title=name, unit=unit_en(ind.unit) if language.startswith("en") else ind.unit,
        source=ind.source or "–", processed_by=ind.processed_by,
        lang=language, decimals=ind.decimals,
    )  # fmt: skip
    # Counts and money of a county and of Riket differ by orders of magnitude: index them (base = 100).
    index_base = _index_base(goal, region) if ind.measure_type not in ("share", "rate") else None
    scale = 1.0
    if index_base is not None:  # Riket keeps every year it has data, before the base year too
        base_value = next((p.value for p in region if p.period == index_base), None)
        scale = 100.0 / base_value if base_value else 1.0
        region = charts.index_points(region, index_base)
        country = charts.index_points(country, index_base)
        peers = charts.index_points(peers, index_base)
        meta = dataclasses.replace(meta, unit=word("index", language).format(year=index_base))
    median, band = charts.peer_summary(peers)
    fan = _fan(results, region, scale)
    chart = make(
        charts.region_vs_country,
        region,
        country,
        meta,
        peer_median=median,
        peer_band=band,
        target=_target_mark(goal, ind, index_base is not None, language),
        forecast=fan,
    )
    return GoalChart(chart, bool(band), fan)

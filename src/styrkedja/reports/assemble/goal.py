"""A goal's figures as the evaluation run computed them: status, probability, latest value, benchmark,
ranks and forecast per target, and the explanation. Nothing is recomputed here: every number is read
from the stored result, so a page and a report cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from styrkedja.reports import charts
from styrkedja.reports.assemble.inputs import AssessmentIn, GoalIn, IndicatorIn, InitiativeIn, ResultIn, TargetIn
from styrkedja.reports.assemble.words import ICONS, number, word

GROWTH_RULES = ("growth_vs_benchmark",)


@dataclass(frozen=True, slots=True)
class Rank:
    """A rank from the evaluation: by level at `year`, or by growth from `base_year` to `year`."""

    by: str  # "level" or "growth"
    rank: int
    n: int
    year: str
    base_year: str = ""
    peers_label: str = ""  # "län" / "counties", "kommuner" / "municipalities"


@dataclass(frozen=True, slots=True)
class Forecast:
    origin_year: int
    target_year: int
    point: float
    lo: float
    hi: float
    level: float


@dataclass(frozen=True, slots=True)
class TargetFigures:
    """One stored result, as pages and documents show it."""

    rule: str
    status: str
    status_text: str
    icon: str
    target_text: str
    target_year: int | None
    probability: float | None
    latest_value: float | None
    latest_period: str
    data_through: str
    preliminary: bool
    benchmark_kind: str | None
    benchmark_value: float | None  # the benchmark's growth (growth rules) or level; None for rank rules
    value: float | None  # the region's compared value (level, or growth base -> data_through)
    growth_measure: str | None  # "percent" or "pp"
    rank: Rank | None
    forecast: Forecast | None
    explanation: str
    caution: str | None = None  # stale / thin / not_yet_known: the probability is shown as uncertain
    # Said only while the target year's figures are unpublished, in plain words ("" otherwise).
    unpublished: str = ""
    base_year: int | None = None  # a growth rule's base year


@dataclass(frozen=True, slots=True)
class GoalFigures:
    goal: GoalIn
    indicator: IndicatorIn | None
    targets: tuple[TargetFigures, ...]
    chart: charts.Chart | None = None
    initiatives: tuple[InitiativeIn, ...] = ()
    assessment: AssessmentIn | None = None
    chart_band: bool = False  # the chart draws the peers' spread (the legend explains it)
    chart_fan: charts.Fan | None = None  # the forecast fan drawn (the legend explains it)

    @property
    def status(self) -> str:
        """The goal's headline status: its first result's (targets in their order), else no data."""
        return self.targets[0].status if self.targets else "no_data"

    @property
    def main(self) -> TargetFigures | None:
        return self.targets[0] if self.targets else None

    @property
    def ranks(self) -> tuple[Rank, ...]:
        """The distinct ranks the evaluation computed for this goal (a level and a growth rank at most once)."""
        seen: dict[tuple[str, str, str], Rank] = {}
        for t in self.targets:
            if t.rank is not None:
                seen.setdefault((t.rank.by, t.rank.base_year, t.rank.year), t.rank)
        return tuple(seen.values())

    @property
    def rank_by_level(self) -> Rank | None:
        return next((r for r in self.ranks if r.by == "level"), None)

    @property
    def rank_by_growth(self) -> Rank | None:
        return next((r for r in self.ranks if r.by == "growth"), None)


def _opt_float(x: Any) -> float | None:
    return None if x is None else float(x)


def _rank(r: ResultIn, target: TargetIn | None, municipal: bool, language: str) -> Rank | None:
    got = r.detail.get("rank")
    if not got or got.get("rank") is None:
        return None
    by_growth = r.rule in GROWTH_RULES or (r.rule == "rank" and r.detail.get("growth") is not None)
    base = r.detail.get("base_year") or (target.base_year if target else None)
    return Rank(
        by="growth" if by_growth else "level",
        rank=int(got["rank"]),
        n=int(got["n"]),
        year=str(r.detail.get("data_through") or r.data_through),
        base_year=str(base) if by_growth and base else "",
        peers_label=word("municipalities" if municipal else "counties", language),
    )


def _forecast(detail: Mapping[str, Any]) -> Forecast | None:
    fc = detail.get("forecast")
    if not fc or fc.get("point") is None or fc.get("lo") is None or fc.get("hi") is None:
        return None
    return Forecast(
        int(fc.get("origin_year") or 0), int(fc["target_year"]), float(fc["point"]), float(fc["lo"]),
        float(fc["hi"]), float(fc.get("level") or 0.8),
    )  # fmt: skip


def unpublished_text(r: ResultIn, language: str) -> str:
    """The plain-words form of the evaluation's "preliminary" flag (see `unpublished_words`)."""
    return unpublished_words(r.preliminary, r.target_year, r.data_through, language)


def unpublished_words(preliminary: bool, target_year: int | None, data_through: str, language: str) -> str:
    """The "preliminary" flag in plain words, for the report and the pages alike. It is right only while
    the target year's figures are unpublished: the flag set, a target year, and the data ending before it
    ("" otherwise)."""
    through = int(data_through) if data_through.isdigit() else None
    if not preliminary or target_year is None or (through is not None and through >= target_year):
        return ""
    y = target_year
    if language.startswith("en"):
        latest = f", the latest are for {through}" if through is not None else ""
        return f"the figures for {y} are not published yet{latest}"
    latest = f", de senaste gäller {through}" if through is not None else ""
    return f"siffrorna för {y} är inte publicerade än{latest}"


def target_figures(r: ResultIn, target: TargetIn | None, municipal: bool, language: str) -> TargetFigures:
    bench = r.detail.get("benchmark") or {}
    return TargetFigures(
        rule=r.rule,
        status=r.status,
        status_text=word(r.status, language),
        icon=ICONS.get(r.status, "?"),
        target_text=target.text if target else "",
        target_year=r.target_year,
        probability=r.probability,
        latest_value=r.latest_value,
        latest_period=r.latest_period,
        data_through=r.data_through,
        preliminary=r.preliminary,
        benchmark_kind=bench.get("kind"),
        benchmark_value=_opt_float(bench.get("value")),
        value=_opt_float(r.detail.get("value")),
        growth_measure=r.detail.get("growth_measure") or None,
        rank=_rank(r, target, municipal, language),
        forecast=_forecast(r.detail),
        explanation=r.explanation_en if language.startswith("en") else r.explanation_sv,
        caution=r.detail.get("caution") or None,
        unpublished=unpublished_text(r, language),
        base_year=int(r.detail["base_year"]) if r.detail.get("base_year") else None,
    )


def goal_figures(
    goal: GoalIn,
    indicator: IndicatorIn | None,
    results: Sequence[ResultIn],
    language: str,
    *,
    chart: charts.Chart | None = None,
    initiatives: Sequence[InitiativeIn] = (),
    assessment: AssessmentIn | None = None,
    chart_band: bool = False,
    chart_fan: charts.Fan | None = None,
) -> GoalFigures:
    """The goal's figures from its stored results (in the targets' order)."""
    targets = {t.key: t for t in goal.targets}
    figures = tuple(target_figures(r, targets.get(r.target_key or ""), goal.municipal, language) for r in results)
    return GoalFigures(goal, indicator, figures, chart, tuple(initiatives), assessment, chart_band, chart_fan)


BENCHMARK_WORDS = {"riket": "riket", "peer_median": "peer_median", "peer_mean": "peer_mean"}


def benchmark_line(t: TargetFigures, decimals: int, unit: str, language: str) -> str | None:
    """The region's compared value next to the benchmark's, both as the evaluation stored them:
    "87,1 % — riket 87,7 %" (a level against a benchmark) or "+7,5 % 2014–2024 — medianlänet +7,0 %"
    (growth against a benchmark's growth); None for other rules or when either value is missing."""
    if t.benchmark_kind not in BENCHMARK_WORDS or t.value is None or t.benchmark_value is None:
        return None
    who = word(BENCHMARK_WORDS[t.benchmark_kind], language)
    if t.rule in GROWTH_RULES:
        pp = t.growth_measure == "pp"
        growth_unit = ("pp" if language.startswith("en") else "procentenheter") if pp else "%"
        ours = _signed(t.value, growth_unit, language)
        years = f" {t.base_year}–{t.data_through}" if t.base_year and t.data_through else ""
        return f"{ours}{years} — {who} {_signed(t.benchmark_value, growth_unit, language)}"
    shown_unit = "%" if unit in ("procent", "%") else unit
    ours = number(t.value, decimals, language, shown_unit or None)
    return f"{ours} — {who} {number(t.benchmark_value, decimals, language, shown_unit or None)}"


def _signed(value: float, unit: str, language: str) -> str:
    text = number(value, 1, language, unit)
    return text if value < 0 else f"+{text}"

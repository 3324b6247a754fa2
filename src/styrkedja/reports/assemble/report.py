"""The yearly follow-up report (regiondagarna) as one typed object, in the seed's order: summary, RUS
goals, sub-strategy goals with the traceability matrix, the mapping of ongoing initiatives, finished
projects, knowledge needs and actions, sources and methods. Two editions: `intern` (everything) and
`publik` (published strategies only; no project-internal data, no unpublished assessments)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from styrkedja.reports.assemble.chart import ChartMaker, build_directly, goal_chart
from styrkedja.reports.assemble.goal import GoalFigures, goal_figures
from styrkedja.reports.assemble.inputs import (
    AssessmentIn,
    ExtraSectionIn,
    GoalIn,
    IndicatorIn,
    InitiativeIn,
    ReportInput,
    ResultIn,
    StrategyIn,
)
from styrkedja.reports.assemble.portfolio import Portfolio, map_portfolio
from styrkedja.reports.assemble.sources import SourceLine, methods, source_lines
from styrkedja.reports.assemble.summary import StrategySummary, summarise
from styrkedja.reports.charts import Point

INTERN = "intern"
PUBLIK = "publik"
EDITIONS = (INTERN, PUBLIK)
RUS = "rus"


class ReportError(ValueError):
    """The report cannot be made as asked (unknown strategy, no data at the date, an empty strategy)."""


@dataclass(frozen=True, slots=True)
class StrategySection:
    strategy: StrategyIn
    goals: tuple[GoalFigures, ...]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    goal: str
    challenges: tuple[str, ...]
    priorities: tuple[str, ...]
    sub_indicators: tuple[str, ...]
    indicator: str
    rus_goals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    year: int
    as_of: dt.date
    edition: str
    language: str
    region_name: str
    run_label: str
    summaries: tuple[StrategySummary, ...]
    rus: tuple[StrategySection, ...]
    subs: tuple[StrategySection, ...]
    matrix: tuple[MatrixRow, ...]
    portfolio: Portfolio
    finished: tuple[InitiativeIn, ...]
    extra: tuple[ExtraSectionIn, ...]
    sources: tuple[SourceLine, ...]
    methods: tuple[str, ...]

    @property
    def goals(self) -> tuple[GoalFigures, ...]:
        return tuple(g for s in (*self.rus, *self.subs) for g in s.goals)


def _strategies(data: ReportInput, edition: str, strategy_key: str | None) -> list[StrategyIn]:
    chosen = [s for s in data.strategies if edition == INTERN or s.published]
    if strategy_key is None:
        return chosen
    picked = [s for s in chosen if s.key == strategy_key]
    if not picked:
        known = ", ".join(s.key for s in chosen) or "none"
        raise ReportError(f"unknown strategy {strategy_key!r} (expected one of: {known})")
    return picked


def _latest_assessments(data: ReportInput, edition: str) -> dict[str, AssessmentIn]:
    """The newest assessment per goal (by year; the web layer passes them newest first within a year)."""
    out: dict[str, AssessmentIn] = {}
    for a in data.assessments:
        if edition == PUBLIK and not a.published:
            continue
        if a.goal_key not in out or a.year > out[a.goal_key].year:
            out[a.goal_key] = a
    return out


def assemble_goal(
    goal: GoalIn,
    indicator: IndicatorIn | None,
    points: Sequence[Point],
    results: Sequence[ResultIn],
    language: str,
    *,
    make: ChartMaker = build_directly,
    initiatives: Sequence[InitiativeIn] = (),
    assessment: AssessmentIn | None = None,
) -> GoalFigures:
    """One goal's figures and chart, as the goal page and every document show it. `points`: every
    observation of Riket and the areas of the goal's level (county or municipality)."""
    drawn = goal_chart(goal, indicator, points, results, language, make) if indicator is not None else None
    return goal_figures(
        goal, indicator, results, language, initiatives=initiatives, assessment=assessment,
        chart=drawn.chart if drawn else None, chart_band=drawn.band if drawn else False,
        chart_fan=drawn.fan if drawn else None,
    )  # fmt: skip


def _points(data: ReportInput, goal: GoalIn) -> Sequence[Point]:
    level = "municipality" if goal.municipal else "county"
    return data.points.get((goal.indicator_key or "", level), ())


def _initiatives(data: ReportInput, edition: str) -> list[InitiativeIn]:
    """Every ongoing initiative; the public edition only those carrying out a published strategy."""
    if edition == INTERN:
        return list(data.initiatives)
    published = {s.key for s in data.strategies if s.published}
    return [i for i in data.initiatives if i.strategy_key in published]


def _matrix(data: ReportInput, goals: Sequence[GoalIn]) -> tuple[MatrixRow, ...]:
    names = {g.key: g.name for g in data.goals}
    goal_keys = {g.key for g in goals}
    return tuple(
        MatrixRow(names.get(m.goal_key, m.goal_key), m.challenges, m.priorities, m.sub_indicators, m.indicator,
                  tuple(names.get(k, k) for k in m.rus_goals))
        for m in data.matrix
        if m.goal_key in goal_keys
    )  # fmt: skip


def assemble_report(
    data: ReportInput,
    *,
    edition: str = INTERN,
    language: str = "sv",
    strategy_key: str | None = None,
    make: ChartMaker = build_directly,
) -> Report:
    if edition not in EDITIONS:
        raise ReportError(f"unknown edition {edition!r} (expected intern or publik)")
    strategies = _strategies(data, edition, strategy_key)
    keys = {s.key for s in strategies}
    goals = [g for g in data.goals if g.strategy_key in keys]
    if strategy_key is not None and not goals:
        raise ReportError(f"strategy {strategy_key!r} has no goals to report on")
    results: dict[str, list[ResultIn]] = defaultdict(list)
    for r in data.results:
        results[r.goal_key].append(r)
    initiatives = _initiatives(data, edition)
    assessments = _latest_assessments(data, edition)
    sections = []
    for s in strategies:
        figures = tuple(
            assemble_goal(
                g, data.indicators.get(g.indicator_key or ""), _points(data, g), results.get(g.key, []), language,
                make=make,
                initiatives=[i for i in initiatives if g.key in i.serves], assessment=assessments.get(g.key),
            )
            for g in goals
            if g.strategy_key == s.key
        )  # fmt: skip
        sections.append(StrategySection(s, figures))
    matrix = _matrix(data, goals)
    portfolio = map_portfolio(initiatives, goals)
    if edition == PUBLIK:  # budgets and hours are the projects' internal data
        portfolio = Portfolio(portfolio.rows, portfolio.unserved, None, None)
    used = {g.indicator_key for g in goals if g.indicator_key}
    return Report(
        year=data.year,
        as_of=data.as_of,
        edition=edition,
        language=language,
        region_name=data.region_name,
        run_label=data.run_label,
        summaries=tuple(summarise(s.strategy, s.goals, language) for s in sections),
        rus=tuple(s for s in sections if s.strategy.level == RUS),
        subs=tuple(s for s in sections if s.strategy.level != RUS),
        matrix=matrix,
        portfolio=portfolio,
        finished=data.finished if edition == INTERN else (),
        extra=_extra(data.extra_sections, edition),
        sources=source_lines(data, used, language),
        methods=methods(language),
    )


def _extra(sections: tuple[ExtraSectionIn, ...], edition: str) -> tuple[ExtraSectionIn, ...]:
    """Other parts' sections in this edition: the public one leaves out internal sections and shows a
    section's public rows where it has them; a section without rows is left out."""
    out = []
    for x in sections:
        if edition != INTERN:
            if x.internal:
                continue
            if x.public_rows is not None:
                x = replace(x, rows=x.public_rows, public_rows=None)
        if x.rows:
            out.append(x)
    return tuple(out)

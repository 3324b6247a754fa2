"""The plain records the assembly reads: the chain, the evaluation run and the statistics, as the web
layer hands them over (built from the models with a fixed number of queries). Nothing here knows Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from styrkedja.reports.charts import Point


@dataclass(frozen=True, slots=True)
class IndicatorIn:
    key: str
    name: str
    name_en: str = ""
    unit: str = ""
    measure_type: str = "count"
    direction: str = "higher"
    decimals: int = 1
    source: str = ""  # the publisher as the caption names it: "SCB", "Kolada", "Eurostat"
    source_ref: str = ""  # the table or KPI id ("BE0101N1", "N01982"): provenance stays
    processed_by: str | None = None


@dataclass(frozen=True, slots=True)
class TargetIn:
    key: str
    rule: str
    target_year: int
    text: str = ""  # the target as written ("at least 80 % by 2025"), or a rendering of the rule
    operator: str = ">="
    value: float | None = None
    base_year: int | None = None
    peer_codes: tuple[str, ...] | None = None  # the peer group's members; None = every area of the level


@dataclass(frozen=True, slots=True)
class GoalIn:
    key: str
    name: str
    kind: str  # "long_term" or "short_medium"
    kind_label: str = ""
    formulation: str = ""
    strategy_key: str | None = None
    initiative_key: str | None = None
    indicator_key: str | None = None
    area_code: str = ""
    area_name: str = ""
    municipal: bool = False  # compared with the municipalities rather than the counties
    baseline_value: float | None = None
    baseline_period: str = ""
    targets: tuple[TargetIn, ...] = ()
    contributes_to: tuple[str, ...] = ()  # goal keys directly above
    position: int = 0


@dataclass(frozen=True, slots=True)
class ResultIn:
    """One stored evaluation result (a target's, or a goal's trend when `rule` is "trend")."""

    goal_key: str
    rule: str
    status: str
    target_key: str | None = None
    target_year: int | None = None
    probability: float | None = None
    latest_period: str = ""
    latest_value: float | None = None
    data_through: str = ""
    preliminary: bool = False
    explanation_sv: str = ""
    explanation_en: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StrategyIn:
    key: str
    name: str
    level: str  # "rus", "sub", ...
    level_label: str = ""
    published: bool = True
    parent_key: str | None = None
    horizon: str = ""
    area_name: str = ""


@dataclass(frozen=True, slots=True)
class InitiativeIn:
    key: str
    name: str
    kind_label: str = ""
    strategy_key: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    budget: float | None = None  # SEK; None = not stated (never 0)
    hours: float | None = None  # activities' occasions x hours; None = not stated
    serves: tuple[str, ...] = ()  # keys of every goal its goals and activities reach
    goal_results: tuple[ProjectGoalIn, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectGoalIn:
    """A finished project's own goal: what it promised and what its latest report says."""

    name: str
    target_text: str = ""
    reported: str = ""  # the latest reported value, formatted, or ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class AssessmentIn:
    goal_key: str
    year: int
    rating_label: str
    text: str
    author: str = ""
    published: bool = False  # only published assessments enter the public edition


@dataclass(frozen=True, slots=True)
class BatchIn:
    """An import batch: where a series came from and when it was retrieved."""

    id: int
    source: str  # the kind: "scb", "kolada", "file", "computed", ...
    table: str
    location: str
    retrieved: dt.datetime
    publisher: str = ""  # as its provenance names it: "Eurostat", "SCB", ...


@dataclass(frozen=True, slots=True)
class MatrixRowIn:
    """A row of the traceability matrix (RIS table): challenges -> goal -> sub-indicators -> RUS goals."""

    goal_key: str
    challenges: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    sub_indicators: tuple[str, ...] = ()
    indicator: str = ""
    rus_goals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtraSectionIn:
    """A section another part of the product contributes (knowledge needs, decided actions): a heading,
    an optional lead paragraph and a table. The report renders it only when it has rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lead: str = ""
    internal: bool = True  # left out of the public edition
    # The rows the public edition shows when they differ from `rows` (which the internal edition shows);
    # None: the same rows. Used by sections whose entries are published one by one (contribution analyses).
    public_rows: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True, slots=True)
class ReportInput:
    """Everything one report (or one page) is assembled from."""

    year: int
    as_of: dt.date
    region_name: str
    strategies: tuple[StrategyIn, ...]
    goals: tuple[GoalIn, ...]
    indicators: Mapping[str, IndicatorIn]
    results: tuple[ResultIn, ...]
    # (indicator key, "county" | "municipality") -> every observation of Riket and the areas of that level
    points: Mapping[tuple[str, str], tuple[Point, ...]] = field(default_factory=dict)
    initiatives: tuple[InitiativeIn, ...] = ()
    finished: tuple[InitiativeIn, ...] = ()
    assessments: tuple[AssessmentIn, ...] = ()
    batches: tuple[BatchIn, ...] = ()
    batches_by_indicator: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    matrix: tuple[MatrixRowIn, ...] = ()
    extra_sections: tuple[ExtraSectionIn, ...] = ()
    run_label: str = ""

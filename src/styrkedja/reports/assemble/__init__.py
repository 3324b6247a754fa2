"""The assembly layer: an evaluation run and the chain (as plain records) -> the figures that the goal
page, the overview and every document of the yearly report render. Pure Python, no Django.

Nothing here computes a status, growth or rank: every figure comes from the stored evaluation
results, so a page and a report can never disagree."""

from styrkedja.reports.assemble.chart import ChartMaker, build_directly, goal_chart
from styrkedja.reports.assemble.goal import Forecast, GoalFigures, Rank, TargetFigures, benchmark_line, goal_figures
from styrkedja.reports.assemble.inputs import (
    AssessmentIn,
    BatchIn,
    ExtraSectionIn,
    GoalIn,
    IndicatorIn,
    InitiativeIn,
    MatrixRowIn,
    ProjectGoalIn,
    ReportInput,
    ResultIn,
    StrategyIn,
    TargetIn,
)
from styrkedja.reports.assemble.portfolio import Portfolio, PortfolioRow
from styrkedja.reports.assemble.report import (
    EDITIONS,
    INTERN,
    PUBLIK,
    MatrixRow,
    Report,
    ReportError,
    StrategySection,
    assemble_goal,
    assemble_report,
)
from styrkedja.reports.assemble.sources import SourceLine
from styrkedja.reports.assemble.summary import HEADLINE, Problem, StrategySummary, status_counts, summary_status

__all__ = [
    "EDITIONS",
    "HEADLINE",
    "INTERN",
    "PUBLIK",
    "AssessmentIn",
    "BatchIn",
    "ChartMaker",
    "ExtraSectionIn",
    "Forecast",
    "GoalFigures",
    "GoalIn",
    "IndicatorIn",
    "InitiativeIn",
    "MatrixRow",
    "MatrixRowIn",
    "Portfolio",
    "PortfolioRow",
    "Problem",
    "ProjectGoalIn",
    "Rank",
    "Report",
    "ReportError",
    "ReportInput",
    "ResultIn",
    "SourceLine",
    "StrategyIn",
    "StrategySection",
    "StrategySummary",
    "TargetFigures",
    "TargetIn",
    "assemble_goal",
    "assemble_report",
    "benchmark_line",
    "build_directly",
    "goal_chart",
    "goal_figures",
    "status_counts",
    "summary_status",
]

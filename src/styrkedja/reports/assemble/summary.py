"""The summary per strategy: how many goals are met, on track, at risk, off track, uncertain or without
data, and the one-line reason for each goal at risk or off track (the first sentence of the evaluation's
text).

"Uncertain" is a goal whose forecast-based status the evaluation itself flagged as resting on old or
too short data (its `caution`): counted there rather than as on track, at risk or off track, so the
counts add up to the number of goals and no goal is counted twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from styrkedja.reports.assemble.goal import GoalFigures
from styrkedja.reports.assemble.inputs import StrategyIn
from styrkedja.reports.assemble.words import PROBLEM_STATUSES, SUMMARY_STATUSES, word


@dataclass(frozen=True, slots=True)
class Problem:
    goal_key: str
    goal_name: str
    status: str
    status_text: str
    reason: str


@dataclass(frozen=True, slots=True)
class StrategySummary:
    strategy: StrategyIn
    counts: tuple[tuple[str, str, int], ...]  # (status, text, number of goals), non-zero only, fixed order
    total: int
    problems: tuple[Problem, ...]


def first_sentence(text: str) -> str:
    """The explanation's first sentence: the evaluation writes the verdict first."""
    text = " ".join(text.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if cut > 0:
            return text[: cut + 1]
    return text


FORECAST_STATUSES = ("on_track", "at_risk", "off_track")
UNCERTAIN_CAUTIONS = ("stale", "thin")
# Always shown on the overview, even at zero: the six answers to "are we on track?".
HEADLINE = ("met", "on_track", "at_risk", "off_track", "uncertain", "no_data")


def summary_status(goal: GoalFigures) -> str:
    """The goal's place in the summary: its headline status, or "uncertain" (see the module note)."""
    main = goal.main
    if main is not None and goal.status in FORECAST_STATUSES and main.caution in UNCERTAIN_CAUTIONS:
        return "uncertain"
    return goal.status


def status_counts(
    goals: Sequence[GoalFigures], language: str, *, always: Sequence[str] = ()
) -> tuple[tuple[str, str, int], ...]:
    """(status, text, number of goals) in the summary's order: the non-zero ones and those in `always`."""
    counts = Counter(summary_status(g) for g in goals)
    return tuple((s, word(s, language), counts[s]) for s in SUMMARY_STATUSES if counts[s] or s in always)


def summarise(strategy: StrategyIn, goals: Sequence[GoalFigures], language: str) -> StrategySummary:
    ordered = status_counts(goals, language)
    problems = tuple(
        Problem(g.goal.key, g.goal.name, g.status, word(g.status, language), first_sentence(g.main.explanation))
        for g in goals
        if g.main is not None and g.status in PROBLEM_STATUSES
    )
    return StrategySummary(strategy, ordered, len(goals), problems)

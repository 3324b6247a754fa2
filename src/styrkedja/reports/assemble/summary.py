"""The summary per strategy: how many goals are met, on track, at risk, off track or without data, and
the one-line reason for each goal at risk or off track (the first sentence of the evaluation's text)."""

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


def summarise(strategy: StrategyIn, goals: Sequence[GoalFigures], language: str) -> StrategySummary:
    counts = Counter(g.status for g in goals)
    ordered = tuple((s, word(s, language), counts[s]) for s in SUMMARY_STATUSES if counts[s])
    problems = tuple(
        Problem(g.goal.key, g.goal.name, g.status, word(g.status, language), first_sentence(g.main.explanation))
        for g in goals
        if g.main is not None and g.status in PROBLEM_STATUSES
    )
    return StrategySummary(strategy, ordered, len(goals), problems)

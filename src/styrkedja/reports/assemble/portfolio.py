"""The mapping of ongoing initiatives ("styr vi mot målen?"): which goals each serves, its budget and
hours, and the goals no initiative serves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from styrkedja.reports.assemble.inputs import GoalIn, InitiativeIn


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    initiative: InitiativeIn
    goals: tuple[GoalIn, ...]  # the report's goals it serves, in the report's order


@dataclass(frozen=True, slots=True)
class Portfolio:
    rows: tuple[PortfolioRow, ...]
    unserved: tuple[GoalIn, ...]  # goals of the report that no initiative serves
    budget: float | None  # the sum of the stated budgets (None when none is stated)
    hours: float | None


def _total(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def map_portfolio(initiatives: Sequence[InitiativeIn], goals: Sequence[GoalIn]) -> Portfolio:
    order = {g.key: i for i, g in enumerate(goals)}
    by_key = {g.key: g for g in goals}
    rows = tuple(
        PortfolioRow(ini, tuple(by_key[k] for k in sorted(set(ini.serves) & set(by_key), key=order.__getitem__)))
        for ini in initiatives
    )
    served = {g.key for row in rows for g in row.goals}
    return Portfolio(
        rows,
        tuple(g for g in goals if g.key not in served),
        _total([i.budget for i in initiatives]),
        _total([i.hours for i in initiatives]),
    )

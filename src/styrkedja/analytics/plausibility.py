"""Plausibility (*rimlighet*) of a project plan: does what the plan promises fit what it measures and does?

The plan template "forces in project logic and reasonableness". `logic.check_plan` checks the logic
(every goal linked, measured, fed by activities); these rules check that the numbers are reasonable:

- a project goal measures the project's own participants, not a regional statistic the project
  cannot move on its own (population, employment rate …);
- the target value says the same as the goal formulation ("30 % shall start a company" with the
  target 150 contradicts itself);
- the planned work and money fit the effect expected (one six-hour activity and 1.2 MSEK for
  "30 % shall start a company" do not);
- a main goal's effect year lies within the project's reach (see `logic.EXPOST_YEARS`, checked there).

The thresholds below are judgements, not laws; they are stated and explained in the user guide
(docs/user-guide.md, docs/anvandarguide.md, "Plausibility checks"). Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .logic import ERROR, WARNING, Finding

# An effect on participants' behaviour (starting a company, a new job) takes more than a single
# meeting: business-start programmes run for tens of hours. Below this many planned activity hours
# a plan that promises an effect gets a warning.
MIN_HOURS_FOR_EFFECT = 20.0
# A share target at or above this many per cent of the participants counts as an effect on
# behaviour that calls for the hours above (60 % who *want to* is an attitude; 30 % who *start*
# is behaviour, and the main goal is where the template puts it).
EFFECT_SHARE = 10.0
# Budget per planned activity hour. An hour with the participants (a workshop, an adviser's session)
# costs with preparation, premises, travel and its share of project management typically 5 000–15 000
# SEK. Above this most of the money pays for no planned activity: the budget is out of proportion to
# the work planned, or activities are missing from the plan.
MAX_SEK_PER_HOUR = 50_000.0
# Sources that measure the project's own participants (the template's example: "30 % of the
# participants"), and "none" (no source chosen yet: nothing to judge); every other source (SCB, Kolada,
# a file, a computed series) is a regional statistic.
NOT_REGIONAL_SOURCES = ("project", "none")

# "30 %", "30,5 procent", "30 per cent", "30 percent" in a goal formulation.
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent\b|per\s?cent\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GoalFacts:
    key: str
    kind: str  # "long_term" (main goal) or "short_medium" (sub-goal)
    formulation: str = ""
    indicator_name: str = ""
    indicator_source: str = ""  # the indicator's source kind ("project", "scb", "kolada" …); "" for none
    measure_type: str = ""  # "share", "count" …
    target_value: float | None = None


@dataclass(frozen=True, slots=True)
class PlanFacts:
    key: str  # the initiative
    budget: float | None = None
    planned_hours: float | None = None  # occasions x hours per occasion, summed; None: no activity has both
    goals: Sequence[GoalFacts] = ()


def formulation_percent(text: str) -> float | None:
    """The percentage a goal formulation names ("30 % av deltagarna …" -> 30.0), or None."""
    found = _PERCENT.findall(text or "")
    if len(found) != 1:  # none, or several (then it is unclear which one the target is)
        return None
    return float(found[0].replace(",", "."))


def _num(value: float) -> str:
    return f"{value:.15g}"  # plain digits (1200000, 1.5), never an exponent; the page formats them


def _regional_indicator(g: GoalFacts) -> list[Finding]:
    if not g.indicator_source or g.indicator_source in NOT_REGIONAL_SOURCES:
        return []
    return [Finding(WARNING, "goal-regional-indicator", f"goal {g.key}",
                    f"uses the regional statistic {g.indicator_name}, not a measure of the participants",
                    g.key, "indicator", (("indicator", g.indicator_name),))]  # fmt: skip


def _contradiction(g: GoalFacts) -> list[Finding]:
    """A percentage in the formulation against the target value (an error when they differ), or against an
    indicator that counts (a warning: the goal speaks of a share, the indicator will not give one)."""
    said = formulation_percent(g.formulation)
    if said is None or g.target_value is None:
        return []
    if abs(g.target_value - said) > 1e-9:
        params = (("said", _num(said)), ("value", _num(g.target_value)))
        return [Finding(ERROR, "goal-target-contradicts-formulation", f"goal {g.key}",
                        f"the formulation names {_num(said)} % but the target value is {_num(g.target_value)}",
                        g.key, "target", params)]  # fmt: skip
    if g.measure_type == "count":
        return [Finding(WARNING, "goal-percent-but-count", f"goal {g.key}",
                        f"the formulation names {_num(said)} % but the indicator counts", g.key, "indicator",
                        (("said", _num(said)),))]  # fmt: skip
    return []


def _expected_effect(goals: Sequence[GoalFacts]) -> GoalFacts | None:
    """The main goal that promises the largest effect on participants (a share target), if any."""
    effects = [g for g in goals if g.kind == "long_term" and g.target_value is not None
               and (g.measure_type == "share" or formulation_percent(g.formulation) is not None)
               and g.target_value >= EFFECT_SHARE]  # fmt: skip
    return max(effects, key=lambda g: g.target_value or 0.0, default=None)


def _effort(plan: PlanFacts) -> list[Finding]:
    out: list[Finding] = []
    effect = _expected_effect(plan.goals)
    hours = plan.planned_hours
    if effect is not None and hours is not None and hours < MIN_HOURS_FOR_EFFECT:
        params = (("hours", _num(hours)), ("value", _num(effect.target_value or 0.0)),
                  ("minimum", _num(MIN_HOURS_FOR_EFFECT)))  # fmt: skip
        out.append(Finding(WARNING, "plan-few-hours", f"initiative {plan.key}",
                           f"{_num(hours)} planned hours are few for an effect of {params[1][1]} %", plan.key,
                           "hours", params))  # fmt: skip
    if plan.budget is not None and hours and plan.budget / hours > MAX_SEK_PER_HOUR:
        per_hour = plan.budget / hours
        costs = (("budget", _num(plan.budget)), ("hours", _num(hours)), ("per_hour", f"{per_hour:.0f}"),
                 ("maximum", _num(MAX_SEK_PER_HOUR)))  # fmt: skip
        message = f"the budget is {per_hour:.0f} SEK per planned hour"
        out.append(Finding(WARNING, "plan-budget-per-hour", f"initiative {plan.key}", message, plan.key, "budget",
                           costs))  # fmt: skip
    return out


def check_plausibility(plan: PlanFacts) -> list[Finding]:
    """The plausibility findings of one plan: errors first, then in plan order."""
    out: list[Finding] = []
    for g in plan.goals:
        out += _regional_indicator(g)
        out += _contradiction(g)
    out += _effort(plan)
    return sorted(out, key=lambda f: f.severity != ERROR)

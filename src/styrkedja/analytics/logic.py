"""Logic checks of the chain: does every link hold, is anything missing?

Pure functions over plain records, so the same checks serve `styrkedja check`,
strategy-file loads and the project plan form. Errors make the chain wrong
(cycles, impossible years, a project goal that steers towards nothing);
warnings are gaps to fill (a goal without indicator or baseline, a sub-goal
without activities).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class GoalNode:
    key: str
    name: str
    owner_kind: str  # "strategy" or "initiative"
    owner_key: str
    kind: str  # "long_term" or "short_medium"
    indicator: str | None = None
    baseline_value: float | None = None
    baseline_period: str = ""
    baseline_source: str = ""
    formulation: str = ""
    contributes_to: tuple[str, ...] = ()
    target_years: tuple[int, ...] = ()
    share_values: tuple[float, ...] = ()  # values of share targets, in percent
    has_contributors: bool = False


@dataclass(frozen=True, slots=True)
class ActivityNode:
    key: str
    name: str
    initiative: str
    feeds: tuple[str, ...] = ()
    occasions: int | None = None
    hours_per_occasion: float | None = None


@dataclass(frozen=True, slots=True)
class OwnerNode:
    """A strategy (horizon) or an initiative (period in years)."""

    key: str
    kind: str  # "strategy" or "initiative"
    name: str
    start_year: int | None = None
    end_year: int | None = None
    level: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    code: str
    subject: str  # "goal rus-befolkning", "activity sydostleden-a1"
    message: str


@dataclass
class Chain:
    owners: Sequence[OwnerNode] = field(default_factory=list)
    goals: Sequence[GoalNode] = field(default_factory=list)
    activities: Sequence[ActivityNode] = field(default_factory=list)


def check_chain(chain: Chain) -> list[Finding]:
    """Every finding, errors first, then in chain order."""
    out: list[Finding] = []
    owners = {(o.kind, o.key): o for o in chain.owners}
    goals = {g.key: g for g in chain.goals}
    fed = {gid for act in chain.activities for gid in act.feeds}
    contributed = {gid for g in chain.goals for gid in g.contributes_to}
    for g in chain.goals:
        out += _check_goal(g, owners.get((g.owner_kind, g.owner_key)), goals, fed, contributed)
    for act in chain.activities:
        subject = f"activity {act.key} ({act.name})"
        if not act.feeds:
            out.append(Finding(WARNING, "activity-feeds-nothing", subject, "feeds no goal"))
        if act.occasions is None or act.hours_per_occasion is None:
            out.append(Finding(WARNING, "activity-no-scope", subject, "has no number of occasions or hours"))
    out.extend(_cycles(chain.goals))
    order = {ERROR: 0, WARNING: 1}
    return sorted(out, key=lambda f: order[f.severity])


def _check_goal(
    g: GoalNode, owner: OwnerNode | None, goals: dict[str, GoalNode], fed: set[str], contributed: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    subject = f"goal {g.key} ({g.name})"
    # A goal without indicator is fine as an umbrella that other, measured goals contribute to.
    umbrella = g.indicator is None and (g.key in contributed or g.has_contributors)
    if g.indicator is None and not umbrella:
        out.append(Finding(WARNING, "goal-no-indicator", subject, "has no indicator"))
    if g.indicator is not None:
        if not g.baseline_period and g.baseline_value is None:
            out.append(Finding(WARNING, "goal-no-baseline", subject, "has no baseline value"))
        if not g.baseline_source:
            out.append(Finding(WARNING, "goal-no-source", subject, "has no source for the baseline"))
    if g.owner_kind == "initiative":
        out += _check_initiative_goal(g, subject, goals, fed)
    for value in g.share_values:
        if not 0 <= value <= 100:
            out.append(Finding(ERROR, "share-out-of-range", subject, f"share target {value} is outside 0-100 %"))
    out += _check_years(g, subject, owner)
    return out


def _check_initiative_goal(g: GoalNode, subject: str, goals: dict[str, GoalNode], fed: set[str]) -> list[Finding]:
    out: list[Finding] = []
    linked = any(c in goals and goals[c].owner_kind == "strategy" for c in g.contributes_to)
    if g.kind == "long_term" and not linked:
        out.append(Finding(ERROR, "project-goal-unlinked", subject, "main goal is linked to no strategy goal"))
    if g.kind == "short_medium":
        if not g.formulation and g.indicator is None:
            out.append(Finding(WARNING, "subgoal-empty", subject, "sub-goal has no formulation or indicator"))
        if g.key not in fed:
            out.append(Finding(WARNING, "subgoal-no-activity", subject, "no activity contributes to it"))
    return out


def _check_years(g: GoalNode, subject: str, owner: OwnerNode | None) -> list[Finding]:
    out: list[Finding] = []
    base_year = int(g.baseline_period[:4]) if g.baseline_period[:4].isdigit() else None
    for year in g.target_years:
        if base_year is not None and year < base_year:
            message = f"target year {year} is before the baseline {base_year}"
            out.append(Finding(ERROR, "target-before-baseline", subject, message))
        if owner and owner.start_year and owner.end_year:
            # Project main goals may be reached up to five years after the project (ex-post follow-up).
            slack = 5 if (owner.kind == "initiative" and g.kind == "long_term") else 0
            if not owner.start_year <= year <= owner.end_year + slack:
                span = f"{owner.start_year}-{owner.end_year + slack}"
                message = f"target year {year} is outside {owner.name} ({span})"
                out.append(Finding(WARNING, "target-outside-horizon", subject, message))
    return out


def _cycles(goals: Sequence[GoalNode]) -> list[Finding]:
    edges = {g.key: g.contributes_to for g in goals}
    found: list[Finding] = []
    seen_cycles: set[frozenset[str]] = set()
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                if frozenset(cycle) not in seen_cycles:
                    seen_cycles.add(frozenset(cycle))
                    found.append(Finding(ERROR, "contributes-cycle", f"goal {node}",
                                         "contributes-to cycle: " + " -> ".join(cycle)))  # fmt: skip
            elif state.get(nxt) is None and nxt in edges:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for key in edges:
        if key not in state:
            visit(key, [])
    return found


def total_hours(activities: Sequence[ActivityNode]) -> float:
    """Planned hours: sum of occasions x hours per occasion (activities lacking either are left out)."""
    return sum(
        a.occasions * a.hours_per_occasion
        for a in activities
        if a.occasions is not None and a.hours_per_occasion is not None
    )

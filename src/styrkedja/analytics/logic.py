"""Logic checks of the chain: does every link hold, is anything missing?

Pure functions over plain records, so the same checks serve `styrkedja check`,
strategy-file loads and the project plan form. Errors make the chain wrong
(cycles, impossible years, a project goal that steers towards nothing);
warnings are gaps to fill (a goal without indicator or baseline, a sub-goal
without activities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from styrkedja.analytics.targets import default_growth

ERROR = "error"
WARNING = "warning"
# A project's main goal (long-term effect) may be reached up to this many years after the project
# ends: the last ex-post follow-up is five years after the end (see web/projects rounds_for).
EXPOST_YEARS = 5


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
    # For the plausibility checks: the indicator's direction ("higher", "lower", "neutral"),
    # the values of level/share targets, and whether a target exists at all.
    direction: str = ""
    target_values: tuple[float, ...] = ()
    # The indicator's measure type, and (target key, stated growth measure or "") of each growth rule.
    measure_type: str = ""
    growth_targets: tuple[tuple[str, str], ...] = ()


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
    key: str = ""  # the goal's or activity's key (or the initiative's, for plan-level findings)
    field: str = ""  # the field at fault, for forms and workbooks: "indicator", "baseline", "target" …
    params: tuple[tuple[str, str], ...] = ()  # values in the message, for translations


@dataclass
class Chain:
    owners: Sequence[OwnerNode] = field(default_factory=list)
    goals: Sequence[GoalNode] = field(default_factory=list)
    activities: Sequence[ActivityNode] = field(default_factory=list)


def check_chain(chain: Chain, *, strict: bool = False) -> list[Finding]:
    """Every finding, errors first, then in chain order.

    In the default mode gaps (a goal without indicator, a sub-goal without activities)
    are warnings: the chain is being built. `strict=True` is for project plans that are
    submitted: every gap in an initiative's plan is an error (see `check_plan`).
    """
    out: list[Finding] = []
    owners = {(o.kind, o.key): o for o in chain.owners}
    goals = {g.key: g for g in chain.goals}
    fed = {gid for act in chain.activities for gid in act.feeds}
    contributed = {gid for g in chain.goals for gid in g.contributes_to}
    for g in chain.goals:
        out += _check_goal(g, owners.get((g.owner_kind, g.owner_key)), goals, fed, contributed, strict)
    for act in chain.activities:
        out += _check_activity(act, goals, strict)
    out.extend(_cycles(chain.goals))
    order = {ERROR: 0, WARNING: 1}
    return sorted(out, key=lambda f: order[f.severity])


def _gap(strict: bool) -> str:
    """Severity of something missing: an error in a submitted plan, else a warning."""
    return ERROR if strict else WARNING


def _check_activity(act: ActivityNode, goals: dict[str, GoalNode], strict: bool) -> list[Finding]:
    out: list[Finding] = []
    subject = f"activity {act.key} ({act.name})"
    if strict:
        if not any(k in goals and goals[k].kind == "short_medium" for k in act.feeds):
            out.append(Finding(ERROR, "activity-feeds-no-subgoal", subject, "feeds no sub-goal", act.key, "feeds"))
        if not act.name.strip():
            out.append(Finding(ERROR, "activity-no-name", subject, "has no name", act.key, "name"))
    elif not act.feeds:
        out.append(Finding(WARNING, "activity-feeds-nothing", subject, "feeds no goal", act.key, "feeds"))
    if act.occasions is None or act.hours_per_occasion is None:
        field = "occasions" if act.occasions is None else "hours_per_occasion"
        message = "has no number of occasions or hours"
        out.append(Finding(_gap(strict), "activity-no-scope", subject, message, act.key, field))
    elif act.occasions < 0 or act.hours_per_occasion < 0:
        out.append(Finding(ERROR, "activity-negative-scope", subject, "has a negative number of occasions or hours",
                           act.key, "occasions"))  # fmt: skip
    return out


def _check_goal(
    g: GoalNode,
    owner: OwnerNode | None,
    goals: dict[str, GoalNode],
    fed: set[str],
    contributed: set[str],
    strict: bool = False,
) -> list[Finding]:
    out: list[Finding] = []
    subject = f"goal {g.key} ({g.name})"
    # A goal without indicator is fine as an umbrella that other, measured goals contribute to
    # (never in a submitted plan: there every goal is measured).
    umbrella = g.indicator is None and (g.key in contributed or g.has_contributors) and not strict
    if g.indicator is None and not umbrella:
        out.append(Finding(_gap(strict), "goal-no-indicator", subject, "has no indicator", g.key, "indicator"))
    if g.indicator is not None or strict:
        if not g.baseline_period and g.baseline_value is None:
            out.append(Finding(_gap(strict), "goal-no-baseline", subject, "has no baseline value", g.key, "baseline"))
        if not g.baseline_source:
            message = "has no source for the baseline"
            out.append(Finding(_gap(strict), "goal-no-source", subject, message, g.key, "source"))
    if g.owner_kind == "initiative":
        out += _check_initiative_goal(g, subject, goals, fed, strict)
    for value in g.share_values:
        if not 0 <= value <= 100:
            out.append(Finding(ERROR, "share-out-of-range", subject, f"share target {value} is outside 0-100 %",
                               g.key, "target", (("value", _num(value)),)))  # fmt: skip
    out += _check_direction(g, subject, strict)
    out += _check_years(g, subject, owner, strict)
    out += _check_growth(g, subject)
    return out


def growth_measures(g: GoalNode) -> list[tuple[str, str, bool]]:
    """(target key, growth measure, stated) of each growth rule of the goal: the measure the target
    states, else the one its indicator's measure type implies (pp for shares and rates)."""
    implied = default_growth(g.measure_type)
    return [(key, stated or implied, bool(stated)) for key, stated in g.growth_targets]


def _check_growth(g: GoalNode, subject: str) -> list[Finding]:
    """A stated growth measure that differs from the indicator's: percent of a rate, or points of a count,
    change statuses silently (a relabelled measure type moved 11 % of statuses), so say so."""
    out: list[Finding] = []
    if not g.measure_type:
        return out
    implied = default_growth(g.measure_type)
    for key, measure, stated in growth_measures(g):
        if stated and measure != implied:
            message = (
                f"target {key} measures growth in {measure} although the indicator is a {g.measure_type} "
                f"({implied} expected): check the target's 'growth' or the indicator's measure type"
            )
            params = (("target", key), ("measure", measure), ("measure_type", g.measure_type), ("implied", implied))
            out.append(Finding(WARNING, "growth-measure-disagrees", subject, message, g.key, "target", params))
    return out


def _check_initiative_goal(
    g: GoalNode, subject: str, goals: dict[str, GoalNode], fed: set[str], strict: bool = False
) -> list[Finding]:
    out: list[Finding] = []
    linked = any(c in goals and goals[c].owner_kind == "strategy" for c in g.contributes_to)
    if g.kind == "long_term" and not linked:
        message = "main goal is linked to no strategy goal"
        out.append(Finding(ERROR, "project-goal-unlinked", subject, message, g.key, "contributes_to"))
    if g.kind == "short_medium":
        if not g.formulation and g.indicator is None:
            message = "sub-goal has no formulation or indicator"
            out.append(Finding(_gap(strict), "subgoal-empty", subject, message, g.key, "formulation"))
        if g.key not in fed:
            message = "no activity contributes to it"
            out.append(Finding(_gap(strict), "subgoal-no-activity", subject, message, g.key, "activities"))
        if strict and not any(c in goals for c in g.contributes_to):
            message = "sub-goal contributes to no main goal or strategy goal"
            out.append(Finding(ERROR, "subgoal-unlinked", subject, message, g.key, "contributes_to"))
    if strict and not g.target_years:
        out.append(Finding(ERROR, "goal-no-target", subject, "has no target value and year", g.key, "target"))
    if strict and g.kind == "long_term" and not g.formulation:
        out.append(Finding(ERROR, "goal-no-formulation", subject, "has no goal formulation", g.key, "formulation"))
    return out


def _num(value: float) -> str:
    return f"{value:g}"


def _check_direction(g: GoalNode, subject: str, strict: bool) -> list[Finding]:
    """A target must lie on the better side of the baseline: above it when higher is better."""
    out: list[Finding] = []
    if g.baseline_value is None or g.direction not in ("higher", "lower"):
        return out
    for value in g.target_values:
        worse = value < g.baseline_value if g.direction == "higher" else value > g.baseline_value
        if worse:
            side = "above" if g.direction == "higher" else "below"
            message = (f"target {_num(value)} is not {side} the baseline {_num(g.baseline_value)} although "
                       f"{g.direction} is better")  # fmt: skip
            params = (("value", _num(value)), ("baseline", _num(g.baseline_value)), ("direction", g.direction))
            out.append(Finding(_gap(strict), "target-against-direction", subject, message, g.key, "target", params))
    return out


def _check_years(g: GoalNode, subject: str, owner: OwnerNode | None, strict: bool = False) -> list[Finding]:
    out: list[Finding] = []
    base_year = int(g.baseline_period[:4]) if g.baseline_period[:4].isdigit() else None
    for year in g.target_years:
        if base_year is not None and year < base_year:
            message = f"target year {year} is before the baseline {base_year}"
            params = (("year", str(year)), ("baseline", str(base_year)))
            out.append(Finding(ERROR, "target-before-baseline", subject, message, g.key, "target_year", params))
        if owner and owner.start_year and owner.end_year:
            out += _check_horizon(g, year, owner, subject, strict)
    return out


def _check_horizon(g: GoalNode, year: int, owner: OwnerNode, subject: str, strict: bool) -> list[Finding]:
    # Project main goals may be reached up to EXPOST_YEARS after the project (the ex-post follow-up).
    effect = owner.kind == "initiative" and g.kind == "long_term"
    slack = EXPOST_YEARS if effect else 0
    first, last = sorted((owner.start_year or 0, owner.end_year or 0))
    if first <= year <= last + slack:
        return []
    span = f"{first}\u2013{last + slack}"  # a range in order, with an en dash: 2024–2030
    message = f"target year {year} is outside {owner.name} ({span})"
    params = (("year", str(year)), ("span", span))
    severity = ERROR if strict and owner.kind == "initiative" else WARNING
    code = "effect-year-beyond-reach" if effect and year > last + slack else "target-outside-horizon"
    return [Finding(severity, code, subject, message, g.key, "target_year", params)]


def check_plan(chain: Chain, initiative: str) -> list[Finding]:
    """The strict checks of one initiative's plan, for submitting it: every gap is an error.

    `chain` holds the initiative's goals and activities and the strategy goals they link to.
    Only findings about the initiative are returned, plus plan-level ones (no main goal …).
    """
    own_goals = {g.key for g in chain.goals if g.owner_kind == "initiative" and g.owner_key == initiative}
    own_acts = {a.key for a in chain.activities if a.initiative == initiative}
    out = [
        f for f in check_chain(chain, strict=True)
        if f.key in own_goals or f.key in own_acts or (f.code == "contributes-cycle" and f.key in own_goals)
    ]  # fmt: skip
    owner = next((o for o in chain.owners if o.kind == "initiative" and o.key == initiative), None)
    name = owner.name if owner else initiative
    subject = f"initiative {initiative} ({name})"
    kinds = [g.kind for g in chain.goals if g.key in own_goals]
    if "long_term" not in kinds:
        out.append(Finding(ERROR, "plan-no-main-goal", subject, "the plan has no main goal", initiative, "goals"))
    if "short_medium" not in kinds:
        out.append(Finding(ERROR, "plan-no-subgoal", subject, "the plan has no sub-goal", initiative, "goals"))
    if not own_acts:
        out.append(Finding(ERROR, "plan-no-activity", subject, "the plan has no activity", initiative, "activities"))
    if owner is None or owner.start_year is None or owner.end_year is None:
        out.append(Finding(ERROR, "plan-no-period", subject, "the project period is missing", initiative, "period"))
    elif owner.end_year < owner.start_year:
        out.append(Finding(ERROR, "plan-period-reversed", subject, "the project ends before it starts", initiative,
                           "period"))  # fmt: skip
    order = {ERROR: 0, WARNING: 1}
    return sorted(out, key=lambda f: order[f.severity])


def find_cycles(edges: Mapping[str, Sequence[str]]) -> list[tuple[str, list[str]]]:
    """Each cycle of a directed graph once: (the node where it closes, the path a -> ... -> a).

    Used by the chain checks and by the strategy-file reader; each words its own message.
    """
    found: list[tuple[str, list[str]]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append((node, cycle))
            elif state.get(nxt) is None and nxt in edges:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for key in edges:
        if key not in state:
            visit(key, [])
    return found


def _cycles(goals: Sequence[GoalNode]) -> list[Finding]:
    out = []
    for node, cycle in find_cycles({g.key: g.contributes_to for g in goals}):
        text = " -> ".join(cycle)
        out.append(Finding(ERROR, "contributes-cycle", f"goal {node}", "contributes-to cycle: " + text, node,
                           "contributes_to", (("cycle", text),)))  # fmt: skip
    return out


def total_hours(activities: Sequence[ActivityNode]) -> float:
    """Planned hours: sum of occasions x hours per occasion (activities lacking either are left out)."""
    return sum(
        a.occasions * a.hours_per_occasion
        for a in activities
        if a.occasions is not None and a.hours_per_occasion is not None
    )

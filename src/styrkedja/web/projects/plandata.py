"""A project plan as plain data: read from the database, a posted form or a workbook; checked; saved.

The plan form, the Excel round trip and the logic checks all work on `PlanData`, so
the three agree by construction. Rows carry a `ref`: the goal's or activity's key
when it is stored, else a temporary `_nN` until the plan is saved. Links are
written `s:<key>` (a strategy goal) and `p:<ref>` (one of the plan's own main goals).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from styrkedja.analytics import logic, plausibility

from ..indicators.models import Indicator
from ..strategies.models import Goal, Strategy
from .models import Initiative, Plan

MAIN = Goal.LONG_TERM
SUB = Goal.SHORT_MEDIUM
NEW_INDICATOR = "__new__"
NUMBER_FIELDS_GOAL = ("baseline_value", "target_value", "target_year")
NUMBER_FIELDS_ACTIVITY = ("occasions", "hours_per_occasion")


@dataclass
class IndicatorDraft:
    """A new project indicator typed into the plan; stored in the catalogue when the plan is saved."""

    name: str = ""
    measure_type: str = "share"  # "share" (numerator / denominator) or "count"
    numerator: str = ""
    denominator: str = ""
    unit: str = ""


@dataclass
class GoalRow:
    ref: str
    kind: str  # MAIN (huvudmål) or SUB (delmål)
    name: str = ""
    formulation: str = ""
    indicator: str = ""  # catalogue key, NEW_INDICATOR, or ""
    new_indicator: IndicatorDraft = field(default_factory=IndicatorDraft)
    baseline_value: float | None = None
    baseline_period: str = ""
    source: str = ""
    target_value: float | None = None
    target_year: int | None = None
    contributes_to: list[str] = field(default_factory=list)  # "s:<strategy goal key>" or "p:<main goal ref>"
    activities: list[str] = field(default_factory=list)  # activity refs (sub-goals)
    raw: dict[str, str] = field(default_factory=dict, compare=False)  # number fields as typed


@dataclass
class ActivityRow:
    ref: str
    name: str = ""
    content: str = ""
    occasions: int | None = None
    hours_per_occasion: float | None = None
    raw: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def total_hours(self) -> float | None:
        if self.occasions is None or self.hours_per_occasion is None:
            return None
        return self.occasions * self.hours_per_occasion


@dataclass
class PlanData:
    name: str = ""
    kind: str = Initiative.PROJECT
    owner_organisation: str = ""
    contact: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: float | None = None
    funding_source: str = ""
    funding: str = ""
    description: str = ""
    comparison_group: str = ""  # the effect evaluation's comparison group (see COMPARISON)
    comparison_selection: str = ""
    comparison_measure: str = ""
    goals: list[GoalRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict, compare=False)
    version: int | None = field(default=None, compare=False)  # the stored plan's version the form was opened at

    @property
    def main_goals(self) -> list[GoalRow]:
        return [g for g in self.goals if g.kind == MAIN]

    @property
    def sub_goals(self) -> list[GoalRow]:
        return [g for g in self.goals if g.kind == SUB]

    def goal(self, ref: str) -> GoalRow | None:
        return next((g for g in self.goals if g.ref == ref), None)

    def activity(self, ref: str) -> ActivityRow | None:
        return next((a for a in self.activities if a.ref == ref), None)

    def new_ref(self) -> str:
        used = {g.ref for g in self.goals} | {a.ref for a in self.activities}
        n = 1
        while f"_n{n}" in used:
            n += 1
        return f"_n{n}"

    def remove(self, ref: str) -> None:
        """Remove a goal or an activity and every link to it."""
        self.goals = [g for g in self.goals if g.ref != ref]
        self.activities = [a for a in self.activities if a.ref != ref]
        for g in self.goals:
            g.contributes_to = [c for c in g.contributes_to if c != f"p:{ref}"]
            g.activities = [a for a in g.activities if a != ref]


# --- The catalogue: what the drop-downs offer ---------------------------------------------------


@dataclass(frozen=True)
class IndicatorChoice:
    key: str
    name: str
    measure_type: str
    direction: str
    unit: str
    numerator: str
    denominator: str
    source_kind: str

    @property
    def label(self) -> str:
        return f"{self.name} [{self.key}]"


@dataclass(frozen=True)
class StrategyGoalChoice:
    key: str
    name: str
    kind: str
    strategy: str
    strategy_name: str
    level: str

    @property
    def label(self) -> str:
        return f"{self.strategy_name}: {self.name} [{self.key}]"


@dataclass
class Catalogue:
    indicators: dict[str, IndicatorChoice]
    strategy_goals: dict[str, StrategyGoalChoice]

    def strategy_groups(self) -> list[tuple[str, list[StrategyGoalChoice]]]:
        groups: dict[str, list[StrategyGoalChoice]] = {}
        for g in self.strategy_goals.values():
            groups.setdefault(g.strategy_name, []).append(g)
        return list(groups.items())

    def indicator_groups(self) -> list[tuple[str, list[IndicatorChoice]]]:
        project = [i for i in self.indicators.values() if i.source_kind == "project"]
        other = [i for i in self.indicators.values() if i.source_kind != "project"]
        return [(_("Project indicators"), project), (_("Statistics"), other)]


def load_catalogue() -> Catalogue:
    indicators = {
        i.key: IndicatorChoice(
            i.key, i.name, i.measure_type, i.direction, i.unit, i.numerator, i.denominator, i.source_kind
        )
        for i in Indicator.objects.order_by("position", "key")
    }
    levels = (Strategy.RUS, Strategy.SUB_STRATEGY)
    goals = {}
    qs = Goal.objects.filter(strategy__isnull=False, strategy__level__in=levels).select_related("strategy")
    for g in qs.order_by("strategy__level", "strategy__position", "strategy__key", "position", "key"):
        s = g.strategy
        assert s is not None
        goals[g.key] = StrategyGoalChoice(g.key, g.name, g.kind, s.key, s.short_name or s.name, s.level)
    return Catalogue(indicators, goals)


# --- Numbers as people type them ------------------------------------------------------------------


def fmt_number(value: float | int | None, *, group: bool = True) -> str:
    """A number for a form field, exact (every digit kept) and the way it is typed in the interface's
    language: Swedish "1 200 000" and "1,5" (`parse_number` reads both back); English "1200000", "1.5".
    Years are never grouped (`group=False`)."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    if (get_language() or "sv").startswith("en") or "e" in text:
        return text
    whole, _dot, decimals = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    if group:
        digits = f"{int(digits):,}".replace(",", " ")
    return sign + digits + ("," + decimals if decimals else "")


# Bounds a plan's numbers must stay within: far beyond any real project, small enough that a typing
# slip ("1" and 400 zeros, 99999999999999999999 occasions) is a field error, never an overflow.
MAX_NUMBER = 1e15  # SEK, people, per cent: a regional budget is below 1e11
MAX_COUNT = 1_000_000  # occasions or participants
MAX_HOURS = 1_000  # hours per occasion
YEARS = (1900, 2200)  # dates and target years
MAX_PLAN_YEARS = 20  # a project, grant or organisation plan spans at most this many years
# Text fields posted by the plan form and the longest text each database column holds.
MAX_TEXT = {
    "name": 300,
    "owner_organisation": 300,
    "contact": 300,
    "funding_source": 300,
    "source": 300,
    "baseline_period": 10,
    "ni_name": 300,
    "ni_unit": 100,
    "ni_numerator": 300,
    "ni_denominator": 300,
    "comparison_group": 300,
    "comparison_selection": 2000,
    "comparison_measure": 300,
}
COMPARISON = ("comparison_group", "comparison_selection", "comparison_measure")


def parse_number(text: str) -> float:
    """A number as typed in Sweden or elsewhere: "1 500 000", "1,5", "12.5", "30 %"."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    value = float(cleaned)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(text)
    return value


def parse_year(text: str) -> int:
    value = parse_number(text)
    if not value.is_integer() or not YEARS[0] <= value <= YEARS[1]:
        raise ValueError(text)
    return int(value)


def parse_count(text: str) -> int:
    value = parse_number(text)
    if not value.is_integer() or not 0 <= value <= MAX_COUNT:
        raise ValueError(text)
    return int(value)


def parse_date(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(text)
    return day


def number_error(name: str) -> str:
    messages = {
        "year": _("Enter a year as four digits, like 2024"),
        "count": _("Enter a whole number from 0 to 1 000 000, like 4"),
        "date": _("Enter a date between 1900 and 2200 as YYYY-MM-DD, like 2025-01-31"),
    }
    return messages.get(name, _("Enter a number, like 12 or 12,5 (at most 1 000 000 000 000 000)"))


def text_error(limit: int) -> str:
    return _("Shorten the text to at most %(limit)s characters") % {"limit": limit}


def text_errors(plan: PlanData) -> dict[str, str]:
    """Texts longer than their database column (field id -> message), for the form and the workbook."""
    own = ("name", "owner_organisation", "contact", "funding_source", *COMPARISON)
    fields: list[tuple[str, str, str]] = [(f"i-{n}", n, getattr(plan, n)) for n in own]
    for g in plan.goals:
        fields += [(field_id(g.ref, n), n, getattr(g, n)) for n in ("name", "source", "baseline_period")]
        draft = g.new_indicator
        fields += [(field_id(g.ref, "ni_" + n), "ni_" + n, getattr(draft, n))
                   for n in ("name", "unit", "numerator", "denominator")]  # fmt: skip
    for a in plan.activities:
        fields.append((field_id(a.ref, "name", "a"), "name", a.name))
    errors = {fid: text_error(MAX_TEXT[n]) for fid, n, value in fields if len(value or "") > MAX_TEXT[n]}
    if not plan.comparison_group and (plan.comparison_selection or plan.comparison_measure):
        errors["i-comparison_group"] = _("Say what the comparison group is, or leave all three comparison fields empty")
    return errors


def period_errors(plan: PlanData) -> dict[str, str]:
    """The plan period in order and within reason (each year of it gets a reporting round)."""
    start, end = plan.start_date, plan.end_date
    if start is None or end is None:
        return {}
    if end < start:
        return {"i-end_date": _("The end date comes before the start date")}
    if end.year - start.year > MAX_PLAN_YEARS:
        return {"i-end_date": _("A plan spans at most %(years)s years; split longer work into several plans")
                % {"years": MAX_PLAN_YEARS}}  # fmt: skip
    return {}


# --- From the database ------------------------------------------------------------------------------


def from_db(initiative: Initiative) -> PlanData:
    plan = PlanData(
        name=initiative.name, kind=initiative.kind, owner_organisation=initiative.owner_organisation,
        contact=initiative.contact, start_date=initiative.start_date, end_date=initiative.end_date,
        budget=initiative.budget, funding_source=initiative.funding_source, funding=initiative.funding,
        description=initiative.description, comparison_group=initiative.comparison_group,
        comparison_selection=initiative.comparison_selection, comparison_measure=initiative.comparison_measure,
    )  # fmt: skip
    plan.version = Plan.objects.filter(initiative=initiative).values_list("version", flat=True).first() or 0
    goals = list(
        initiative.goals.select_related("indicator").prefetch_related("contributes_to", "targets", "activities")
    )
    own = {g.pk: g for g in goals}
    for g in goals:
        target = _first_target(g)
        plan.goals.append(
            GoalRow(
                ref=g.key, kind=g.kind, name=g.name, formulation=g.formulation,
                indicator=g.indicator.key if g.indicator else "", baseline_value=g.baseline_value,
                baseline_period=g.baseline_period, source=g.baseline_source,
                target_value=target.value if target else None, target_year=target.target_year if target else None,
                contributes_to=[("p:" if c.pk in own else "s:") + c.key for c in g.contributes_to.all()],
                activities=[a.key for a in g.activities.all() if a.initiative_id == initiative.pk] if g.kind == SUB
                else [],
            )
        )  # fmt: skip
    plan.goals.sort(key=lambda g: g.kind != MAIN)  # main goals first, as in the template (stable otherwise)
    for a in initiative.activities.all():
        plan.activities.append(ActivityRow(a.key, a.name, a.content, a.occasions, a.hours_per_occasion))
    fill_raw(plan)
    return plan


def _first_target(goal: Goal) -> Any:
    targets = sorted(goal.targets.all(), key=lambda t: (t.position, t.key))
    return targets[0] if targets else None


def fill_raw(plan: PlanData) -> None:
    """Number fields as text, for showing them in a form."""
    plan.raw = {"budget": fmt_number(plan.budget), "start_date": _date_text(plan.start_date),
                "end_date": _date_text(plan.end_date)}  # fmt: skip
    for g in plan.goals:
        g.raw = {name: fmt_number(getattr(g, name), group=name != "target_year") for name in NUMBER_FIELDS_GOAL}
    for a in plan.activities:
        a.raw = {name: fmt_number(getattr(a, name)) for name in NUMBER_FIELDS_ACTIVITY}


def _date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# --- From a posted form -------------------------------------------------------------------------------


def field_id(ref: str, name: str, prefix: str = "g") -> str:
    return f"{prefix}-{ref}-{name}"


@dataclass
class _Post:
    """A posted plan form, read field by field; the fields that cannot be read collect in `errors`."""

    data: Mapping[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return str(self.data.get(name, "") or "").strip()

    def listed(self, name: str) -> list[str]:
        getter = getattr(self.data, "getlist", None)
        values = getter(name) if getter else self.data.get(name, [])
        out: list[str] = []
        for v in values if isinstance(values, list) else [values]:
            v = str(v).strip()
            if v and v not in out:
                out.append(v)
        return out

    def number(self, name: str, kind: str, raw: dict[str, str], key: str) -> Any:
        value = self.text(name)
        raw[key] = value
        if not value:
            return None
        parse: dict[str, Any] = {"year": parse_year, "count": parse_count, "date": parse_date}
        try:
            return parse.get(kind, parse_number)(value)
        except ValueError:
            self.errors[name] = number_error(kind)
            return None


def from_post(data: Mapping[str, Any]) -> tuple[PlanData, dict[str, str]]:
    """The plan as posted, and the fields that could not be read (field id -> message)."""
    post = _Post(data)
    plan = _post_initiative(post)
    plan.goals = [_post_goal(post, ref) for ref in post.listed("goal")]
    plan.activities = [_post_activity(post, ref) for ref in post.listed("activity")]
    post.errors.update(period_errors(plan))
    post.errors.update(text_errors(plan))
    _drop_dangling_links(plan)
    return plan, post.errors


def _post_initiative(post: _Post) -> PlanData:
    text = post.text
    plan = PlanData(
        name=text("i-name"), kind=text("i-kind") or Initiative.PROJECT, owner_organisation=text("i-owner_organisation"),
        contact=text("i-contact"), funding_source=text("i-funding_source"), funding=text("i-funding"),
        description=text("i-description"), comparison_group=text("i-comparison_group"),
        comparison_selection=text("i-comparison_selection"), comparison_measure=text("i-comparison_measure"),
    )  # fmt: skip
    version = text("version")
    plan.version = int(version) if version.isdigit() and len(version) < 10 else None
    plan.start_date = post.number("i-start_date", "date", plan.raw, "start_date")
    plan.end_date = post.number("i-end_date", "date", plan.raw, "end_date")
    plan.budget = post.number("i-budget", "number", plan.raw, "budget")
    if plan.kind not in dict(Initiative.KINDS):
        post.errors["i-kind"] = _("Choose a kind of initiative")
        plan.kind = Initiative.PROJECT
    if not plan.name:
        post.errors["i-name"] = _("Enter the initiative's name")
    return plan


def _post_goal(post: _Post, ref: str) -> GoalRow:
    p, text = f"g-{ref}-", post.text
    g = GoalRow(ref=ref, kind=SUB if text(p + "kind") == SUB else MAIN, name=text(p + "name"),
                formulation=text(p + "formulation"), indicator=text(p + "indicator"),
                baseline_period=text(p + "baseline_period"), source=text(p + "source"),
                contributes_to=post.listed(p + "contributes"), activities=post.listed(p + "activities"))  # fmt: skip
    g.new_indicator = IndicatorDraft(
        name=text(p + "ni_name"), measure_type="count" if text(p + "ni_measure_type") == "count" else "share",
        numerator=text(p + "ni_numerator"), denominator=text(p + "ni_denominator"), unit=text(p + "ni_unit"),
    )  # fmt: skip
    g.baseline_value = post.number(p + "baseline_value", "number", g.raw, "baseline_value")
    g.target_value = post.number(p + "target_value", "number", g.raw, "target_value")
    g.target_year = post.number(p + "target_year", "year", g.raw, "target_year")
    if g.indicator == NEW_INDICATOR and not g.new_indicator.name:
        post.errors[p + "ni_name"] = _("Enter the new indicator's name, or choose one from the list")
    return g


def _post_activity(post: _Post, ref: str) -> ActivityRow:
    p = f"a-{ref}-"
    a = ActivityRow(ref=ref, name=post.text(p + "name"), content=post.text(p + "content"))
    a.occasions = post.number(p + "occasions", "count", a.raw, "occasions")
    a.hours_per_occasion = post.number(p + "hours_per_occasion", "number", a.raw, "hours_per_occasion")
    if a.hours_per_occasion is not None and not 0 <= a.hours_per_occasion <= MAX_HOURS:
        post.errors[p + "hours_per_occasion"] = _("Enter a number of hours from 0 to 1 000")
    return a


def _drop_dangling_links(plan: PlanData) -> None:
    mains = {g.ref for g in plan.main_goals}
    acts = {a.ref for a in plan.activities}
    for g in plan.goals:
        g.contributes_to = [c for c in g.contributes_to if not c.startswith("p:") or c[2:] in mains]
        g.activities = [a for a in g.activities if a in acts] if g.kind == SUB else []


# --- To the logic checks ------------------------------------------------------------------------------------


def to_chain(plan: PlanData, initiative_key: str, catalogue: Catalogue) -> logic.Chain:
    owner = logic.OwnerNode(initiative_key, "initiative", plan.name or initiative_key,
                            plan.start_date.year if plan.start_date else None,
                            plan.end_date.year if plan.end_date else None)  # fmt: skip
    goals: list[logic.GoalNode] = []
    linked: set[str] = set()
    for g in plan.goals:
        ind = catalogue.indicators.get(g.indicator)
        is_new = g.indicator == NEW_INDICATOR and bool(g.new_indicator.name)
        measure = ind.measure_type if ind else (g.new_indicator.measure_type if is_new else "")
        direction = ind.direction if ind else ("higher" if is_new else "")
        has_target = g.target_value is not None and g.target_year is not None
        links = tuple(c[2:] for c in g.contributes_to)
        linked.update(c[2:] for c in g.contributes_to if c.startswith("s:"))
        goals.append(
            logic.GoalNode(
                key=g.ref, name=g.name or g.formulation[:60] or g.ref, owner_kind="initiative",
                owner_key=initiative_key, kind=g.kind, indicator=(ind.key if ind else ("new" if is_new else None)),
                baseline_value=g.baseline_value, baseline_period=g.baseline_period, baseline_source=g.source,
                formulation=g.formulation, contributes_to=links,
                target_years=(g.target_year,) if has_target and g.target_year else (),
                share_values=(g.target_value,) if has_target and measure == "share" and g.target_value is not None
                else (),
                direction=direction,
                target_values=(g.target_value,) if has_target and g.target_value is not None else (),
            )
        )  # fmt: skip
    for key in linked:
        s = catalogue.strategy_goals.get(key)
        if s is not None:
            goals.append(logic.GoalNode(key, s.name, "strategy", s.strategy, s.kind, indicator="-", baseline_value=0,
                                        baseline_source="-"))  # fmt: skip
    feeds: dict[str, list[str]] = {a.ref: [] for a in plan.activities}
    for g in plan.sub_goals:
        for ref in g.activities:
            feeds.setdefault(ref, []).append(g.ref)
    activities = [
        logic.ActivityNode(
            a.ref, a.name, initiative_key, tuple(feeds.get(a.ref, ())), a.occasions, a.hours_per_occasion
        )
        for a in plan.activities
    ]
    return logic.Chain([owner], goals, activities)


def check(plan: PlanData, initiative_key: str, catalogue: Catalogue) -> list[logic.Finding]:
    """The strict plan checks (errors block submitting), plus the checks on the plan's own data."""
    findings = logic.check_plan(to_chain(plan, initiative_key, catalogue), initiative_key)
    findings += plausibility.check_plausibility(plausibility_facts(plan, initiative_key, catalogue))
    seen: set[str] = set()
    for a in plan.activities:
        name = a.name.strip().lower()
        if name and name in seen:
            findings.insert(0, logic.Finding(logic.ERROR, "activity-duplicate-name", f"activity {a.ref}",
                                             "two activities have the same name", a.ref, "name"))  # fmt: skip
        seen.add(name)
    return sorted(findings, key=lambda f: f.severity != logic.ERROR)


def plausibility_facts(plan: PlanData, initiative_key: str, catalogue: Catalogue) -> plausibility.PlanFacts:
    """What the plausibility rules need: each goal's formulation, indicator source and target, the totals."""
    goals = []
    for g in plan.goals:
        ind = catalogue.indicators.get(g.indicator)
        is_new = g.indicator == NEW_INDICATOR and bool(g.new_indicator.name)
        goals.append(plausibility.GoalFacts(
            g.ref, g.kind, g.formulation, ind.name if ind else g.new_indicator.name,
            ind.source_kind if ind else ("project" if is_new else ""),
            ind.measure_type if ind else (g.new_indicator.measure_type if is_new else ""), g.target_value,
        ))  # fmt: skip
    hours = total_hours(plan) if any(a.total_hours is not None for a in plan.activities) else None
    return plausibility.PlanFacts(initiative_key, plan.budget, hours, goals)


def start_from_template(plan: PlanData, activities: int = 3) -> None:
    """An empty plan gets the template's rows: Huvudmål 1, Delmål 1–3 (each under main goal 1), activities."""
    main = GoalRow(ref=plan.new_ref(), kind=MAIN)
    plan.goals.append(main)
    for _n in range(3):
        plan.goals.append(GoalRow(ref=plan.new_ref(), kind=SUB, contributes_to=[f"p:{main.ref}"]))
    for _n in range(activities):
        plan.activities.append(ActivityRow(ref=plan.new_ref()))
    fill_raw(plan)


def total_hours(plan: PlanData) -> float:
    nodes = [logic.ActivityNode(a.ref, a.name, "", (), a.occasions, a.hours_per_occasion) for a in plan.activities]
    return logic.total_hours(nodes)


def strategy_links(plan: PlanData) -> Iterable[str]:
    return {c[2:] for g in plan.goals for c in g.contributes_to if c.startswith("s:")}

"""Logic findings in the reader's language, tied to the form field (or workbook cell) at fault."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrkedja.analytics import logic

from ..core.formatting import number
from . import plandata as pd

MESSAGES = {
    "goal-no-indicator": gettext_lazy("has no indicator"),
    "goal-no-baseline": gettext_lazy("has no baseline value"),
    "goal-no-source": gettext_lazy("has no source for the baseline"),
    "goal-no-target": gettext_lazy("has no target value and target year"),
    "goal-no-formulation": gettext_lazy("has no goal formulation"),
    "project-goal-unlinked": gettext_lazy("is linked to no goal in the RUS or a sub-strategy"),
    "subgoal-empty": gettext_lazy("has no formulation or indicator"),
    "subgoal-no-activity": gettext_lazy("has no activity that contributes to it"),
    "subgoal-unlinked": gettext_lazy("contributes to no main goal"),
    "share-out-of-range": gettext_lazy("has a share target of %(value)s %%, outside 0–100 %%"),
    "target-against-direction": gettext_lazy(
        "has the target %(value)s on the wrong side of the baseline %(baseline)s for its indicator"
    ),
    "target-before-baseline": gettext_lazy("has the target year %(year)s before the baseline year %(baseline)s"),
    "target-outside-horizon": gettext_lazy("has the target year %(year)s outside %(span)s"),
    "growth-measure-disagrees": gettext_lazy(
        "has target %(target)s measuring growth in %(measure)s although the indicator is a %(measure_type)s"
    ),
    "effect-year-beyond-reach": gettext_lazy(
        "has the effect year %(year)s beyond the project's reach (%(span)s: the project period and the five "
        "years of follow-up after it)"
    ),
    "goal-regional-indicator": gettext_lazy(
        "uses the regional statistic “%(indicator)s”, which the project cannot move on its own; measure the "
        "participants instead (for example the share of the participants who start a company)"
    ),
    "goal-percent-but-count": gettext_lazy(
        "names %(said)s %% in its formulation but its indicator is a count; choose a share or reword the goal"
    ),
    "goal-target-contradicts-formulation": gettext_lazy(
        "names %(said)s %% in its formulation but has the target value %(value)s; make them say the same"
    ),
    "plan-few-hours": gettext_lazy(
        "The activities add up to %(hours)s planned hours, few for a main goal of %(value)s %% of the "
        "participants: an effect on what people do usually takes at least %(minimum)s hours"
    ),
    "plan-budget-per-hour": gettext_lazy(
        "The budget of %(budget)s SEK is %(per_hour)s SEK per planned activity hour (%(hours)s hours in all), "
        "more than %(maximum)s SEK per hour: plan the activities the money pays for, or check the budget"
    ),
    "contributes-cycle": gettext_lazy("is part of a circular link: %(cycle)s"),
    "activity-feeds-no-subgoal": gettext_lazy("contributes to no sub-goal"),
    "activity-feeds-nothing": gettext_lazy("contributes to no goal"),
    "activity-no-scope": gettext_lazy("has no number of occasions or hours per occasion"),
    "activity-negative-scope": gettext_lazy("has a negative number of occasions or hours"),
    "activity-no-name": gettext_lazy("has no name"),
    "activity-duplicate-name": gettext_lazy("has the same name as another activity"),
    "plan-no-main-goal": gettext_lazy("The plan has no main goal"),
    "plan-no-subgoal": gettext_lazy("The plan has no sub-goal"),
    "plan-no-activity": gettext_lazy("The plan has no activity"),
    "plan-no-period": gettext_lazy("The project period (start and end) is missing"),
    "plan-period-reversed": gettext_lazy("The project ends before it starts"),
}
# The form field a finding points at, per (goal or activity) field name.
GOAL_FIELDS = {
    "indicator": "indicator", "baseline": "baseline_value", "source": "source", "target": "target_value",
    "target_year": "target_year", "formulation": "formulation", "contributes_to": "contributes-0",
    "activities": "activities-0",
}  # fmt: skip
ACTIVITY_FIELDS = {
    "feeds": "name",
    "name": "name",
    "occasions": "occasions",
    "hours_per_occasion": "hours_per_occasion",
}
PLAN_FIELDS = {"period": "i-start_date", "goals": "add-main", "activities": "add-activity", "budget": "i-budget",
               "hours": "add-activity"}  # fmt: skip
# Parameters that are amounts: shown the reader's way ("1 200 000", "1,5"); years and names are left as they are.
AMOUNTS = ("value", "baseline", "said", "hours", "minimum", "budget", "per_hour", "maximum")


@dataclass(frozen=True)
class Shown:
    severity: str
    code: str
    text: str
    field_id: str  # the id of the form field to fix it in


def describe(plan: pd.PlanData, finding: logic.Finding) -> Shown:
    params = {k: _amount(v) if k in AMOUNTS else v for k, v in finding.params}
    template = MESSAGES.get(finding.code)
    detail = str(template) % params if template is not None and params else str(template or finding.message)
    if finding.code.startswith("plan-"):
        target = PLAN_FIELDS.get(finding.field, "i-name")
        if finding.field == "hours" and plan.activities:  # the hours are typed on the activities
            target = pd.field_id(plan.activities[0].ref, "hours_per_occasion", "a")
        return Shown(finding.severity, finding.code, detail, target)
    goal = plan.goal(finding.key)
    if goal is not None:
        label = _subject_goal(plan, goal)
        target = GOAL_FIELDS.get(finding.field, "formulation")
        if goal.kind == pd.MAIN and target == "activities-0":
            target = "formulation"
        return Shown(finding.severity, finding.code, f"{label} {detail}", pd.field_id(goal.ref, target))
    act = plan.activity(finding.key)
    if act is not None:
        n = plan.activities.index(act) + 1
        label = _("Activity %(n)s (%(name)s)") % {"n": n, "name": act.name or "–"}
        field = ACTIVITY_FIELDS.get(finding.field, "name")
        return Shown(finding.severity, finding.code, f"{label} {detail}", pd.field_id(act.ref, field, "a"))
    return Shown(finding.severity, finding.code, f"{finding.subject}: {detail}", "i-name")


def _amount(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return number(value, 0 if value.is_integer() else 1)


def _subject_goal(plan: pd.PlanData, goal: pd.GoalRow) -> str:
    group = plan.main_goals if goal.kind == pd.MAIN else plan.sub_goals
    n = group.index(goal) + 1
    word = _("Main goal %(n)s") if goal.kind == pd.MAIN else _("Sub-goal %(n)s")
    return word % {"n": n}


def describe_all(plan: pd.PlanData, findings: list[logic.Finding]) -> tuple[list[Shown], list[Shown]]:
    shown = [describe(plan, f) for f in findings]
    return [s for s in shown if s.severity == logic.ERROR], [s for s in shown if s.severity != logic.ERROR]

"""Logic findings in the reader's language, tied to the form field (or workbook cell) at fault."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrkedja.analytics import logic

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
PLAN_FIELDS = {"period": "i-start_date", "goals": "add-main", "activities": "add-activity"}


@dataclass(frozen=True)
class Shown:
    severity: str
    code: str
    text: str
    field_id: str  # the id of the form field to fix it in


def describe(plan: pd.PlanData, finding: logic.Finding) -> Shown:
    params = dict(finding.params)
    template = MESSAGES.get(finding.code)
    detail = str(template) % params if template is not None and params else str(template or finding.message)
    if finding.code.startswith("plan-"):
        return Shown(finding.severity, finding.code, detail, PLAN_FIELDS.get(finding.field, "i-name"))
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


def _subject_goal(plan: pd.PlanData, goal: pd.GoalRow) -> str:
    group = plan.main_goals if goal.kind == pd.MAIN else plan.sub_goals
    n = group.index(goal) + 1
    word = _("Main goal %(n)s") if goal.kind == pd.MAIN else _("Sub-goal %(n)s")
    return word % {"n": n}


def describe_all(plan: pd.PlanData, findings: list[logic.Finding]) -> tuple[list[Shown], list[Shown]]:
    shown = [describe(plan, f) for f in findings]
    return [s for s in shown if s.severity == logic.ERROR], [s for s in shown if s.severity != logic.ERROR]

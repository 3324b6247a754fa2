"""Chain logic checks, on hand-built chains."""

from __future__ import annotations

from styrkedja.analytics.logic import (
    ERROR,
    WARNING,
    ActivityNode,
    Chain,
    GoalNode,
    OwnerNode,
    check_chain,
    check_plan,
    total_hours,
)


def chain(**changes) -> Chain:
    owners = [OwnerNode("rus", "strategy", "RUS", 2015, 2025), OwnerNode("p", "initiative", "P", 2019, 2021)]
    goals = [
        GoalNode(
            "g",
            "G",
            "strategy",
            "rus",
            "long_term",
            indicator="i",
            baseline_period="2014",
            baseline_source="SCB",
            target_years=(2025,),
        ),
        GoalNode(
            "pm",
            "PM",
            "initiative",
            "p",
            "long_term",
            indicator="j",
            baseline_period="2019",
            baseline_source="enkät",
            contributes_to=("g",),
            target_years=(2023,),
        ),
        GoalNode(
            "ps",
            "PS",
            "initiative",
            "p",
            "short_medium",
            indicator="k",
            formulation="60 %",
            baseline_period="2019",
            baseline_source="enkät",
        ),
    ]
    activities = [ActivityNode("a", "A", "p", feeds=("ps",), occasions=4, hours_per_occasion=2.5)]
    data = {"owners": owners, "goals": goals, "activities": activities}
    data.update(changes)
    return Chain(**data)


def codes(findings, severity=None):
    return sorted(f.code for f in findings if severity is None or f.severity == severity)


def test_a_sound_chain_has_no_findings():
    assert check_chain(chain()) == []


def test_unlinked_project_main_goal_is_an_error():
    c = chain()
    goals = [g if g.key != "pm" else GoalNode(**{**_fields(g), "contributes_to": ()}) for g in c.goals]
    assert codes(check_chain(chain(goals=goals)), ERROR) == ["project-goal-unlinked"]


def test_subgoal_without_activity_and_activity_feeding_nothing_are_warnings():
    acts = [ActivityNode("a", "A", "p", feeds=(), occasions=1, hours_per_occasion=1)]
    assert codes(check_chain(chain(activities=acts)), WARNING) == [
        "activity-feeds-nothing",
        "subgoal-no-activity",
    ]


def test_cycle_is_an_error():
    c = chain()
    goals = [g if g.key != "g" else GoalNode(**{**_fields(g), "contributes_to": ("pm",)}) for g in c.goals]
    found = check_chain(chain(goals=goals))
    assert "contributes-cycle" in codes(found, ERROR)


def test_target_year_outside_horizon_is_a_warning_and_before_baseline_an_error():
    c = chain()
    goals = [g if g.key != "g" else GoalNode(**{**_fields(g), "target_years": (2030, 2010)}) for g in c.goals]
    found = check_chain(chain(goals=goals))
    assert codes(found, ERROR) == ["target-before-baseline"]
    assert codes(found, WARNING) == ["target-outside-horizon", "target-outside-horizon"]


def test_project_main_goal_may_be_reached_five_years_after_the_project():
    c = chain()
    ok = [g if g.key != "pm" else GoalNode(**{**_fields(g), "target_years": (2026,)}) for g in c.goals]
    late = [g if g.key != "pm" else GoalNode(**{**_fields(g), "target_years": (2027,)}) for g in c.goals]
    assert check_chain(chain(goals=ok)) == []
    assert codes(check_chain(chain(goals=late))) == ["effect-year-beyond-reach"]  # a main goal past the follow-up


def test_total_hours_is_occasions_times_hours():
    acts = [ActivityNode("a", "A", "p", (), 4, 2.5), ActivityNode("b", "B", "p", (), 3, 1.0),
            ActivityNode("c", "C", "p", (), None, 2.0)]  # fmt: skip
    assert total_hours(acts) == 4 * 2.5 + 3 * 1.0


def _fields(goal: GoalNode) -> dict:
    return {name: getattr(goal, name) for name in goal.__slots__}


# --- Strict plan checks (check_plan) ------------------------------------------------------------


def plan_chain(**goal_changes) -> Chain:
    """A sound plan for initiative p: one main goal, one sub-goal, one activity."""
    c = chain()
    goals = []
    for g in c.goals:
        fields = _fields(g)
        if g.key == "pm":
            fields.update(formulation="30 %", baseline_value=0.0, target_values=(30.0,), share_values=(30.0,),
                          direction="higher")  # fmt: skip
        if g.key == "ps":
            fields.update(baseline_value=0.0, contributes_to=("pm",), target_years=(2021,), target_values=(60.0,),
                          share_values=(60.0,), direction="higher")  # fmt: skip
        fields.update(goal_changes.get(g.key, {}))
        goals.append(GoalNode(**fields))
    return chain(goals=goals)


def test_a_sound_plan_passes_the_strict_checks():
    assert check_plan(plan_chain(), "p") == []
    assert check_chain(plan_chain()) == []


def test_gaps_are_warnings_in_the_chain_but_errors_in_a_submitted_plan():
    gaps = {"ps": {"indicator": None, "baseline_value": None, "baseline_period": "", "baseline_source": ""}}
    c = plan_chain(**gaps)
    assert codes(check_chain(c), ERROR) == []
    assert {"goal-no-indicator"} <= set(codes(check_chain(c), WARNING))
    strict = check_plan(c, "p")
    assert {"goal-no-indicator", "goal-no-baseline", "goal-no-source"} <= set(codes(strict, ERROR))
    assert all(f.key == "ps" for f in strict)
    assert {f.field for f in strict} == {"indicator", "baseline", "source"}


def test_sub_goal_without_target_or_activity_and_activity_without_sub_goal_are_plan_errors():
    c = plan_chain(ps={"target_years": (), "target_values": (), "share_values": ()})
    c = Chain(c.owners, c.goals, [ActivityNode("a", "A", "p", feeds=("pm",), occasions=1, hours_per_occasion=1)])
    found = check_plan(c, "p")
    assert {"goal-no-target", "subgoal-no-activity", "activity-feeds-no-subgoal"} <= set(codes(found, ERROR))


def test_activity_without_scope_is_a_plan_error():
    c = plan_chain()
    c = Chain(c.owners, c.goals, [ActivityNode("a", "A", "p", feeds=("ps",))])
    assert codes(check_plan(c, "p")) == ["activity-no-scope"]
    assert codes(check_chain(c)) == ["activity-no-scope"]
    assert check_chain(c)[0].severity == WARNING


def test_share_outside_0_100_is_an_error_everywhere():
    c = plan_chain(ps={"share_values": (120.0,), "target_values": (120.0,)})
    assert "share-out-of-range" in codes(check_chain(c), ERROR)
    assert "share-out-of-range" in codes(check_plan(c, "p"), ERROR)


def test_target_on_the_wrong_side_of_the_baseline():
    c = plan_chain(ps={"baseline_value": 70.0})  # target 60 % below a baseline of 70 %, higher is better
    assert codes(check_plan(c, "p"), ERROR) == ["target-against-direction"]
    assert codes(check_chain(c), WARNING) == ["target-against-direction"]
    lower = plan_chain(ps={"baseline_value": 70.0, "direction": "lower"})
    assert check_plan(lower, "p") == []
    neutral = plan_chain(ps={"baseline_value": 70.0, "direction": "neutral"})
    assert check_plan(neutral, "p") == []


def test_target_years_sub_goals_within_the_period_main_goals_within_five_years_after():
    late_sub = plan_chain(ps={"target_years": (2022,)})
    assert codes(check_plan(late_sub, "p"), ERROR) == ["target-outside-horizon"]
    assert codes(check_chain(late_sub), WARNING) == ["target-outside-horizon"]
    ok_main = plan_chain(pm={"target_years": (2026,)})
    late_main = plan_chain(pm={"target_years": (2027,)})
    assert check_plan(ok_main, "p") == []
    assert codes(check_plan(late_main, "p"), ERROR) == ["effect-year-beyond-reach"]


def test_plan_level_errors_name_the_initiative():
    empty = Chain([OwnerNode("p", "initiative", "P")], [], [])
    found = check_plan(empty, "p")
    assert codes(found, ERROR) == ["plan-no-activity", "plan-no-main-goal", "plan-no-period", "plan-no-subgoal"]
    assert {f.key for f in found} == {"p"}


def test_unlinked_sub_goal_is_a_plan_error_only():
    c = plan_chain(ps={"contributes_to": ()})
    assert codes(check_plan(c, "p"), ERROR) == ["subgoal-unlinked"]
    assert check_chain(c) == []


def test_strategy_goal_findings_are_not_the_plans_business():
    c = plan_chain()
    goals = [g if g.key != "g" else GoalNode(**{**_fields(g), "indicator": None}) for g in c.goals]
    assert check_plan(chain(goals=goals, activities=c.activities), "p") == check_plan(c, "p")


def test_findings_carry_params_for_translation():
    c = plan_chain(ps={"share_values": (150.0,), "target_values": (150.0,)})
    found = [f for f in check_plan(c, "p") if f.code == "share-out-of-range"]
    assert dict(found[0].params) == {"value": "150"}


def test_a_growth_measure_that_disagrees_with_the_indicator_is_a_warning():
    """A rate measured in percent, a count in points: warned. Stated in agreement, or left to the
    measure type: no warning, and the measure reported is the implied one."""
    from dataclasses import replace

    from styrkedja.analytics.logic import growth_measures

    base = chain().goals[0]
    rate = replace(base, measure_type="rate", growth_targets=(("t1", "percent"), ("t2", "pp"), ("t3", "")))
    found = [f for f in check_chain(chain(goals=[rate])) if f.code == "growth-measure-disagrees"]
    assert [(f.severity, dict(f.params)["target"]) for f in found] == [(WARNING, "t1")]
    assert "percent although the indicator is a rate (pp expected)" in found[0].message
    assert growth_measures(rate) == [("t1", "percent", True), ("t2", "pp", True), ("t3", "pp", False)]
    count = replace(base, measure_type="count", growth_targets=(("t4", "pp"), ("t5", "")))
    found = [f for f in check_chain(chain(goals=[count])) if f.code == "growth-measure-disagrees"]
    assert [dict(f.params)["target"] for f in found] == ["t4"]
    assert growth_measures(count)[1] == ("t5", "percent", False)

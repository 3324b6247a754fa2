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
    assert codes(check_chain(chain(goals=late))) == ["target-outside-horizon"]


def test_total_hours_is_occasions_times_hours():
    acts = [ActivityNode("a", "A", "p", (), 4, 2.5), ActivityNode("b", "B", "p", (), 3, 1.0),
            ActivityNode("c", "C", "p", (), None, 2.0)]  # fmt: skip
    assert total_hours(acts) == 4 * 2.5 + 3 * 1.0


def _fields(goal: GoalNode) -> dict:
    return {name: getattr(goal, name) for name in goal.__slots__}

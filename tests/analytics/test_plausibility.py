"""The plausibility (rimlighet) rules of a project plan, each against a plan worked out by hand."""

from __future__ import annotations

from styrkedja.analytics import logic
from styrkedja.analytics.plausibility import (
    MAX_SEK_PER_HOUR,
    MIN_HOURS_FOR_EFFECT,
    GoalFacts,
    PlanFacts,
    check_plausibility,
    formulation_percent,
)

START = GoalFacts("m1", "long_term", "30 % av deltagarna ska starta företag", "Andel som startat företag", "project",
                  "share", 30.0)  # fmt: skip


def codes(plan: PlanFacts) -> list[str]:
    return [f.code for f in check_plausibility(plan)]


def test_the_percentage_in_a_formulation():
    assert formulation_percent("30 % av deltagarna ska starta företag") == 30.0
    assert formulation_percent("Minst 12,5 procent ska vilja bli företagare") == 12.5
    assert formulation_percent("60 per cent of the participants") == 60.0
    assert formulation_percent("Fler deltagare ska starta företag") is None
    assert formulation_percent("30 % eller 40 %") is None  # two numbers: unclear which is the target


def test_a_reasonable_plan_has_no_finding():
    # 4 x 2 + 6 x 3 + 1 x 8 + 20 x 1.5 = 64 hours; 400 000 SEK / 64 h = 6 250 SEK per hour
    plan = PlanFacts("p", 400_000.0, 64.0, [START])
    assert check_plausibility(plan) == []


def test_the_issue_example_one_six_hour_activity_and_1_2_msek_for_30_per_cent_start_companies():
    plan = PlanFacts("p", 1_200_000.0, 6.0, [START])
    found = {f.code: f for f in check_plausibility(plan)}
    assert set(found) == {"plan-few-hours", "plan-budget-per-hour"}
    assert all(f.severity == logic.WARNING for f in found.values())
    assert dict(found["plan-budget-per-hour"].params)["per_hour"] == "200000"  # 1 200 000 / 6
    assert dict(found["plan-few-hours"].params)["hours"] == "6"
    assert found["plan-budget-per-hour"].field == "budget"


def test_the_thresholds_are_the_edges():
    at_minimum = PlanFacts("p", MAX_SEK_PER_HOUR * MIN_HOURS_FOR_EFFECT, MIN_HOURS_FOR_EFFECT, [START])
    assert codes(at_minimum) == []
    just_below = PlanFacts("p", None, MIN_HOURS_FOR_EFFECT - 0.5, [START])
    assert codes(just_below) == ["plan-few-hours"]
    richer = PlanFacts("p", MAX_SEK_PER_HOUR * MIN_HOURS_FOR_EFFECT + 1, MIN_HOURS_FOR_EFFECT, [START])
    assert codes(richer) == ["plan-budget-per-hour"]


def test_few_hours_matter_only_when_a_main_goal_promises_an_effect():
    attitude = GoalFacts("s1", "short_medium", "60 % ska vilja bli företagare", "x", "project", "share", 60.0)
    assert codes(PlanFacts("p", None, 6.0, [attitude])) == []
    no_hours_typed = PlanFacts("p", 1_200_000.0, None, [START])  # missing is missing: no division, no finding
    assert codes(no_hours_typed) == []


def test_a_regional_statistic_as_a_project_goal_is_flagged():
    population = GoalFacts("m1", "long_term", "Befolkningen ska öka", "Befolkningsantal", "scb", "count", 201_000.0)
    found = check_plausibility(PlanFacts("p", None, 64.0, [population]))
    assert [f.code for f in found] == ["goal-regional-indicator"]
    assert found[0].field == "indicator" and dict(found[0].params)["indicator"] == "Befolkningsantal"
    no_indicator = GoalFacts("m1", "long_term", "x", "", "", "", None)
    no_source_yet = GoalFacts("m1", "long_term", "x", "Nytt mått", "none", "share", None)
    assert codes(PlanFacts("p", None, None, [no_indicator, no_source_yet])) == []


def test_a_target_that_contradicts_the_formulation_is_an_error():
    contradicted = GoalFacts("m1", "long_term", "30 % av deltagarna ska starta företag", "x", "project", "share",
                             150.0)  # fmt: skip
    found = check_plausibility(PlanFacts("p", None, 64.0, [contradicted]))
    assert [(f.code, f.severity, f.field) for f in found] == [
        ("goal-target-contradicts-formulation", logic.ERROR, "target")
    ]
    assert dict(found[0].params) == {"said": "30", "value": "150"}
    counted = GoalFacts("m1", "long_term", "30 % ska starta företag", "Antal", "project", "count", 30.0)
    assert codes(PlanFacts("p", None, 64.0, [counted])) == ["goal-percent-but-count"]


def test_errors_come_first():
    contradicted = GoalFacts("m2", "long_term", "30 % ska starta", "Befolkningsantal", "scb", "share", 150.0)
    severities = [f.severity for f in check_plausibility(PlanFacts("p", 1e7, 6.0, [contradicted]))]
    assert severities == sorted(severities, key=lambda s: s != logic.ERROR) and severities[0] == logic.ERROR


def test_a_main_goal_effect_year_beyond_the_follow_up_is_out_of_reach():
    owner = logic.OwnerNode("p", "initiative", "P", 2024, 2025)
    main = logic.GoalNode("m", "M", "initiative", "p", "long_term", target_years=(2031,))
    chain = logic.Chain([owner], [main], [])
    found = [f for f in logic.check_plan(chain, "p") if f.key == "m" and f.field == "target_year"]
    assert [(f.code, dict(f.params)["span"]) for f in found] == [("effect-year-beyond-reach", "2024\u20132030")]
    within = logic.GoalNode("m", "M", "initiative", "p", "long_term", target_years=(2030,))
    assert not [f for f in logic.check_plan(logic.Chain([owner], [within], []), "p") if f.field == "target_year"]

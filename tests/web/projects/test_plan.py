"""The plan form: save, add and remove rows in place without losing input, live checks, submit, review."""

from __future__ import annotations

import re

import pytest

from styrkedja.web.core.models import AuditEntry
from styrkedja.web.projects import plandata as pd
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative, Plan
from styrkedja.web.strategies.models import Goal
from tests.web.projects.plans import sound_plan


def form_data(plan: pd.PlanData) -> dict[str, list[str]]:
    """The plan as the browser posts it."""
    data: dict[str, list[str]] = {
        "i-name": [plan.name], "i-kind": [plan.kind], "i-owner_organisation": [plan.owner_organisation],
        "i-contact": [plan.contact], "i-start_date": [plan.raw.get("start_date", "")],
        "i-end_date": [plan.raw.get("end_date", "")], "i-budget": [plan.raw.get("budget", "")],
        "i-funding_source": [plan.funding_source], "i-funding": [plan.funding], "i-description": [plan.description],
        **{f"i-{name}": [getattr(plan, name)] for name in pd.COMPARISON},
        "goal": [g.ref for g in plan.goals], "activity": [a.ref for a in plan.activities],
    }  # fmt: skip
    for g in plan.goals:
        p = f"g-{g.ref}-"
        data.update({p + "kind": [g.kind], p + "name": [g.name], p + "formulation": [g.formulation],
                     p + "indicator": [g.indicator], p + "baseline_value": [g.raw.get("baseline_value", "")],
                     p + "baseline_period": [g.baseline_period], p + "source": [g.source],
                     p + "target_value": [g.raw.get("target_value", "")],
                     p + "target_year": [g.raw.get("target_year", "")], p + "contributes": [*g.contributes_to, ""],
                     p + "activities": [*g.activities, ""], p + "ni_name": [g.new_indicator.name],
                     p + "ni_measure_type": [g.new_indicator.measure_type],
                     p + "ni_numerator": [g.new_indicator.numerator],
                     p + "ni_denominator": [g.new_indicator.denominator]})  # fmt: skip
    for a in plan.activities:
        p = f"a-{a.ref}-"
        data.update({p + "name": [a.name], p + "content": [a.content], p + "occasions": [a.raw.get("occasions", "")],
                     p + "hours_per_occasion": [a.raw.get("hours_per_occasion", "")]})  # fmt: skip
    return data


def post(client, url, data, **extra):
    flat = [(k, v) for k, values in data.items() for v in values]
    from urllib.parse import urlencode

    return client.post(url, urlencode(flat), content_type="application/x-www-form-urlencoded", **extra)


@pytest.fixture
def owner_client(client, cast):
    client.force_login(cast["owner_a"])
    return client


def test_saving_the_form_stores_goals_targets_links_and_activities(owner_client, cast):
    data = form_data(sound_plan())
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    assert response.status_code == 302
    initiative = Initiative.objects.get(key="proj")
    assert pd.from_db(initiative) == sound_plan()
    main = Goal.objects.get(key="proj-main")
    assert [g.key for g in main.contributes_to.all()] == ["g-sub"]
    assert main.targets.get().rule == "share"
    assert AuditEntry.objects.filter(model="projects.Plan", action="save", user=cast["owner_a"]).exists()
    # Saving the same again changes nothing in the history but the save itself.
    before = AuditEntry.objects.count()
    post(owner_client, "/projekt/proj/plan/", {**form_data(pd.from_db(initiative)), "action": ["save"]})
    assert AuditEntry.objects.count() == before + 1


def test_adding_a_goal_in_place_keeps_what_was_typed(owner_client):
    data = form_data(sound_plan())
    data["g-proj-main-formulation"] = ["Halvskrivet mål som inte är sparat"]
    data["g-proj-main-target_value"] = ["tretti"]  # not a number: kept as typed, no error until saving
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["add-sub"]}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")  # only the form, for htmx to swap
    assert "Halvskrivet mål som inte är sparat" in html
    assert 'value="tretti"' in html
    assert html.count('name="goal"') == 3
    assert 'id="g-_n1-formulation"' in html and "autofocus" in html
    assert Goal.objects.get(key="proj-main").formulation != "Halvskrivet mål som inte är sparat"  # not saved


def test_removing_an_activity_removes_its_links(owner_client):
    data = form_data(sound_plan())
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["remove:a1"]}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'name="activity"' not in html
    assert 'data-code="subgoal-no-activity"' in html  # the live check sees the gap


def test_drop_downs_offer_the_plans_activities_and_the_strategy_goals(owner_client):
    html = owner_client.get("/projekt/proj/plan/").content.decode()
    select = re.search(r'<select id="g-proj-sub-activities-0".*?</select>', html, re.S).group(0)
    assert '<option value="a1" selected>Workshop</option>' in select
    contrib = re.search(r'<select id="g-proj-main-contributes-0".*?</select>', html, re.S).group(0)
    assert 'value="s:g-sub"' in contrib and 'value="s:g-emp"' in contrib and "p:" not in contrib
    sub = re.search(r'<select id="g-proj-sub-contributes-0".*?</select>', html, re.S).group(0)
    assert 'value="p:proj-main"' in sub


def test_live_checks_show_errors_apart_from_warnings_and_total_hours(owner_client):
    plan = sound_plan()
    plan.goals[0].contributes_to = []
    plan.goals[1].raw["target_value"] = "120"
    response = post(owner_client, "/projekt/proj/plan/kontroll/", form_data(plan))
    html = response.content.decode()
    assert response.status_code == 200
    errors = html.split('class="findings errors"')[1].split("</ul>")[0]
    assert 'data-code="project-goal-unlinked"' in errors and 'data-code="share-out-of-range"' in errors
    assert 'href="#g-proj-main-contributes-0"' in errors
    assert '<strong id="total-hours">30</strong>' in html
    assert not Plan.objects.filter(initiative__key="proj").exists()  # checking stores nothing


def test_new_project_indicator_with_numerator_and_denominator(owner_client):
    plan = sound_plan()
    plan.goals[1].indicator = pd.NEW_INDICATOR
    plan.goals[1].new_indicator = pd.IndicatorDraft(
        "Andel deltagare som vill starta företag", "share", "deltagare som vill starta företag", "svarande deltagare"
    )
    response = post(owner_client, "/projekt/proj/plan/", {**form_data(plan), "action": ["save"]})
    assert response.status_code == 302
    indicator = Goal.objects.get(key="proj-sub").indicator
    assert (indicator.measure_type, indicator.numerator, indicator.denominator, indicator.source_kind) == (
        "share",
        "deltagare som vill starta företag",
        "svarande deltagare",
        "project",
    )


def test_text_in_a_number_field_is_an_error_next_to_the_field_and_nothing_is_stored(owner_client):
    from tests.web.dbdump import dump_database

    before = dump_database()
    data = form_data(sound_plan())
    data["a-a1-occasions"] = ["många"]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#a-a1-occasions"' in html
    assert 'id="a-a1-occasions-error"' in html and 'value="många"' in html
    assert dump_database() == before


def test_submit_is_blocked_by_errors_and_allowed_when_fixed_then_analyst_reviews(owner_client, cast, client):
    plan = sound_plan()
    plan.goals[1].activities = []
    response = post(owner_client, "/projekt/proj/plan/", {**form_data(plan), "action": ["submit"]})
    assert response.status_code == 302
    assert Plan.objects.get(initiative__key="proj").state == "draft"
    response = post(owner_client, "/projekt/proj/plan/", {**form_data(sound_plan()), "action": ["submit"]})
    assert Plan.objects.get(initiative__key="proj").state == "submitted"
    assert owner_client.get("/projekt/proj/plan/").status_code == 302  # locked while in review
    client.force_login(cast["analyst"])
    client.post("/projekt/proj/plan/granska/", {"decision": "return", "comment": ""})
    assert Plan.objects.get(initiative__key="proj").state == "submitted"  # a return needs a comment
    client.post("/projekt/proj/plan/granska/", {"decision": "return", "comment": "Ange källa för utgångsvärdet."})
    state = Plan.objects.get(initiative__key="proj")
    assert (state.state, state.comment, state.reviewed_by) == ("returned", "Ange källa för utgångsvärdet.",
                                                               cast["analyst"])  # fmt: skip
    client.force_login(cast["owner_a"])
    post(client, "/projekt/proj/plan/", {**form_data(sound_plan()), "action": ["submit"]})
    client.force_login(cast["analyst"])
    client.post("/projekt/proj/plan/granska/", {"decision": "approve"})
    assert Plan.objects.get(initiative__key="proj").state == "approved"
    actions = list(AuditEntry.objects.filter(model="projects.Plan").order_by("id").values_list("action", flat=True))
    assert actions[-4:] == ["return", "save", "submit", "approve"]
    html = client.get("/projekt/proj/historik/").content.decode()
    assert "approve" in html and "Ange källa för utgångsvärdet." in html


def test_reporting_rounds_follow_the_project_period(cast):
    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    rounds = [(r.kind, r.period, r.due_date.isoformat()) for r in initiative.reports.order_by("due_date")]
    assert rounds == [("progress", "2019", "2020-01-31"), ("progress", "2020", "2021-01-31"),
                      ("final", "2021", "2022-03-02"), ("expost3", "2024", "2024-12-31"),
                      ("expost5", "2026", "2026-12-31")]  # fmt: skip
    shorter = sound_plan()
    shorter.end_date = shorter.end_date.replace(year=2020)
    shorter.goals[1].target_year = 2020
    sv.save_plan(initiative, shorter, cast["owner_a"])
    assert [(r.kind, r.period) for r in initiative.reports.order_by("due_date")] == [
        ("progress", "2019"),
        ("final", "2020"),
        ("expost3", "2023"),
        ("expost5", "2025"),
    ]


def test_diagram_links_activities_to_sub_goals_to_main_goals_to_strategy_goals(owner_client, cast):
    sv.save_plan(Initiative.objects.get(key="proj"), sound_plan(), cast["owner_a"])
    html = owner_client.get("/projekt/proj/").content.decode()
    assert '<svg role="img"' in html
    assert html.count('class="edge"') == 3  # workshop -> sub-goal -> main goal -> g-sub
    assert "Workshop</strong>: 10 × 3 h = 30 h → Delmål 1" in html


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("a-a1-occasions", "99999999999999999999", "1 000 000"),
        ("i-budget", "1" + "0" * 400, "1 000 000 000 000 000"),
        ("a-a1-hours_per_occasion", "5000", "1 000"),
        ("i-end_date", "9999-12-31", "1900 och 2200"),
        ("i-start_date", "0001-01-01", "1900 och 2200"),
        ("i-name", "x" * 301, "300 tecken"),
        ("g-proj-main-baseline_period", "2019" * 5, "10 tecken"),
        ("i-comparison_group", "x" * 301, "300 tecken"),
        ("i-comparison_selection", "x" * 2001, "2000 tecken"),
        ("i-comparison_measure", "x" * 301, "300 tecken"),
    ],
)
def test_absurd_numbers_dates_and_texts_are_field_errors_and_nothing_is_stored(owner_client, field, value, needle):
    from tests.web.dbdump import dump_database

    before = dump_database()
    data = form_data(sound_plan())
    data[field] = [value]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#{field}"' in html and needle in html, (field, needle)
    assert dump_database() == before


def test_a_plan_period_beyond_reason_is_refused_before_any_round_is_made(owner_client):
    from tests.web.dbdump import dump_database

    before = dump_database()
    data = form_data(sound_plan())
    data["i-start_date"], data["i-end_date"] = ["1900-01-01"], ["2199-12-31"]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    assert response.status_code == 400
    assert "högst 20 år" in response.content.decode()
    data["i-start_date"], data["i-end_date"] = ["2021-01-01"], ["2020-01-01"]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    assert response.status_code == 400
    assert "slutdatum" in response.content.decode().lower()
    assert dump_database() == before


def test_a_goal_cannot_be_linked_into_another_initiatives_goal(owner_client, cast):
    from tests.web.dbdump import dump_database

    foreign = Goal.objects.create(
        key="proj-b-main", name="B:s huvudmål", kind="long_term", initiative=Initiative.objects.get(key="proj-b")
    )
    before = dump_database()
    data = form_data(sound_plan())
    data["g-proj-main-contributes"] = [f"s:{foreign.key}", ""]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    assert response.status_code == 400
    assert "proj-b-main är inte ett mål i regionens strategier" in response.content.decode()
    assert dump_database() == before


def test_a_stale_plan_form_is_refused_and_the_newer_change_is_kept(client, cast):
    """The analyst opens the plan, the owner saves a new description, the analyst saves: refused (409)
    naming the owner and the changed field; the owner's description stays."""
    from tests.web.dbdump import dump_database

    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    client.force_login(cast["analyst"])
    opened = re.search(r'name="version" value="(\d+)"', client.get("/projekt/proj/plan/").content.decode())
    assert opened
    stale = form_data(sound_plan())
    stale["version"] = [opened.group(1)]
    newer = pd.from_db(initiative)
    newer.description = "Ägarens nyare beskrivning"
    sv.save_plan(initiative, newer, cast["owner_a"])
    before = dump_database()
    response = post(client, "/projekt/proj/plan/", {**stale, "action": ["save"]})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Agare-A" in html and "description" in html
    assert dump_database() == before
    assert Initiative.objects.get(key="proj").description == "Ägarens nyare beskrivning"
    fresh = form_data(pd.from_db(initiative))
    fresh["version"] = [str(pd.from_db(initiative).version)]
    assert post(client, "/projekt/proj/plan/", {**fresh, "action": ["save"]}).status_code == 302


def test_comparison_fields_need_the_group_itself_and_empty_means_none_planned(owner_client):
    from tests.web.dbdump import dump_database

    before = dump_database()
    data = form_data(sound_plan())
    data["i-comparison_group"] = [""]
    response = post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]})
    assert response.status_code == 400
    assert 'href="#i-comparison_group"' in response.content.decode()
    assert dump_database() == before
    for name in pd.COMPARISON:
        data[f"i-{name}"] = [""]
    assert post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]}).status_code == 302
    assert Initiative.objects.get(key="proj").comparison_group == ""
    assert "ingen planerad" in owner_client.get("/projekt/proj/").content.decode()
    data = form_data(sound_plan())
    assert post(owner_client, "/projekt/proj/plan/", {**data, "action": ["save"]}).status_code == 302
    assert "Företag som sökte men inte deltog" in owner_client.get("/projekt/proj/").content.decode()

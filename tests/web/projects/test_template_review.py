"""The plan template, its plausibility warnings on the fields, the analysts' review queue and e-mail,
what was done per activity in a report, and the demo's rounds dated from today."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from styrkedja.web.projects import plandata as pd
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import ActivityOutcome, Initiative, Plan, Report
from tests.web.dbdump import dump_database
from tests.web.projects.plans import sound_plan
from tests.web.projects.test_plan import form_data, post


@pytest.fixture
def owner_client(client, cast):
    client.force_login(cast["owner_a"])
    return client


def test_a_new_plan_starts_as_the_template(owner_client, cast):
    initiative = Initiative.objects.get(key="proj")
    initiative.goals.all().delete()
    initiative.activities.all().delete()
    html = owner_client.get("/projekt/proj/plan/").content.decode()
    legends = re.findall(r"<legend><h3>([^<]+)</h3></legend>", html)
    assert legends == ["Huvudmål 1", "Delmål 1", "Delmål 2", "Delmål 3", "Aktivitet 1", "Aktivitet 2", "Aktivitet 3"]
    assert html.count(">Antal gånger</label>") == 3 and html.count(">Tid per tillfälle (h)</label>") == 3
    assert "30 % av deltagarna ska starta företag" in html  # the template's examples as hints
    assert "60 % av deltagarna ska vilja bli företagare" in html
    assert not initiative.goals.exists()  # reading the form stores nothing


def test_numbers_are_typed_and_shown_the_swedish_way(owner_client):
    plan = sound_plan()
    data = form_data(plan)
    data["i-budget"] = ["1 200 000"]
    data["a-a1-hours_per_occasion"] = ["1,5"]
    data["action"] = ["save"]
    assert post(owner_client, "/projekt/proj/plan/", data).status_code == 302
    initiative = Initiative.objects.get(key="proj")
    assert initiative.budget == 1_200_000.0 and initiative.activities.get().hours_per_occasion == 1.5
    html = owner_client.get("/projekt/proj/plan/").content.decode()
    assert 'value="1 200 000"' in html and 'value="1,5"' in html and 'value="2024"' in html  # years ungrouped
    assert "<strong>15</strong>" in html  # 10 occasions x 1,5 h


def issue_example() -> pd.PlanData:
    """The issue's implausible plan: a regional statistic, "30 %" against 150, one 6-hour activity, 1.2 MSEK."""
    plan = sound_plan()
    plan.budget = 1_200_000.0
    main, sub = plan.goals
    main.target_value = 150.0
    sub.indicator = "pop"  # Befolkningsantal: a regional statistic, not the participants
    plan.activities = [pd.ActivityRow("a1", "Informationsträff", "", 1, 6.0)]
    pd.fill_raw(plan)
    return plan


def test_the_plausibility_findings_are_listed_marked_on_their_fields_and_block_submitting(owner_client):
    before = dump_database()
    response = post(owner_client, "/projekt/proj/plan/kontroll/", form_data(issue_example()))
    html = response.content.decode()
    codes = set(re.findall(r'data-code="([^"]+)"', html))
    assert {"goal-target-contradicts-formulation", "goal-regional-indicator", "plan-few-hours",
            "plan-budget-per-hour"} <= codes  # fmt: skip
    assert "200 000" in html.replace("\u202f", " ").replace("\xa0", " ")  # 1 200 000 SEK / 6 h, the Swedish way
    assert re.search(r'id="submit-plan"[^>]* disabled', html)
    assert dump_database() == before  # checking stores nothing
    # A full render marks each field: the error makes it invalid, the warning describes it.
    data = {**form_data(issue_example()), "action": ["refresh"]}
    html = post(owner_client, "/projekt/proj/plan/", data).content.decode()
    target = re.search(r'<input id="g-proj-main-target_value"[^>]*>', html)
    assert target and 'aria-invalid="true"' in target.group(0) and "g-proj-main-target_value-check" in target.group(0)
    assert 'id="g-proj-main-target_value-check"' in html and "150" in html
    indicator = re.search(r'<select id="g-proj-sub-indicator"[^>]*>', html)
    assert indicator and "g-proj-sub-indicator-check" in indicator.group(0)
    assert "aria-invalid" not in indicator.group(0)  # a warning, not an error
    budget = re.search(r'<input id="i-budget"[^>]*>', html)
    assert budget and "i-budget-check" in budget.group(0)


def test_one_message_per_action(owner_client):
    data = {**form_data(sound_plan()), "action": ["save"]}
    response = post(owner_client, "/projekt/proj/plan/", data, follow=True)
    assert response.content.decode().count("Planen sparades.") == 1


def test_the_review_queue_lists_what_waits_oldest_first_and_analysts_get_an_email(
    client, cast, django_capture_on_commit_callbacks
):
    cast["analyst"].email = "analytiker@example.org"
    cast["analyst"].save()
    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    report = initiative.reports.get(kind="final")
    client.force_login(cast["owner_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/projekt/proj/rapport/{report.pk}/", {"narrative": "Fyra träffar.",
                                                                       "action": "submit"})  # fmt: skip
    assert response.status_code == 302 and Report.objects.get(pk=report.pk).state == "submitted"
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/projekt/proj/plan/skicka/").status_code == 302
    assert Plan.objects.get(initiative=initiative).state == "submitted"
    assert [m.to for m in mail.outbox] == [["analytiker@example.org"]] * 2
    assert "/projekt/proj/rapport/" in mail.outbox[0].body and "/projekt/granska/" in mail.outbox[0].body
    assert client.get("/projekt/granska/").status_code == 403  # the owner has no queue
    client.force_login(cast["analyst"])
    html = client.get("/projekt/granska/").content.decode()
    assert "Att granska (2)" in html  # in the navigation and as the heading
    kinds = re.findall(r'<tr data-kind="(\w+)">', html)
    assert kinds == ["report", "plan"]  # the report waited three days longer
    detail = client.get("/projekt/proj/").content.decode()
    assert detail.index('id="goals-heading"') < detail.index('id="review"')  # the form below what it reviews


def test_nothing_waiting_says_so(client, cast):
    client.force_login(cast["analyst"])
    html = client.get("/projekt/granska/").content.decode()
    assert 'id="queue-empty"' in html and "Att granska (0)" in html


def test_a_report_records_what_was_done_per_activity_next_to_the_plan(client, cast):
    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    report = initiative.reports.get(kind="final")
    client.force_login(cast["owner_a"])
    url = f"/projekt/proj/rapport/{report.pk}/"
    html = client.get(url).content.decode()
    assert "10 tillfällen × 3 h = 30 h" in html  # the plan, next to the fields
    before = dump_database()
    bad = client.post(url, {"o-a1-occasions": "åtta", "o-a1-hours": "20", "action": "save"})
    assert bad.status_code == 400 and dump_database() == before
    page = bad.content.decode()
    assert re.search(r'<input id="o-a1-occasions"[^>]*aria-invalid="true"', page) and 'value="åtta"' in page
    ok = client.post(url, {"o-a1-occasions": "8", "o-a1-hours": "22,5", "o-a1-participants": "31", "action": "save"})
    assert ok.status_code == 302
    outcome = ActivityOutcome.objects.get(report=report)
    assert (outcome.occasions, outcome.hours, outcome.participants) == (8, 22.5, 31)
    assert 'value="22,5"' in client.get(url).content.decode()
    client.post(url, {"o-a1-occasions": "", "o-a1-hours": "", "o-a1-participants": "", "action": "save"})
    assert not ActivityOutcome.objects.filter(report=report).exists()  # emptied again: removed

"""Reports: rounds, draft -> submitted -> returned -> submitted -> approved (locked); approved values become
observations; shares recomputed from counts; portfolio sums; due list and reminders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from styrkedja.web.core.models import AuditEntry
from styrkedja.web.indicators.models import Observation
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative, Report
from tests.web.projects.plans import sound_plan


@pytest.fixture
def planned(cast):
    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    return initiative


def final_report(initiative) -> Report:
    return initiative.reports.get(kind="final")


def url(report: Report, suffix: str = "") -> str:
    return f"/projekt/{report.initiative.key}/rapport/{report.pk}/{suffix}"


def test_the_whole_report_flow_ends_in_observations_with_counts(client, cast, planned):
    report = final_report(planned)
    client.force_login(cast["owner_a"])
    values = {"participants": "40", "v-proj-main-numerator": "9", "v-proj-main-denominator": "40",
              "v-proj-sub-numerator": "26", "v-proj-sub-denominator": "38", "narrative": "Fyra träffar."}  # fmt: skip
    response = client.post(url(report), {**values, "action": "save"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "draft" and report.participants == 40
    assert "68,4\xa0%" in client.get(url(report)).content.decode()  # 26 / 38, computed from the counts
    client.post(url(report), {**values, "action": "submit"})
    report.refresh_from_db()
    assert report.state == "submitted"
    assert client.post(url(report, "granska/"), {"decision": "approve"}).status_code == 403  # owners do not review

    client.force_login(cast["analyst"])
    client.post(url(report, "granska/"), {"decision": "return", "comment": "Nämnaren för delmålet saknar två svar."})
    report.refresh_from_db()
    assert (report.state, report.comment) == ("returned", "Nämnaren för delmålet saknar två svar.")
    assert not Observation.objects.exists()

    client.force_login(cast["owner_a"])
    html = client.get(url(report)).content.decode()
    assert "Nämnaren för delmålet saknar två svar." in html
    client.post(url(report), {**values, "v-proj-sub-denominator": "40", "action": "submit"})
    report.refresh_from_db()
    assert report.state == "submitted"

    client.force_login(cast["analyst"])
    client.post(url(report, "granska/"), {"decision": "approve"})
    report.refresh_from_db()
    assert report.state == "approved" and report.locked and report.batch is not None
    observations = {o.indicator.key: o for o in Observation.objects.select_related("indicator", "area")}
    started, wants = observations["started"], observations["wants"]
    assert (started.area.code, started.period, started.numerator, started.denominator) == ("07", "2021", 9, 40)
    assert started.value == pytest.approx(22.5)
    assert (wants.numerator, wants.denominator, wants.value) == (26, 40, pytest.approx(65.0))
    assert started.batch.source == "project"

    # Locked: neither the owner nor the analyst changes an approved report.
    client.force_login(cast["owner_a"])
    assert client.post(url(report), {**values, "action": "save"}).status_code == 403
    client.force_login(cast["analyst"])
    assert client.post(url(report), {**values, "action": "save"}).status_code == 403
    client.post(url(report, "granska/"), {"decision": "return", "comment": "x"})
    report.refresh_from_db()
    assert report.state == "approved"
    actions = list(AuditEntry.objects.filter(model="projects.Report", object_key=str(report.pk))
                   .order_by("id").values_list("action", flat=True))  # fmt: skip
    assert [a for a in actions if a in ("submit", "return", "approve")] == ["submit", "return", "submit", "approve"]
    history = client.get(f"/projekt/{planned.key}/historik/").content.decode()
    assert "Nämnaren för delmålet saknar två svar." in history and "import" in history


def test_a_share_needs_both_counts_and_a_part_not_larger_than_the_whole(client, cast, planned):
    report = final_report(planned)
    client.force_login(cast["owner_a"])
    response = client.post(url(report), {"v-proj-main-numerator": "50", "v-proj-main-denominator": "40",
                                         "v-proj-sub-numerator": "3", "action": "save"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#v-proj-main-numerator"' in html and 'href="#v-proj-sub-denominator"' in html
    assert not report.values.exists()


def approve(report: Report, user, participants, pairs) -> None:
    values = [sv.ValueInput(g, numerator=pairs[g.key][0], denominator=pairs[g.key][1])
              for g in sv.report_goals(report.initiative) if g.key in pairs]  # fmt: skip
    sv.save_report(report, participants, "", values, user)
    sv.submit_report(report, user)
    sv.review_report(report, True, "", user)


def test_two_projects_on_one_indicator_sum_counts_never_average_shares(cast, planned):
    b = Initiative.objects.get(key="proj-b")
    plan_b = sound_plan()
    plan_b.start_date, plan_b.end_date = dt.date(2020, 1, 1), dt.date(2021, 12, 31)
    plan_b.goals[0].ref, plan_b.goals[1].ref, plan_b.activities[0].ref = "b-main", "b-sub", "b-a1"
    plan_b.goals[1].contributes_to, plan_b.goals[1].activities = ["p:b-main"], ["b-a1"]
    keys = sv.save_plan(b, plan_b, cast["owner_b"])  # new rows get stored keys
    approve(final_report(planned), cast["analyst"], 10, {"proj-main": (1, 10), "proj-sub": (5, 10)})
    approve(final_report(b), cast["analyst"], 90, {keys["b-main"]: (45, 90), keys["b-sub"]: (60, 90)})
    observation = Observation.objects.get(indicator__key="started", period="2021")
    # (1 + 45) / (10 + 90) = 46 %, not the mean of 10 % and 50 % (30 %).
    assert (observation.numerator, observation.denominator) == (46, 100)
    assert observation.value == pytest.approx(46.0)

    from styrkedja.web.strategies.models import Goal

    contributions, aggregates, participants = sv.portfolio(Goal.objects.get(key="g-sub"))
    assert {(c.initiative.key, c.goal.key) for c in contributions} == {
        ("proj", "proj-main"),
        ("proj", "proj-sub"),
        ("proj-b", keys["b-main"]),
        ("proj-b", keys["b-sub"]),
    }
    started = next(a for a in aggregates if a.indicator.key == "started")
    assert (started.numerator, started.denominator, started.share) == (46, 100, pytest.approx(46.0))
    assert participants == 100
    attained = {c.goal.key: c.attained for c in contributions}
    assert attained == {"proj-main": False, "proj-sub": False, keys["b-main"]: True, keys["b-sub"]: True}


def test_portfolio_page_shows_sums_and_shares_from_sums(client, cast, planned):
    approve(final_report(planned), cast["analyst"], 40, {"proj-main": (9, 40), "proj-sub": (26, 40)})
    client.force_login(cast["reader"])
    html = client.get("/projekt/portfolj/g-sub/").content.decode()
    assert 'id="sum-participants">40<' in html
    assert 'id="agg-started">22,5\xa0%<' in html


def test_due_list_and_reminders(client, cast, planned):
    cast["owner_a"].email = "agare-a@example.org"
    cast["owner_a"].save()
    out = io.StringIO()
    call_command("remind", "--today", "2022-02-15", stdout=out)
    assert len(mail.outbox) == 3  # two overdue progress reports and the final report due 2 March
    assert {m.to[0] for m in mail.outbox} == {"agare-a@example.org"}
    assert "slutrapport 2021" in " ".join(m.subject for m in mail.outbox)
    assert "3 reminder(s) sent" in out.getvalue()
    call_command("remind", "--today", "2022-02-16", stdout=io.StringIO())
    assert len(mail.outbox) == 3  # not again within a week
    assert AuditEntry.objects.filter(action="remind").count() == 3
    client.force_login(cast["owner_b"])
    html = client.get("/projekt/bevakning/").content.decode()
    assert "Ett projekt" in html and "försenad" in html
    html = client.get("/projekt/bevakning/?mine=1").content.decode()
    assert "Ett projekt" not in html


def test_a_stale_report_form_is_refused_and_the_newer_values_are_kept(client, cast, planned):
    from tests.web.dbdump import dump_database

    report = final_report(planned)
    client.force_login(cast["owner_a"])
    opened = report.version
    values = {"participants": "40", "v-proj-main-numerator": "9", "v-proj-main-denominator": "40",
              "v-proj-sub-numerator": "26", "v-proj-sub-denominator": "38", "narrative": "Fyra träffar."}  # fmt: skip
    assert client.post(url(report), {**values, "version": str(opened), "action": "save"}).status_code == 302
    before = dump_database()
    stale = {**values, "participants": "12", "version": str(opened), "action": "save"}
    response = client.post(url(report), stale)
    assert response.status_code == 409
    assert "participants" in response.content.decode()
    assert dump_database() == before
    report.refresh_from_db()
    assert report.participants == 40 and report.version == opened + 1

"""The yearly cycle's services and reads: frozen statuses (checked against the stored results by hand),
assessments as drafts, publication and corrections, refusals that change nothing, "needs action",
roll-up, the forum agenda, reminders and the strategy file round trip."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from docx import Document

from styrkedja.strategyfile import dump_document, read_strategy_text
from styrkedja.web.chain.chainfile import export_document, load_document
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.dashboards import cycle as rq
from styrkedja.web.followup.models import Action, Assessment, KnowledgeNeed, Lesson, Round, RoundStatus
from styrkedja.web.rounds import services
from styrkedja.web.rounds.agenda import agenda_docx
from styrkedja.web.rounds.calendar import due_items, round_calendar
from styrkedja.web.strategies.models import Goal, Strategy

from ..dbdump import dump_database


def statuses(round_: Round) -> dict[str, str]:
    return dict(round_.statuses.values_list("goal__key", "status"))


def test_a_round_freezes_each_goals_worst_status_of_its_run(rounds):
    r1, r2 = rounds
    # By hand from the fixture: run 1 g-pop {off_track, met} -> off_track; run 2 g-pop {on_track, met} -> on_track.
    assert statuses(r1) == {"g-pop": "off_track", "g-emp": "at_risk", "g-sub": "no_data", "proj-main": "no_data",
                            "proj-sub": "no_data"}  # fmt: skip
    assert statuses(r2)["g-pop"] == "on_track" and statuses(r2)["g-sub"] == "worsening"
    assert r1.as_of == dt.date(2024, 5, 1) and r2.as_of == dt.date(2025, 5, 1)
    assert AuditEntry.objects.filter(model="followup.Round", action="freeze", object_key="rus-2024").exists()


def test_status_history_and_changed_since_last_round(rounds):
    r1, _r2 = rounds
    ids = {g.key: g.pk for g in Goal.objects.all()}
    history = rq.status_history(ids.values(), Round.objects.all())
    assert [(h.round.year, h.status) for h in history[ids["g-pop"]]] == [(2024, "off_track"), (2025, "on_track")]
    assert rq.changed_goals(history) == {ids["g-pop"], ids["g-sub"]}
    # readers see published rounds only: one round, so nothing has changed yet
    assert rq.changed_goals(rq.status_history(ids.values(), rq.published_rounds_of([r1.strategy_id]))) == set()


def test_a_draft_is_edited_in_place_then_published_then_corrected_as_a_new_version(rounds, cast):
    _r1, r2 = rounds
    g_emp = Goal.objects.get(key="g-emp")
    draft = services.save_assessment(r2, g_emp, {"text": "Andra utkastet.", "evidence": "statistics"}, cast["analyst"])
    assert Assessment.objects.filter(round=r2, goal=g_emp).count() == 1 and draft.state == "draft"
    services.publish_round(r2, cast["analyst"])
    draft.refresh_from_db()
    assert draft.state == "published" and draft.published_at is not None
    fixed = services.save_assessment(r2, g_emp, {"text": "Rättad."}, cast["analyst"])
    assert (fixed.version, fixed.state, fixed.supersedes_id) == (2, "published", draft.pk)
    draft.refresh_from_db()
    assert draft.text == "Andra utkastet."  # the published version is never edited
    assert AuditEntry.objects.filter(model="followup.Assessment", action="correct").count() == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"text": ""}, "text"),
    ({"text": "x", "judgement": "great"}, "judgement"),
    ({"text": "x", "judgement": "off_track"}, "reason"),  # differs from the computed at_risk without a reason
    ({"text": "x", "evidence": "rumour"}, "evidence"),
])  # fmt: skip
def test_a_refused_assessment_names_the_field_and_changes_nothing(rounds, cast, data, field):
    before = dump_database()
    with pytest.raises(services.RoundError) as err:
        services.save_assessment(rounds[1], Goal.objects.get(key="g-emp"), data, cast["analyst"])
    assert err.value.field == field
    assert dump_database() == before


def test_the_analysts_own_status_with_a_reason_is_kept(rounds, cast):
    a = services.save_assessment(rounds[1], Goal.objects.get(key="g-emp"),
                                 {"text": "x", "judgement": "off_track", "reason": "Nya siffror visar ras."},
                                 cast["analyst"])  # fmt: skip
    assert (a.judgement, a.reason) == ("off_track", "Nya siffror visar ras.")


def test_refused_writes_change_nothing(rounds, cast):
    r1, r2 = rounds
    before = dump_database()
    refusals = [
        lambda: services.create_round(Strategy.objects.get(key="rus"), 2024, cast["analyst"]),  # the year is taken
        lambda: services.freeze_round(r1, r2.run, cast["analyst"]),  # published: frozen
        lambda: services.publish_round(r1, cast["analyst"]),
        lambda: services.save_action(r2, {"title": "x"}, ["no-such-goal"], cast["analyst"]),
        lambda: services.save_action(r2, {"title": "x", "due_date": "2025-02-30"}, [], cast["analyst"]),
        lambda: services.save_action(r2, {"title": "x", "status": "maybe"}, [], cast["analyst"]),
        lambda: services.save_knowledge_need(r2, {"question": "?", "kind": "poll"}, [], cast["analyst"]),
        lambda: services.add_lesson(r2, "weather", "x", cast["analyst"]),
    ]
    for refuse in refusals:
        with pytest.raises(services.RoundError):
            refuse()
    assert dump_database() == before


def test_needs_action_is_off_track_or_at_risk_with_few_initiatives(rounds, cast):
    r1, r2 = rounds
    # g-pop off track, no initiative; g-emp at risk, one initiative (proj via g-sub): both flagged in 2024.
    assert [(n.goal.key, n.status, n.initiatives) for n in rq.needs_action(r1, cast["reader"])] == [
        ("g-pop", "off_track", 0), ("g-emp", "at_risk", 1)]  # fmt: skip
    assert [n.goal.key for n in rq.needs_action(r2, cast["reader"])] == ["g-emp"]  # g-pop is on track in 2025


def test_rollup_counts_the_contributors_statuses(rounds):
    g_emp = Goal.objects.get(key="g-emp")
    # g-emp's one contributor, g-sub, is worsening in the latest run (run 2).
    assert rq.rollup([g_emp.pk], rq.latest_goal_statuses([g_emp.pk])) == {g_emp.pk: [("worsening", 1)]}


def test_the_forum_agenda_lists_the_rounds_problems_actions_and_needs(rounds, cast):
    r1, _r2 = rounds
    doc = Document(io.BytesIO(agenda_docx(r1, cast["reader"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert r1.name in text
    assert "Befolkningen ska växa" in cells and "Sysselsättningsgraden ska vara minst 80 %" in cells
    assert "Publicerad bedömning." in cells and "Publicerad åtgärd" in cells and "Publicerad fråga?" in cells


def test_the_calendar_and_reminders(rounds, cast):
    _r1, r2 = rounds
    steps = round_calendar(r2)
    assert [s.done for s in steps][:2] == [True, True] and steps[2].done is False  # two goals unassessed
    due = due_items(dt.date(2025, 5, 20), 30)  # the 2024 action is overdue, not done: it stays on the list
    assert [(d.kind, d.round.key, d.days) for d in due] == [
        ("action", "rus-2024", -261),
        ("assessments", "rus-2025", 12),
    ]
    due = due_items(dt.date(2024, 8, 20), 30)  # the 2024 action (owner "agare") is due 2024-09-01
    assert [(d.kind, d.label) for d in due] == [("action", "Publicerad åtgärd")]
    out = StringIO()
    call_command("remind", "--today", "2024-08-20", stdout=out)
    assert "reminding agare@example.org: Åtgärd: Publicerad åtgärd" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["agare@example.org"]]
    assert Action.objects.get(title="Publicerad åtgärd").last_reminded == dt.date(2024, 8, 20)


def test_the_cycle_round_trips_through_the_strategy_file(rounds, cast):
    r1, _r2 = rounds
    services.add_lesson(r1, "followup", "Mer tid för analys.", cast["analyst"])
    services.save_assessment(r1, Goal.objects.get(key="g-pop"), {"text": "Rättad."}, cast["analyst"])
    first = export_document()
    assert {a["round"] for a in first["actions"]} == {"rus-2024", "rus-2025"}
    text = dump_document(first)
    for model in (Assessment, Action, KnowledgeNeed, Lesson, RoundStatus):
        model.objects.filter(pk__in=model.objects.exclude(**({"round": None} if model is Assessment else {}))).delete()
    Round.objects.all().delete()
    load_document(read_strategy_text(text))
    assert export_document() == first
    before = dump_database()
    load_document(read_strategy_text(text))  # loading again changes nothing
    assert dump_database() == before


def test_needs_action_also_when_the_initiatives_goals_are_all_behind(rounds, cast, monkeypatch):
    r1, _r2 = rounds
    monkeypatch.setattr(rq, "FEW_INITIATIVES", 0)  # one initiative is no longer "few"
    assert [n.goal.key for n in rq.needs_action(r1, cast["reader"])] == ["g-pop"]  # g-emp: proj has no status
    RoundStatus.objects.filter(round=r1, goal__key="proj-main").update(status="off_track")  # proj's goal is behind
    flagged = {n.goal.key: n for n in rq.needs_action(r1, cast["reader"])}
    assert set(flagged) == {"g-pop", "g-emp"}
    assert (flagged["g-emp"].initiatives, flagged["g-emp"].no_progress) == (1, True)
    assert flagged["g-pop"].no_progress is False


def test_the_yearly_report_hook_holds_published_rounds_only(rounds):
    from styrkedja.web.rounds.report import cycle_sections

    sections = cycle_sections(Strategy.objects.get(key="rus"))
    assert [r["key"] for r in sections["rounds"]] == ["rus-2024"]  # 2025 is open
    assert sections["history"] == {"g-pop": [(2024, "off_track")], "g-emp": [(2024, "at_risk")]}
    assert [a["text"] for a in sections["assessments"]] == ["Publicerad bedömning."]
    assert [a["title"] for a in sections["actions"]] == ["Publicerad åtgärd"]

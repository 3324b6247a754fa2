"""The yearly cycle's sections for the yearly report (the hook for `reports/assemble`, issue 12).

`cycle_sections` returns plain values (no models), so the pure report layer can take them as input:
the strategy's published rounds, each goal's status history, the latest round's published assessments
(current versions), its actions, knowledge needs and lessons. Only published rounds and published
assessments enter: the report is a public document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from styrkedja.reports.assemble.inputs import ExtraSectionIn

from ..dashboards import cycle as rq
from ..followup.models import Assessment, Round, RoundStatus
from ..strategies.models import Strategy


def cycle_sections(strategy: Strategy) -> dict[str, Any]:
    rounds = list(Round.objects.filter(strategy=strategy, state="published").order_by("year"))
    if not rounds:
        return {"rounds": [], "history": {}, "assessments": [], "actions": [], "knowledge_needs": [], "lessons": []}
    latest = rounds[-1]
    history: dict[str, list[tuple[int, str]]] = {}
    for goal_key, year, status in (
        RoundStatus.objects.filter(round__in=rounds, goal__strategy=strategy)
        .order_by("goal__position", "goal__key", "round__year")
        .values_list("goal__key", "round__year", "status")
    ):
        history.setdefault(goal_key, []).append((year, status))
    assessments = [
        {"goal": a.goal.key, "version": a.version, "text": a.text, "judgement": a.judgement, "reason": a.reason,
         "why": a.why, "what_works": a.what_works, "partners": a.partners, "evidence": a.evidence,
         "author": a.author_name, "published_at": a.published_at.isoformat() if a.published_at else None}
        for a in Assessment.objects.filter(round=latest, state=Assessment.PUBLISHED, superseded_by__isnull=True)
        .select_related("goal").order_by("goal__position", "goal__key")
    ]  # fmt: skip
    decided = [
        {"title": x.title, "goals": sorted(g.key for g in x.goals.all()), "owner": x.owner_label(),
         "due_date": x.due_date.isoformat() if x.due_date else None, "status": x.status}
        for x in rq.actions_for([latest.pk]).order_by("key")
    ]  # fmt: skip
    needs = [
        {"question": n.question, "kind": n.kind, "goals": sorted(g.key for g in n.goals.all()), "status": n.status,
         "result": n.result}
        for n in rq.knowledge_needs_for([latest.pk]).order_by("key")
    ]  # fmt: skip
    return {
        "rounds": [{"key": r.key, "name": r.name, "year": r.year, "as_of": r.as_of} for r in rounds],
        "history": history,
        "assessments": assessments,
        "actions": decided,
        "knowledge_needs": needs,
        "lessons": [{"part": x.part, "text": x.text} for x in latest.lessons.all()],
    }


def _in(language: str, sv: str, en: str) -> str:
    return en if language.startswith("en") else sv


def decided_sections(as_of: dt.date, language: str) -> list[ExtraSectionIn]:
    """The yearly report's section 6: the decided actions and knowledge needs of the rounds published by
    `as_of` (published rounds only, so the public edition may carry them too)."""
    rounds = [r.pk for r in Round.objects.filter(state="published", published_at__date__lte=as_of)]
    if not rounds:
        return []
    with translation.override("en" if language.startswith("en") else "sv"):
        actions = tuple(
            (x.title, ", ".join(sorted(g.name for g in x.goals.all())), x.owner_label(),
             x.due_date.isoformat() if x.due_date else "", str(x.get_status_display()))
            for x in rq.actions_for(rounds).order_by("due_date", "key")
        )  # fmt: skip
        needs = tuple(
            (n.question, str(n.get_kind_display()), ", ".join(sorted(g.name for g in n.goals.all())),
             str(n.get_status_display()), n.result)
            for n in rq.knowledge_needs_for(rounds).order_by("due_date", "key")
        )  # fmt: skip
    return [
        ExtraSectionIn(
            key="actions", title=_in(language, "Beslutade åtgärder", "Decided actions"),
            columns=(_in(language, "Åtgärd", "Action"), _in(language, "Mål", "Goals"),
                     _in(language, "Ansvarig", "Owner"), _in(language, "Klart senast", "Due"),
                     _in(language, "Status", "Status")),
            rows=actions, internal=False,
            lead=_in(language, "Åtgärder som beslutats i uppföljningsomgångarna.",
                     "Actions decided in the follow-up rounds."),
        ),
        ExtraSectionIn(
            key="knowledge-needs", title=_in(language, "Kunskapsbehov", "Knowledge needs"),
            columns=(_in(language, "Fråga", "Question"), _in(language, "Slag", "Kind"),
                     _in(language, "Mål", "Goals"), _in(language, "Status", "Status"),
                     _in(language, "Resultat", "Result")),
            rows=needs, internal=False,
            lead=_in(language, "Fördjupande analyser, förstudier och förutvärderingar som uppföljningen "
                     "visat behov av.",
                     "Deeper analyses, pre-studies and ex-ante evaluations the follow-up showed a need for."),
        ),
    ]  # fmt: skip

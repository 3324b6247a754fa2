"""The yearly cycle in the strategy file: rounds (with the statuses they froze and their calendar),
assessments (every version), actions, knowledge needs and lessons. Loaded and exported by
`chain.chainfile`, in its transaction; every write through `core.audit`.

A round's statuses come from its evaluation run; a round loaded from a file has no run, so its
statuses are the file's. Loading never changes the statuses of a round that has a run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from ..core import audit
from ..strategies.models import Goal, Strategy
from .models import Action, Assessment, KnowledgeNeed, Lesson, Round, RoundStatus

CALENDAR = ("data_due", "assessments_due", "forum", "forum_on", "report_due", "publish_on")
STORY = ("judgement", "reason", "why", "what_works", "partners", "evidence")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _datetime(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value)) if value else None


def load_cycle(doc: dict[str, Any], goals: dict[str, Goal], user: Any) -> None:
    strategies = {s.key: s for s in Strategy.objects.all()}
    rounds = {r.key: r for r in Round.objects.all()}
    for item in doc.get("rounds", []):
        rounds[item["id"]] = _load_round(item, strategies, goals, user)
    for item in doc.get("assessments", []):
        if "round" in item:
            _load_round_assessment(item, rounds[item["round"]], goals, user)
        else:
            _load_year_assessment(item, goals, user)
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    for model, kind in ((Action, "actions"), (KnowledgeNeed, "knowledge_needs")):
        for item in doc.get(kind, []):
            _load_decided(model, item, rounds[item["round"]], goals, users, user)
    for item in doc.get("lessons", []):
        lookup = {"round": rounds[item["round"]], "part": item["part"], "text": item["text"]}
        if not Lesson.objects.filter(**lookup).exists():
            audit.upsert(Lesson, lookup, {"author_name": item.get("author", "")}, user)


def _load_round(item: dict[str, Any], strategies: dict[str, Strategy], goals: dict[str, Goal], user: Any) -> Round:
    calendar = item.get("calendar", {})
    fields: dict[str, Any] = {
        "strategy": strategies[item["strategy"]], "year": item["year"], "name": item.get("name", ""),
        "as_of": _date(item.get("as_of")), "state": item.get("state", "open"),
        "published_at": _datetime(item.get("published_at")),
        **{f: (calendar.get(f, "") if f == "forum" else _date(calendar.get(f))) for f in CALENDAR},
    }  # fmt: skip
    round_: Round = audit.upsert(Round, {"key": item["id"]}, fields, user)
    if round_.run_id is None:
        keep = []
        for goal_key, status in item.get("statuses", {}).items():
            rs = audit.upsert(RoundStatus, {"round": round_, "goal": goals[goal_key]}, {"status": status}, user)
            keep.append(rs.pk)
        for stale in RoundStatus.objects.filter(round=round_).exclude(pk__in=keep):
            audit.delete(stale, user)
    return round_


def _load_year_assessment(item: dict[str, Any], goals: dict[str, Goal], user: Any) -> None:
    """Assessments by year are history: a row is added unless the same text already exists for the goal and year."""
    lookup = {"goal": goals[item["goal"]], "year": item["year"], "text": item["text"], "round": None}
    if not Assessment.objects.filter(**lookup).exists():
        fields = {"rating": item.get("rating", ""), "author_name": item.get("author", "")}
        audit.upsert(Assessment, lookup, fields, user)


def _load_round_assessment(item: dict[str, Any], round_: Round, goals: dict[str, Goal], user: Any) -> None:
    goal, version = goals[item["goal"]], item.get("version", 1)
    earlier = Assessment.objects.filter(round=round_, goal=goal, version=version - 1).first()
    fields: dict[str, Any] = {
        "year": item["year"], "text": item["text"], "rating": item.get("rating", ""),
        "author_name": item.get("author", ""), "state": item.get("state", Assessment.PUBLISHED),
        "published_at": _datetime(item.get("published_at")), "supersedes": earlier,
        **{f: item.get(f, "") for f in STORY},
    }  # fmt: skip
    a = audit.upsert(Assessment, {"round": round_, "goal": goal, "version": version}, fields, user)
    written = _datetime(item.get("written"))
    if written is not None and a.created_at != written:
        Assessment.objects.filter(pk=a.pk).update(created_at=written)  # the signature's date, kept as written


def _load_decided(model: type[Action] | type[KnowledgeNeed], item: dict[str, Any], round_: Round,
                  goals: dict[str, Goal], users: dict[str, Any], user: Any) -> None:  # fmt: skip
    fields: dict[str, Any] = {
        "round": round_, "owner": users.get(item.get("owner", "")), "owner_name": item.get("owner_name", ""),
        "due_date": _date(item.get("due_date")), "note": item.get("note", ""),
        "status": item.get("status", model._meta.get_field("status").default),
    }  # fmt: skip
    if model is Action:
        fields.update(title=item["title"], description=item.get("description", ""))
    else:
        fields.update(kind=item["kind"], question=item["question"], result=item.get("result", ""))
    obj = audit.upsert(model, {"key": item["id"]}, fields, user)
    audit.set_m2m(obj, "goals", [goals[k] for k in item.get("goals", [])], user)


# --- export -------------------------------------------------------------------


def export_cycle(put: Any) -> dict[str, list[dict[str, Any]]]:
    """The cycle's sections, in file order; `put(out, key, value)` skips empty values."""
    rounds = []
    for r in Round.objects.select_related("strategy").order_by("strategy__position", "year", "key"):
        out: dict[str, Any] = {"id": r.key, "strategy": r.strategy.key, "year": r.year}
        put(out, "name", r.name)
        put(out, "as_of", r.as_of.isoformat() if r.as_of else None)
        out["state"] = r.state
        put(out, "published_at", r.published_at.isoformat() if r.published_at else None)
        calendar: dict[str, Any] = {}
        for f in CALENDAR:
            value = getattr(r, f)
            put(calendar, f, value.isoformat() if isinstance(value, dt.date) else value)
        put(out, "calendar", calendar)
        put(out, "statuses", dict(r.statuses.order_by("goal__key").values_list("goal__key", "status")))
        rounds.append(out)
    return {
        "rounds": rounds,
        "assessments": _export_assessments(put),
        "actions": [_decided(a, put) for a in Action.objects.select_related("round", "owner").order_by("key")],
        "knowledge_needs": [
            _decided(n, put) for n in KnowledgeNeed.objects.select_related("round", "owner").order_by("key")
        ],
        "lessons": [_lesson(x, put) for x in Lesson.objects.select_related("round").order_by("round__key", "id")],
    }  # fmt: skip


def _export_assessments(put: Any) -> list[dict[str, Any]]:
    out = []
    for a in Assessment.objects.select_related("goal", "author", "round").order_by(
        "goal__key", "year", "round__key", "version", "created_at", "id"
    ):
        item: dict[str, Any] = {"goal": a.goal.key, "year": a.year}
        if a.round is not None:
            item.update(round=a.round.key, version=a.version, state=a.state)
        put(item, "rating", a.rating)
        item["text"] = a.text
        for f in STORY:
            put(item, f, getattr(a, f))
        put(item, "author", a.author_name or (a.author.get_username() if a.author else ""))
        if a.round is not None:
            item["written"] = a.created_at.isoformat()
            put(item, "published_at", a.published_at.isoformat() if a.published_at else None)
        out.append(item)
    return out


def _decided(d: Action | KnowledgeNeed, put: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.key, "round": d.round.key}
    if isinstance(d, Action):
        out["title"] = d.title
        put(out, "description", d.description)
    else:
        out.update(kind=d.kind, question=d.question)
        put(out, "result", d.result)
    put(out, "goals", sorted(g.key for g in d.goals.all()))
    put(out, "owner", d.owner.get_username() if d.owner else None)
    put(out, "owner_name", d.owner_name)
    put(out, "due_date", d.due_date.isoformat() if d.due_date else None)
    out["status"] = d.status
    put(out, "note", d.note)
    return out


def _lesson(lesson: Lesson, put: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"round": lesson.round.key, "part": lesson.part, "text": lesson.text}
    put(out, "author", lesson.author_name)
    return out

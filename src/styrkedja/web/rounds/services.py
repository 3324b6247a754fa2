"""Writes of the yearly cycle: one transaction each, every change audited (`core.audit`).

A refused write raises `RoundError` naming the field and what was expected, before anything is
stored (or inside the transaction, which then rolls back): the database stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.analytics.rollup import worst_status

from ..core import audit
from ..core.models import AuditEntry
from ..followup.models import (
    Action,
    Assessment,
    EvaluationResult,
    EvaluationRun,
    KnowledgeNeed,
    Lesson,
    Round,
    RoundStatus,
)
from ..strategies.models import Goal, Strategy


@dataclass
class RoundError(Exception):
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _who(user: Any) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return str(user.get_full_name() or user.get_username())


def strategy_goals(strategy: Strategy) -> list[Goal]:
    """The goals a round of `strategy` covers: its own, its sub-strategies' and their initiatives'."""
    keys = {strategy.pk}
    frontier = {strategy.pk}
    while frontier:
        frontier = set(Strategy.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - keys
        keys |= frontier
    return list(
        Goal.objects.filter(Q(strategy_id__in=keys) | Q(initiative__strategy_id__in=keys)).order_by("position", "key")
    )


@transaction.atomic
def create_round(strategy: Strategy, year: int, user: Any, *, key: str = "", name: str = "",
                 **calendar: dt.date | str | None) -> Round:  # fmt: skip
    if not 1990 <= year <= 2100:
        raise RoundError("year", f"expected a year between 1990 and 2100, got {year}")
    if Round.objects.filter(strategy=strategy, year=year).exists():
        raise RoundError("year", f"{strategy.key} already has a round for {year}")
    key = key or f"{strategy.key}-{year}"[:80]
    if Round.objects.filter(key=key).exists():
        raise RoundError("key", f"the key {key!r} is taken")
    fields: dict[str, Any] = {"strategy": strategy, "year": year, "name": name or f"Uppföljning {year}", **calendar}
    result: Round = audit.upsert(Round, {"key": key}, fields, user)
    return result


def goal_statuses(run: EvaluationRun, goals: Sequence[Goal]) -> dict[int, tuple[str, int]]:
    """Each goal's status in `run`: the worst of its results (targets or trend), and how many there were."""
    by_goal: dict[int, list[str]] = {g.pk: [] for g in goals}
    for goal_id, status in EvaluationResult.objects.filter(run=run, goal_id__in=list(by_goal)).values_list(
        "goal_id", "status"
    ):
        by_goal[goal_id].append(status)
    return {g: (worst_status(s), len(s)) for g, s in by_goal.items()}


@transaction.atomic
def freeze_round(round_: Round, run: EvaluationRun, user: Any) -> int:
    """Tie an open round to an evaluation run; its goals' statuses in that run become the round's."""
    if round_.published:
        raise RoundError("round", f"{round_.key} is published; its figures are frozen")
    if run.finished_at is None:
        raise RoundError("run", f"evaluation run #{run.pk} did not finish")
    goals = strategy_goals(round_.strategy)
    statuses = goal_statuses(run, goals)
    RoundStatus.objects.filter(round=round_).delete()
    RoundStatus.objects.bulk_create(
        RoundStatus(round=round_, goal_id=g, status=s, results=n) for g, (s, n) in statuses.items()
    )
    audit.upsert(Round, {"key": round_.key}, {"run": run, "as_of": run.as_of}, user)
    audit.record(user, "freeze", "followup.Round", round_.key, {"run": [None, run.pk], "goals": [None, len(goals)]})
    round_.refresh_from_db()
    return len(statuses)


ASSESSMENT_TEXTS = ("text", "reason", "why", "what_works", "partners")


def _clean_assessment(round_: Round, goal: Goal, data: dict[str, Any]) -> dict[str, Any]:
    fields = {f: str(data.get(f, "") or "").strip() for f in ASSESSMENT_TEXTS}
    fields["judgement"] = str(data.get("judgement", "") or "")
    fields["evidence"] = str(data.get("evidence", "") or "")
    if not fields["text"]:
        raise RoundError("text", "write the assessment")
    if fields["judgement"] not in {j for j, _label in Assessment.JUDGEMENTS}:
        raise RoundError(
            "judgement", f"expected one of on_track, at_risk, off_track or empty, got {fields['judgement']!r}"
        )
    if fields["evidence"] not in {e for e, _label in Assessment.EVIDENCE}:
        raise RoundError("evidence", f"unknown evidence class {fields['evidence']!r}")
    computed = RoundStatus.objects.filter(round=round_, goal=goal).values_list("status", flat=True).first()
    if fields["judgement"] and fields["judgement"] != computed and not fields["reason"]:
        raise RoundError("reason", "say why your status differs from the computed one")
    return fields


def current_assessment(round_: Round, goal: Goal) -> Assessment | None:
    """The round's newest version for the goal (a draft or the published one not yet corrected)."""
    return (
        Assessment.objects.filter(round=round_, goal=goal, superseded_by__isnull=True)
        .order_by("-version", "-id")
        .first()
    )


class StaleAssessment(RoundError):
    """Someone saved the assessment after this form was opened: nothing was saved (409)."""


_EDITED = ("text", "rating", "judgement", "reason", "why", "what_works", "partners", "evidence", "state", "author_name")


def edit_token(current: Assessment | None) -> str:
    """What the form was opened at: the current assessment's id, version and content (drafts are edited in
    place, so their version number alone does not change)."""
    if current is None:
        return "none"
    content = "\x1f".join([str(current.pk), str(current.version), *(str(getattr(current, f)) for f in _EDITED)])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]


def _check_opened(round_: Round, goal: Goal, opened: str | None) -> Assessment | None:
    """The current assessment, locked; StaleAssessment when it changed since the form was opened."""
    statuses = RoundStatus.objects.select_for_update().filter(round=round_, goal=goal)
    if not statuses.exists():  # the lock serialises two saves of one goal's assessment
        raise RoundError("goal", f"{goal.key} is not part of {round_.key}")
    current = current_assessment(round_, goal)
    if opened is not None and opened != edit_token(current):
        assert current is not None  # a form opened on nothing only goes stale once something is saved
        message = _("%(who)s saved this assessment at %(when)s, after you opened the form; your changes were not "
                    "saved. Their version is in the form now; add your changes to it and save again.")  # fmt: skip
        last = AuditEntry.objects.filter(model="followup.Assessment", object_key=f"{round_.key}/{goal.key}").first()
        when = timezone.localtime(last.at if last else current.created_at).strftime("%Y-%m-%d %H:%M")
        raise StaleAssessment("opened", message % {"who": current.author_name or "–", "when": when})
    return current


@transaction.atomic
def save_assessment(round_: Round, goal: Goal, data: dict[str, Any], user: Any) -> Assessment:
    """Write the analyst's assessment. In an open round it is a draft (edited in place until the round is
    published); in a published round it is a correction: a new published version superseding the old.

    `data["opened"]` (from the form) is the `edit_token` the form was opened at: a save from a form
    opened before someone else's save is refused (StaleAssessment) and changes nothing."""
    current = _check_opened(round_, goal, data.get("opened"))
    fields = _clean_assessment(round_, goal, data)
    now = timezone.now()
    signed = {"author": user if getattr(user, "pk", None) else None, "author_name": _who(user)}
    if current is not None and current.state == Assessment.DRAFT:
        changes = {k: [getattr(current, k), v] for k, v in fields.items() if getattr(current, k) != v}
        for k, v in {**fields, **signed}.items():
            setattr(current, k, v)
        current.save()
        audit.record(user, "update", "followup.Assessment", f"{round_.key}/{goal.key}", changes, "draft")
        return current
    published = round_.published
    new = Assessment.objects.create(
        goal=goal, round=round_, year=round_.year, **fields, **signed,
        state=Assessment.PUBLISHED if published else Assessment.DRAFT,
        published_at=now if published else None,
        version=(current.version + 1) if current else 1, supersedes=current,
    )  # fmt: skip
    action = "correct" if current else "create"
    audit.record(user, action, "followup.Assessment", f"{round_.key}/{goal.key}",
                 {k: [None, v] for k, v in fields.items() if v}, f"version {new.version}")  # fmt: skip
    return new


@transaction.atomic
def publish_round(round_: Round, user: Any) -> int:
    """Publish the round and its draft assessments (read-only from now on). Returns how many were drafts."""
    if round_.published:
        raise RoundError("round", f"{round_.key} is already published")
    if round_.run_id is None:
        raise RoundError("run", f"{round_.key} has no evaluation run: freeze it first")
    now = timezone.now()
    drafts = list(Assessment.objects.filter(round=round_, state=Assessment.DRAFT))
    Assessment.objects.filter(pk__in=[a.pk for a in drafts]).update(state=Assessment.PUBLISHED, published_at=now)
    audit.upsert(Round, {"key": round_.key}, {"state": "published", "published_at": now}, user)
    audit.record(user, "publish", "followup.Round", round_.key, {"assessments": [None, len(drafts)]})
    round_.refresh_from_db()
    return len(drafts)


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise RoundError(field, f"expected a date YYYY-MM-DD, got {value!r}") from exc


def _goals(round_: Round, keys: Iterable[str]) -> list[Goal]:
    keys = [k for k in keys if k]
    allowed = {g.key: g for g in strategy_goals(round_.strategy)}
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise RoundError("goals", f"not goals of {round_.strategy.key}: {', '.join(unknown)}")
    return [allowed[k] for k in keys]


def _decided_fields(model: type[Action] | type[KnowledgeNeed], data: dict[str, Any]) -> dict[str, Any]:
    status = str(data.get("status", "") or model._meta.get_field("status").default)
    if status not in {s for s, _label in model.STATUSES}:
        raise RoundError("status", f"expected one of {', '.join(s for s, _l in model.STATUSES)}, got {status!r}")
    return {
        "status": status,
        "due_date": _date(data.get("due_date"), "due_date"),
        "note": str(data.get("note", "") or "").strip(),
        "owner": data.get("owner"),
        "owner_name": str(data.get("owner_name", "") or "").strip(),
    }


def _next_key(model: type[Action] | type[KnowledgeNeed], round_: Round, prefix: str) -> str:
    n = model.objects.filter(round=round_).count() + 1
    while model.objects.filter(key=f"{round_.key}-{prefix}{n}"[:80]).exists():
        n += 1
    return f"{round_.key}-{prefix}{n}"[:80]


@transaction.atomic
def save_action(round_: Round, data: dict[str, Any], goal_keys: Iterable[str], user: Any, key: str = "") -> Action:
    """Record (or, with `key`, update) an action decided from the round."""
    title = str(data.get("title", "") or "").strip()
    if not title:
        raise RoundError("title", "say what is to be done")
    fields = {"round": round_, "title": title, "description": str(data.get("description", "") or "").strip(),
              **_decided_fields(Action, data)}  # fmt: skip
    goals = _goals(round_, goal_keys)
    action: Action = audit.upsert(Action, {"key": key or _next_key(Action, round_, "a")}, fields, user)
    audit.set_m2m(action, "goals", goals, user)
    return action


@transaction.atomic
def save_knowledge_need(round_: Round, data: dict[str, Any], goal_keys: Iterable[str], user: Any,
                        key: str = "") -> KnowledgeNeed:  # fmt: skip
    """Record (or update) a knowledge need: its question, kind, goals, owner, status and result."""
    question = str(data.get("question", "") or "").strip()
    kind = str(data.get("kind", "") or "")
    if not question:
        raise RoundError("question", "state the question to be answered")
    if kind not in {k for k, _label in KnowledgeNeed.KINDS}:
        raise RoundError("kind", f"expected analysis, prestudy or exante, got {kind!r}")
    fields = {"round": round_, "question": question, "kind": kind,
              "result": str(data.get("result", "") or "").strip(), **_decided_fields(KnowledgeNeed, data)}  # fmt: skip
    goals = _goals(round_, goal_keys)
    need: KnowledgeNeed = audit.upsert(
        KnowledgeNeed, {"key": key or _next_key(KnowledgeNeed, round_, "k")}, fields, user
    )
    audit.set_m2m(need, "goals", goals, user)
    return need


@transaction.atomic
def add_lesson(round_: Round, part: str, text: str, user: Any) -> Lesson:
    text = text.strip()
    if part not in {p for p, _label in Lesson.PARTS}:
        raise RoundError("part", f"expected rus, sub_strategy, initiatives or followup, got {part!r}")
    if not text:
        raise RoundError("text", "write what was learnt")
    lesson = Lesson.objects.create(round=round_, part=part, text=text, author_name=_who(user))
    audit.record(
        user, "create", "followup.Lesson", f"{round_.key}/{lesson.pk}", {"part": [None, part], "text": [None, text]}
    )
    return lesson

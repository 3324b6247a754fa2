"""The yearly cycle in the read-only API: rounds with their goal statuses, assessments, actions and
knowledge needs. The same visibility as the pages (`dashboards.cycle`): analysts see open rounds and
draft assessments; everyone else published rounds of visible strategies and published assessments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from ..dashboards import cycle as rq
from ..followup.models import Action, Assessment, KnowledgeNeed, Round

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000  # `page_size` asks for more per page, up to this
router = Router(tags=["follow-up rounds"])


class RoundStatusOut(Schema):
    goal: str
    status: str


class RoundOut(Schema):
    key: str
    strategy: str
    year: int
    name: str
    state: str
    as_of: str | None
    evaluation_run: int | None
    published_at: str | None


class RoundDetailOut(RoundOut):
    statuses: list[RoundStatusOut]


class AssessmentOut(Schema):
    round: str | None
    goal: str
    year: int
    version: int
    state: str
    text: str
    judgement: str
    reason: str
    why: str
    what_works: str
    partners: str
    evidence: str
    author: str
    written: str
    published_at: str | None
    supersedes_version: int | None


class DecidedOut(Schema):
    key: str
    round: str
    goals: list[str]
    owner: str
    due_date: str | None
    status: str
    note: str


class ActionOut(DecidedOut):
    title: str
    description: str


class KnowledgeNeedOut(DecidedOut):
    kind: str
    question: str
    result: str


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _round_out(r: Round) -> dict[str, Any]:
    return {"key": r.key, "strategy": r.strategy.key, "year": r.year, "name": r.name, "state": r.state,
            "as_of": _iso(r.as_of), "evaluation_run": r.run_id, "published_at": _iso(r.published_at)}  # fmt: skip


@router.get("/rounds", response=list[RoundOut])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def rounds(request: HttpRequest, strategy: str | None = None) -> Any:
    """Follow-up rounds, newest first; each froze one evaluation run (its as-of date) as its figures."""
    qs = rq.visible_rounds(request.user).order_by("strategy__position", "-year")
    if strategy:
        qs = qs.filter(strategy__key=strategy)
    return [_round_out(r) for r in qs]


@router.get("/rounds/{key}", response=RoundDetailOut)
def round_detail(request: HttpRequest, key: str) -> Any:
    """A round with every goal's status in it (the worst status of the goal's targets in the round's run)."""
    r = get_object_or_404(rq.visible_rounds(request.user), key=key)
    statuses = [
        {"goal": k, "status": s} for k, s in r.statuses.order_by("goal__key").values_list("goal__key", "status")
    ]
    return {**_round_out(r), "statuses": statuses}


def _round_ids(request: HttpRequest, round_key: str | None) -> list[int]:
    qs = rq.visible_rounds(request.user)
    if round_key:
        qs = qs.filter(key=round_key)
    return list(qs.values_list("id", flat=True))


@router.get("/assessments", response=list[AssessmentOut])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def assessments(request: HttpRequest, round: str | None = None, goal: str | None = None) -> Any:
    """Analysts' assessments per goal and round, every version (a correction supersedes an earlier version)."""
    qs = (
        rq.visible_assessments(request.user)
        .filter(round_id__in=_round_ids(request, round))
        .select_related("supersedes")
    )
    if goal:
        qs = qs.filter(goal__key=goal)
    return [_assessment_out(a) for a in qs.order_by("round__year", "goal__key", "version", "id")]


def _assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "round": a.round.key if a.round else None, "goal": a.goal.key, "year": a.year, "version": a.version,
        "state": a.state, "text": a.text, "judgement": a.judgement, "reason": a.reason, "why": a.why,
        "what_works": a.what_works, "partners": a.partners, "evidence": a.evidence, "author": a.author_name,
        "written": a.created_at.isoformat(), "published_at": _iso(a.published_at),
        "supersedes_version": a.supersedes.version if a.supersedes else None,
    }  # fmt: skip


def _decided_out(d: Action | KnowledgeNeed) -> dict[str, Any]:
    return {"key": d.key, "round": d.round.key, "goals": sorted(g.key for g in d.goals.all()),
            "owner": d.owner_label(), "due_date": _iso(d.due_date), "status": d.status, "note": d.note}  # fmt: skip


@router.get("/actions", response=list[ActionOut])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def actions(request: HttpRequest, round: str | None = None, goal: str | None = None) -> Any:
    """Actions (åtgärder) decided from the rounds."""
    qs = rq.actions_for(_round_ids(request, round))
    if goal:
        qs = qs.filter(goals__key=goal)
    return [{**_decided_out(a), "title": a.title, "description": a.description} for a in qs.order_by("key")]


@router.get("/knowledge-needs", response=list[KnowledgeNeedOut])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def knowledge_needs(request: HttpRequest, round: str | None = None, goal: str | None = None) -> Any:
    """Knowledge needs (kunskapsbehov): deepening analyses, pre-studies and ex-ante evaluations."""
    qs = rq.knowledge_needs_for(_round_ids(request, round))
    if goal:
        qs = qs.filter(goals__key=goal)
    return [{**_decided_out(n), "kind": n.kind, "question": n.question, "result": n.result} for n in qs.order_by("key")]

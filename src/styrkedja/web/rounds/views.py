"""Pages of the yearly cycle: rounds, a round's workspace, the assessment form, actions per owner.

Views parse the request, call a service or a query and render. Reading follows the pages' guard
(`_guard`) and `queries.visible_rounds`; every write is for analysts only and is refused (403)
before anything is read from the form, so a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..core.permissions import is_analyst
from ..dashboards import cycle as rq
from ..dashboards.queries import latest_run
from ..dashboards.views.common import _guard
from ..followup.models import Action, Assessment, EvaluationRun, KnowledgeNeed, Lesson, Round
from ..strategies.models import Strategy
from . import services
from .agenda import agenda_docx
from .calendar import round_calendar


def analyst_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to log in; signed-in users without the analyst role get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_analyst(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _round(request: HttpRequest, key: str) -> Round:
    return get_object_or_404(rq.visible_rounds(request.user), key=key)


def _error(request: HttpRequest, exc: services.RoundError) -> None:
    messages.error(request, _("Not saved: %(field)s – %(message)s") % {"field": exc.field, "message": exc.message})


def round_list(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    context = {
        "rounds": list(rq.visible_rounds(request.user).order_by("strategy__position", "-year")),
        "can_write": is_analyst(request.user),
        "strategies": list(Strategy.objects.all()) if is_analyst(request.user) else [],
    }
    return render(request, "rounds/list.html", context)


@require_POST
@analyst_only
def round_create(request: HttpRequest) -> HttpResponse:
    strategy = get_object_or_404(Strategy, key=request.POST.get("strategy", ""))
    try:
        year = int(request.POST.get("year", ""))
        round_ = services.create_round(strategy, year, request.user, name=request.POST.get("name", "").strip())
    except ValueError:
        messages.error(request, _("Give the round's year."))
        return redirect("rounds:list")
    except services.RoundError as exc:
        _error(request, exc)
        return redirect("rounds:list")
    return redirect("rounds:detail", key=round_.key)


def round_detail(request: HttpRequest, key: str) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    round_ = _round(request, key)
    analyst = is_analyst(request.user)
    statuses = list(
        round_.statuses.select_related("goal__strategy", "goal__initiative").order_by("goal__position", "goal__key")
    )
    history = rq.status_history([s.goal_id for s in statuses], rq.visible_rounds(request.user))
    assessments = {
        a.goal_id: a for a in rq.visible_assessments(request.user).filter(round=round_, superseded_by__isnull=True)
    }
    rows = []
    for s in statuses:
        earlier = [h for h in history.get(s.goal_id, []) if h.round.year < round_.year]
        rows.append(
            {"status": s, "previous": earlier[-1] if earlier else None, "assessment": assessments.get(s.goal_id)}
        )
    context = {
        "round": round_,
        "rows": rows,
        "can_write": analyst,
        "needs_action": rq.needs_action(round_, request.user),
        "actions": list(rq.actions_for([round_.pk])),
        "needs": list(rq.knowledge_needs_for([round_.pk])),
        "lessons": list(round_.lessons.all()),
        "calendar": round_calendar(round_),
        "latest_run": latest_run() if analyst else None,
        "users": list(get_user_model().objects.filter(is_active=True).order_by("username")) if analyst else [],
        "action_statuses": Action.STATUSES,
        "need_statuses": KnowledgeNeed.STATUSES,
        "need_kinds": KnowledgeNeed.KINDS,
        "lesson_parts": Lesson.PARTS,
        "goals": [s.goal for s in statuses],
    }
    return render(request, "rounds/detail.html", context)


@require_POST
@analyst_only
def round_freeze(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _round(request, key)
    run = get_object_or_404(EvaluationRun, pk=request.POST.get("run") or 0)
    try:
        n = services.freeze_round(round_, run, request.user)
        messages.success(request, _("The round now holds the statuses of %(n)s goals.") % {"n": n})
    except services.RoundError as exc:
        _error(request, exc)
    return redirect("rounds:detail", key=key)


@require_POST
@analyst_only
def round_publish(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _round(request, key)
    try:
        services.publish_round(round_, request.user)
        messages.success(request, _("The round is published."))
    except services.RoundError as exc:
        _error(request, exc)
    return redirect("rounds:detail", key=key)


@analyst_only
def assess(request: HttpRequest, key: str, goal: str) -> HttpResponse:
    """The assessment form (analysts): the computed status, the earlier versions, and the story behind the curve."""
    round_ = _round(request, key)
    status = get_object_or_404(round_.statuses.select_related("goal"), goal__key=goal)
    stale: dict[str, Any] = {}
    if request.method == "POST":
        try:
            services.save_assessment(round_, status.goal, request.POST.dict(), request.user)
        except services.StaleAssessment as exc:
            # 409: the other person's version goes into the form; what this user wrote is shown beside it
            stale = {"stale": exc.message, "yours": request.POST.get("text", "")}
        except services.RoundError as exc:
            _error(request, exc)
            return redirect("rounds:assess", key=key, goal=goal)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect(f"{redirect('rounds:detail', key=key).url}#goal-{goal}")
    current = services.current_assessment(round_, status.goal)
    versions = list(Assessment.objects.filter(round=round_, goal=status.goal).order_by("-version", "-id"))
    context = {"round": round_, "status": status, "current": current, "versions": versions,
               "opened": services.edit_token(current), **stale,
               "judgements": Assessment.JUDGEMENTS, "evidence": Assessment.EVIDENCE}  # fmt: skip
    return render(request, "rounds/assess.html", context, status=409 if stale else 200)


def _goal_keys(request: HttpRequest) -> list[str]:
    return [k for k in request.POST.getlist("goals") if k]


def _owner(request: HttpRequest) -> dict[str, Any]:
    user_id = request.POST.get("owner", "")
    owner = get_user_model().objects.filter(pk=user_id).first() if user_id.isdigit() else None
    return {"owner": owner, "owner_name": request.POST.get("owner_name", "")}


@require_POST
@analyst_only
def action_save(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _round(request, key)
    existing = request.POST.get("key", "")
    if existing and not Action.objects.filter(round=round_, key=existing).exists():
        raise Http404
    try:
        services.save_action(
            round_, {**request.POST.dict(), **_owner(request)}, _goal_keys(request), request.user, existing
        )
        messages.success(request, _("Action saved."))
    except services.RoundError as exc:
        _error(request, exc)
    return redirect(f"{redirect('rounds:detail', key=key).url}#actions")


@require_POST
@analyst_only
def need_save(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _round(request, key)
    existing = request.POST.get("key", "")
    if existing and not KnowledgeNeed.objects.filter(round=round_, key=existing).exists():
        raise Http404
    try:
        services.save_knowledge_need(round_, {**request.POST.dict(), **_owner(request)}, _goal_keys(request),
                                     request.user, existing)  # fmt: skip
        messages.success(request, _("Knowledge need saved."))
    except services.RoundError as exc:
        _error(request, exc)
    return redirect(f"{redirect('rounds:detail', key=key).url}#needs")


@require_POST
@analyst_only
def lesson_add(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _round(request, key)
    try:
        services.add_lesson(round_, request.POST.get("part", ""), request.POST.get("text", ""), request.user)
        messages.success(request, _("Lesson saved."))
    except services.RoundError as exc:
        _error(request, exc)
    return redirect(f"{redirect('rounds:detail', key=key).url}#lessons")


def agenda(request: HttpRequest, key: str) -> HttpResponse:
    """The forum agenda as a Word document: off-track and at-risk goals, proposed actions, knowledge needs."""
    if (denied := _guard(request)) is not None:
        return denied
    round_ = _round(request, key)
    content = agenda_docx(round_, request.user)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="forum-{round_.key}.docx"'
    return response


def actions_by_owner(request: HttpRequest) -> HttpResponse:
    """Every action and knowledge need of the rounds the user sees, grouped by owner."""
    if (denied := _guard(request)) is not None:
        return denied
    rounds = rq.visible_rounds(request.user)
    groups: dict[str, dict[str, list[Any]]] = {}
    for kind, items in (("actions", rq.actions_for(rounds.values_list("id", flat=True))),
                        ("needs", rq.knowledge_needs_for(rounds.values_list("id", flat=True)))):  # fmt: skip
        for item in items:
            groups.setdefault(item.owner_label() or _("no owner"), {"actions": [], "needs": []})[kind].append(item)
    return render(request, "rounds/owners.html", {"groups": sorted(groups.items())})

"""Contribution analyses in the read-only API: the stored synthetic controls (*Utan oss?*) and
difference-in-differences runs (*Effekt*), each with its settings and the engine's result as stored.

Nothing is recomputed here. Visibility follows the pages: a synthetic control is shown with its goal
(`visible_goals`), a difference-in-differences run with its project (`visible_initiatives`); visitors
who see published material only get the published runs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from ..contribution.models import ContributionRun
from ..contribution.publishing import shown_runs
from ..dashboards import queries as q

PAGE_SIZE = 100
router = Router(tags=["contribution analyses"])


class ContributionOut(Schema):
    id: int
    kind: str  # "scm" (synthetic control) or "did" (difference-in-differences)
    goal: str | None
    indicator: str | None
    area: str | None
    project: str | None
    created_at: str
    published_at: str | None  # null: not published (only users with a role see it)
    parameters: dict[str, Any]
    # The headline figures (null when the kind has none): the placebo p-value and the post-period gap
    # for a synthetic control; the difference-in-differences and its clustered standard error for DiD.
    p_value: float | None
    estimate: float | None
    standard_error: float | None


class ContributionDetailOut(ContributionOut):
    result: dict[str, Any]
    inputs: dict[str, Any]


def _visible(request: HttpRequest) -> QuerySet[ContributionRun]:
    user = request.user
    goals = q.visible_goals(user).values("pk")
    projects = q.visible_initiatives(user).values("key")
    scm = Q(kind=ContributionRun.SCM, goal__in=goals)
    did = Q(kind=ContributionRun.DID, project_key__in=projects)
    return shown_runs(ContributionRun.objects.filter(scm | did), user).select_related("goal", "indicator", "area")


def _headline(run: ContributionRun) -> tuple[float | None, float | None, float | None]:
    r = run.result
    if run.kind == ContributionRun.SCM:
        return r.get("p_value"), r.get("mean_post_gap"), None
    reg = r.get("regression") or {}
    return reg.get("p_value"), reg.get("did"), reg.get("se")


def _out(run: ContributionRun) -> dict[str, Any]:
    p_value, estimate, se = _headline(run)
    return {
        "id": run.pk,
        "kind": run.kind,
        "goal": run.goal.key if run.goal_id else None,  # type: ignore[union-attr]
        "indicator": run.indicator.key if run.indicator_id else None,  # type: ignore[union-attr]
        "area": run.area.code if run.area_id else None,  # type: ignore[union-attr]
        "project": run.project_key or None,
        "created_at": run.created_at.isoformat(),
        "published_at": run.published_at.isoformat() if run.published_at else None,
        "parameters": run.parameters,
        "p_value": p_value,
        "estimate": estimate,
        "standard_error": se,
    }


@router.get("/contribution-analyses", response=list[ContributionOut])
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def contribution_analyses(
    request: HttpRequest, kind: str | None = None, goal: str | None = None, project: str | None = None
) -> Any:
    """Stored contribution analyses, newest first: synthetic controls for goals ("without us?") and
    difference-in-differences for projects, with their settings and headline figures. Filter by `kind`
    (scm or did), `goal` or `project` key. For a synthetic control `estimate` is the mean gap after the
    start year and `p_value` the placebo p-value (1 + k)/(J + 1); for a DiD the regression's estimate,
    its cluster-robust standard error and p-value."""
    qs = _visible(request)
    if kind:
        qs = qs.filter(kind=kind)
    if goal:
        qs = qs.filter(goal__key=goal)
    if project:
        qs = qs.filter(project_key=project)
    return [_out(run) for run in qs.order_by("-created_at", "-id")]


@router.get("/contribution-analyses/{run_id}", response=ContributionDetailOut)
def contribution_analysis(request: HttpRequest, run_id: int) -> Any:
    """One stored analysis with everything it showed: `result` is the engine's output as stored
    (synthetic control: years, actual and synthetic series, gap, donor weights, pre/post RMSPE,
    placebos in space and time, leave-one-out band, warnings, the reading in Swedish and English;
    DiD: the 2x2 table, the regression, the event study and pre-trend test), `inputs` the data it used."""
    run = get_object_or_404(_visible(request), pk=run_id)
    return {**_out(run), "result": run.result, "inputs": run.inputs}

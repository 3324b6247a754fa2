"""*Utan oss?* ("Without us?"): a goal's synthetic control, run by analysts, readable by everyone who may read the goal.

The page parses the request, calls the service and renders the stored result; it computes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import MIN_PRE_YEARS
from styrkedja.reports.charts import contribution as contribution_charts

from ..areas.models import Area
from ..core import formatting as fmt
from ..core.guards import refusal
from ..core.permissions import can_read, is_analyst
from ..dashboards import queries as q
from ..indicators.models import Indicator, Observation
from ..strategies.models import Goal
from . import services
from .models import ContributionRun, ScmJob
from .publishing import shown_runs


def _choices(goal: Goal, area: Area) -> dict[str, Any]:
    """Start years that leave enough pre-years and at least one post year; the other areas as donors;
    the other indicators with values for areas of the same level as possible predictors."""
    rows = Observation.objects.filter(
        indicator=goal.indicator, breakdown="T", area__level=area.level, value__isnull=False
    ).values_list("area__code", "area__name", "period")
    years = sorted({int(p) for _, _, p in rows if len(p) == 4 and p.isdigit()})
    donors = sorted({(c, n) for c, n, _ in rows if c != area.code})
    # Other indicators with values for the same kind of area may serve as predictors.
    others = (
        Indicator.objects.filter(observations__area__level=area.level, observations__breakdown="T")
        .exclude(pk=goal.indicator_id or 0)
        .distinct()
        .order_by("name")
    )
    return {
        "years": years[MIN_PRE_YEARS:],
        "donors": donors,
        "covariates": [(i.key, q.indicator_name(i)) for i in others],
    }


def _shown(run: ContributionRun | None, goal: Goal) -> dict[str, Any]:
    if run is None:
        return {}
    result = run.result
    lang = fmt.lang()
    meta = q.meta_for(goal.indicator) if goal.indicator else None
    if meta is None:
        return {}
    decimals = goal.indicator.decimals if goal.indicator else 1
    return {
        "run": run,
        "reading": result["reading"]["en" if lang.startswith("en") else "sv"],
        "paths": contribution_charts.synthetic_paths(result, meta),
        "gaps": contribution_charts.gap_with_placebos(result, meta),
        "weights": [
            (name, fmt.number(100 * w, 1)) for name, w in contribution_charts.donor_table(result) if w >= 0.001
        ],
        "p_value": fmt.number(result["p_value"], 2),
        "pre_rmspe": fmt.number(result["pre_rmspe"], decimals),
        "n_placebos": len(result["placebos"]),
        "in_time": result.get("in_time"),
        "in_time_gap": fmt.number(result["in_time"]["mean_post_gap"], decimals) if result.get("in_time") else "",
        "dropped": [result["names"].get(u, u) for u in (result.get("leave_one_out") or {}).get("dropped", [])],
        "balance": _balance(result, goal, decimals),
    }


def _balance(result: dict[str, Any], goal: Goal, decimals: int) -> list[dict[str, str]]:
    """The predictor variant's table: each predictor by name and years, the area, its synthetic control, V."""
    rows = result.get("predictors") or []
    names = dict(Indicator.objects.filter(key__in=[r["variable"] for r in rows]).values_list("key", "name"))
    outcome = q.indicator_name(goal.indicator) if goal.indicator else ""
    out = []
    for r in rows:
        first, last = r["years"]
        years = str(first) if first == last else f"{first}–{last}"
        name = outcome if r["variable"] == "outcome" else names.get(r["variable"], r["variable"])
        out.append({"name": name, "years": years, "treated": fmt.number(r["treated"], decimals),
                    "synthetic": fmt.number(r["synthetic"], decimals), "v": fmt.number(100 * r["v"], 1)})  # fmt: skip
    return out


def _job_context(request: HttpRequest, goal: Goal) -> dict[str, Any]:
    """Analysts see the goal's synthetic control waiting or running in the background (the page then
    refreshes itself), or why the one they asked for (`?job=`) could not be run."""
    if not is_analyst(request.user):
        return {}
    jobs = ScmJob.objects.filter(goal=goal)
    wanted = request.GET.get("job", "")
    job = jobs.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
    pending = jobs.filter(status__in=(ScmJob.QUEUED, ScmJob.RUNNING)).order_by("created_at", "id").first()
    done = job.run_id if job is not None and job.status == ScmJob.DONE else None
    return {"job": job if job is not None and job.status == ScmJob.FAILED else pending, "job_run": done}


def _run(request: HttpRequest, goal: Goal, area: Area, context: dict[str, Any]) -> HttpResponse | None:
    """Run (outcome only, quick) or queue (with predictors, about a minute) the posted synthetic control;
    a redirect to the result or the waiting job, or None with the error in `context`."""
    if not is_analyst(request.user):
        raise PermissionDenied
    donors = request.POST.getlist("donors")
    predictors = request.POST.getlist("predictors") if request.POST.get("method") == "predictors" else None
    context["chosen_start"] = request.POST.get("start_year")
    context["chosen_donors"] = set(donors)
    context["chosen_method"] = "predictors" if predictors is not None else "outcome"
    context["chosen_predictors"] = set(predictors or [])
    page = reverse("contribution:without_us", args=[goal.key])
    try:
        start = int(request.POST.get("start_year", ""))
    except ValueError:
        context["error"] = ContributionInputError("start_year", "expected a year")
        return None
    try:
        if predictors is not None:
            job = services.queue_scm(goal, area.code, start, donors, predictors, request.user)
            return redirect(f"{page}?job={job.pk}")
        assert goal.indicator is not None  # the page offers the form only for a goal with an indicator
        run = services.run_scm(goal.indicator.key, area.code, start, donors, goal=goal, user=request.user)
    except ContributionInputError as error:
        context["error"] = error
        return None
    return redirect(f"{page}?run={run.pk}")


def without_us(request: HttpRequest, key: str) -> HttpResponse:
    if (denied := refusal(request, can_read)) is not None:
        return denied
    goal = get_object_or_404(q.visible_goals(request.user).select_related("indicator", "area"), key=key)
    area = goal.measured_area()
    context: dict[str, Any] = {"goal": goal, "area": area, "can_run": is_analyst(request.user)}
    if area is None or goal.indicator is None:
        return render(request, "contribution/without_us.html", context)
    context.update(_choices(goal, area))
    if request.method == "POST" and (done := _run(request, goal, area, context)) is not None:
        return done
    status = 400 if "error" in context else 200
    context.update(_job_context(request, goal))
    runs = shown_runs(ContributionRun.objects.filter(goal=goal, kind=ContributionRun.SCM), request.user)
    wanted = request.GET.get("run", "") or str(context.get("job_run") or "")
    shown = runs.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else runs.first()
    context.update(_shown(shown, goal))
    all_donors = {c for c, _ in context["donors"]}
    context.setdefault("chosen_donors", set(shown.parameters["donors"]) if shown else all_donors)
    context.setdefault("chosen_start", str(shown.parameters["start_year"]) if shown else "")
    context.setdefault("chosen_method", shown.parameters.get("method", "outcome") if shown else "outcome")
    used = [p["variable"] for p in (shown.parameters.get("predictors") or [])] if shown else []
    context.setdefault("chosen_predictors", set(used))
    response = render(request, "contribution/without_us.html", context, status=status)
    if context.get("job_run") and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the waiting line's poll: the run is done, show the whole page
    return response

"""*Effekt*: a project's difference-in-differences, uploaded by analysts, readable by everyone who reads the project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.reports.charts import Meta
from styrkedja.reports.charts import contribution as contribution_charts

from ..core import formatting as fmt
from ..core.guards import refusal
from ..core.permissions import can_read, is_analyst
from ..dashboards import queries as q
from ..projects.models import Initiative
from . import services
from .models import ContributionRun
from .publishing import shown_runs

MAX_UPLOAD = 5 * 1024 * 1024


def _shown(run: ContributionRun | None, initiative: Initiative) -> dict[str, Any]:
    if run is None:
        return {}
    result = run.result
    table = result["two_by_two"]
    reg = result["regression"]

    def est(e: dict[str, float]) -> dict[str, str]:
        return {"value": fmt.number(e["value"], 2), "se": fmt.number(e["se"], 2)}

    group = (run.parameters.get("comparison") or {}).get("group")
    rows = [
        (
            _("Comparison group: %(group)s") % {"group": group} if group else _("Comparison group"),
            *(est(table["comparison"][k]) for k in ("before", "after", "change")),
        ),
        (_("Project"), *(est(table["treated"][k]) for k in ("before", "after", "change"))),
    ]
    shown: dict[str, Any] = {
        "run": run,
        "rows": rows,
        "difference": est(table["did"]),
        "regression": {k: fmt.number(reg[k], 2) for k in ("did", "se", "ci_low", "ci_high", "p_value")},
        "units": result["units"],
    }
    study = result.get("event_study")
    if study:
        meta = Meta(
            title=_("Effect per period"), source=_("project reports"), processed_by=None, lang=fmt.lang(), decimals=2
        )
        shown["chart"] = contribution_charts.event_study(result, meta)
        shown["pretrend"] = fmt.number(study["pretrend_p_value"], 2) if study["pretrend_p_value"] is not None else None
    return shown


def project_effect(request: HttpRequest, key: str) -> HttpResponse:
    if (denied := refusal(request, can_read)) is not None:
        return denied
    # A project of an unpublished strategy is not there for visitors (as on the project page and the API).
    initiative = get_object_or_404(q.visible_initiatives(request.user), key=key)
    context: dict[str, Any] = {
        "initiative": initiative,
        "can_run": is_analyst(request.user),
        "planned": services.planned_comparison(initiative.key),
        "chosen_start": request.POST.get("start") or (initiative.start_date.year if initiative.start_date else ""),
    }
    status = 200
    if request.method == "POST":
        if not is_analyst(request.user):
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None or (upload.size or 0) > MAX_UPLOAD:
                raise ContributionInputError("file", "expected a CSV file of at most 5 MB")
            start = request.POST.get("start", "")
            if not start.isdigit():
                raise ContributionInputError("start", "expected a year or period number")
            text = upload.read().decode("utf-8-sig")
            run = services.run_did_text(initiative.key, upload.name or "upload.csv", text, int(start), request.user)
        except (ContributionInputError, UnicodeDecodeError) as error:
            context["error"] = (
                error
                if isinstance(error, ContributionInputError)
                else ContributionInputError("file", "expected UTF-8 text")
            )
            status = 400
        else:
            return redirect(reverse("contribution:project_effect", args=[initiative.key]) + f"?run={run.pk}")
    runs = shown_runs(
        ContributionRun.objects.filter(kind=ContributionRun.DID, project_key=initiative.key), request.user
    )
    wanted = request.GET.get("run", "")
    context.update(_shown(runs.filter(pk=int(wanted)).first() if wanted.isdigit() else runs.first(), initiative))
    return render(request, "contribution/effect.html", context, status=status)

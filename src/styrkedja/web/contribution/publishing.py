"""Publishing a stored contribution analysis: analysts decide which runs reach the public.

Published runs are what visitors who see published material only (anonymous readers) get on the pages
and in the API, and what the public edition of the yearly report shows; everyone with a role sees every
run, told which are not published."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..core.guards import require
from ..core.permissions import is_analyst, sees_unpublished
from . import services
from .models import ContributionRun


def shown_runs(runs: QuerySet[ContributionRun], user: Any) -> QuerySet[ContributionRun]:
    """The runs `user` may see: all for users with a role, the published ones for everyone else."""
    return runs if sees_unpublished(user) else runs.filter(published_at__isnull=False)


def run_page(run: ContributionRun) -> str:
    """The page that shows `run`: its goal's *Utan oss?* or its project's *Effekt*."""
    if run.kind == ContributionRun.SCM and run.goal is not None:
        return reverse("contribution:without_us", args=[run.goal.key]) + f"?run={run.pk}"
    return reverse("contribution:project_effect", args=[run.project_key]) + f"?run={run.pk}"


@require_POST
@require(is_analyst)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ContributionRun.objects.select_related("goal"), pk=pk)
    choice = request.POST.get("published", "")
    if choice not in ("0", "1"):
        return HttpResponseBadRequest(_("Expected the field published with 1 (publish) or 0 (withdraw)."))
    services.set_published(run, choice == "1", request.user)
    return redirect(run_page(run))

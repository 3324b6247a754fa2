"""Statistik → Importera: analysts upload a statistics file; the import runs in the background (`worker`).

The upload page only stores the file and queues it (indicators/jobs.py), so the request returns at once.
The job's page shows its status and, once the worker is done, the outcome: how many values were stored,
or why the file was refused (nothing stored).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ...core.guards import require
from ...core.permissions import is_analyst
from ...indicators import jobs
from ...indicators.models import ImportJob, Indicator

RECENT = 20


@require(is_analyst)
def import_upload(request: HttpRequest) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        try:
            job = jobs.queue_upload(request.FILES.get("file"), request.user, request.POST.get("indicator", ""))
        except jobs.UploadRefused as refused:
            error, status = str(refused), refused.status
        else:
            return redirect("dashboards:import_job", pk=job.pk)
    context = {
        "error": error,
        "indicators": Indicator.objects.order_by("name").values_list("key", "name"),
        "jobs": ImportJob.objects.select_related("created_by")[:RECENT],
    }
    return render(request, "dashboards/import_upload.html", context, status=status)


@require(is_analyst)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.select_related("created_by", "batch"), pk=pk)
    return render(request, "dashboards/import_job.html", {"job": job})

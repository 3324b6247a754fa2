"""Project pages: plans, reports and follow-ups. (Placeholder list until the projects module lands.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Initiative


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = Initiative.objects.select_related("strategy").order_by("position", "key")
    return render(request, "projects/list.html", {"initiatives": initiatives})

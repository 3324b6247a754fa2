"""Tiny views of the site itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the web benchmark's baseline: no database, no template, no session."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")

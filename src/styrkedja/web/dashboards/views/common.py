"""What every page shares: the read guard and the goal query."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ...areas.models import Area
from ...core.guards import refusal
from ...core.permissions import can_read
from ...strategies.models import Goal, Strategy
from .. import queries as q


def _goal_queryset():  # type: ignore[no-untyped-def]
    return Goal.objects.select_related("indicator").prefetch_related("targets", "contributes_to", "activities")


def _guard(request: HttpRequest) -> HttpResponse | None:
    """None when the user may read; else a login redirect (anonymous) or 403 (core.guards)."""
    return refusal(request, can_read)


def _region(request: HttpRequest) -> Area | None:
    """The region the pages compare: the first visible RUS strategy's area."""
    s = (
        q.visible_strategies(request.user).filter(level=Strategy.RUS).first()
        or q.visible_strategies(request.user).first()
    )
    return s.area if s else None

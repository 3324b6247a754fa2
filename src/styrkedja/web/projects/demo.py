"""The demo's project plans: Sydostleden and Destination Småland from the seed, marked illustrative."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..core import audit
from .models import Initiative, Plan, Report
from .services import ensure_rounds, rounds_for

DEMO_INITIATIVES = ("sydostleden", "destination-smaland")
DEMO_OWNER = "projektagare"  # the demo's project owner (core.demo_users) owns Sydostleden
# The demo's periods (2019–2021) are illustrative and long past: dated from them, every report would be
# years overdue. The rounds keep their kinds, years and spacing, moved so that the first one fell due
# this many days before the day the demo is built; the watch list then shows a realistic picture.
DEMO_FIRST_DUE_DAYS_AGO = 12


@transaction.atomic
def ensure_demo_plans(user: Any = None, today: dt.date | None = None) -> list[str]:
    """Plans (draft, illustrative) and reporting rounds for the demo initiatives; idempotent.

    The seed gives the plan template and the goals, not participant data: no report values are
    invented, and every report of these initiatives is marked illustrative.
    """
    done = []
    for key in DEMO_INITIATIVES:
        initiative = Initiative.objects.filter(key=key).first()
        if initiative is None:
            continue
        plan, created = Plan.objects.get_or_create(initiative=initiative, defaults={"illustrative": True})
        if created:
            audit.record(user, "create", "projects.Plan", key, {"illustrative": [None, True]}, "illustrative plan")
        elif not plan.illustrative:
            audit.upsert(Plan, {"initiative": initiative}, {"illustrative": True}, user)
        for report in ensure_rounds(initiative, user):
            if not report.illustrative:
                audit.upsert(type(report), {"pk": report.pk}, {"illustrative": True}, user)
        _date_from_today(initiative, today or timezone.localdate(), user)
        owner = User.objects.filter(username=DEMO_OWNER).first()
        if key == "sydostleden" and owner is not None and not initiative.owners.filter(pk=owner.pk).exists():
            audit.set_m2m(initiative, "owners", [*initiative.owners.all(), owner], user)
        done.append(key)
    return done


def _date_from_today(initiative: Initiative, today: dt.date, user: Any) -> None:
    """Move the open illustrative rounds so the first fell due DEMO_FIRST_DUE_DAYS_AGO days ago (idempotent)."""
    schedule = rounds_for(initiative.start_date, initiative.end_date)
    if not schedule:
        return
    shift = today - dt.timedelta(days=DEMO_FIRST_DUE_DAYS_AGO) - min(r.due for r in schedule)
    for r in schedule:
        report = Report.objects.filter(initiative=initiative, kind=r.kind, period=r.period, illustrative=True).first()
        if report is not None and report.editable and report.due_date != r.due + shift:
            audit.upsert(Report, {"pk": report.pk}, {"due_date": r.due + shift}, user)

"""The demo's project plans: Sydostleden and Destination Småland from the seed, marked illustrative."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from ..core import audit
from .models import Initiative, Plan
from .services import ensure_rounds

DEMO_INITIATIVES = ("sydostleden", "destination-smaland")
DEMO_OWNER = "projektagare"  # the demo's project owner (core.demo_users) owns Sydostleden


@transaction.atomic
def ensure_demo_plans(user: Any = None) -> list[str]:
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
        owner = User.objects.filter(username=DEMO_OWNER).first()
        if key == "sydostleden" and owner is not None and not initiative.owners.filter(pk=owner.pk).exists():
            audit.set_m2m(initiative, "owners", [*initiative.owners.all(), owner], user)
        done.append(key)
    return done

"""The round's calendar: data fetched -> evaluated -> assessments -> forum -> report -> published,
with dates and who is due; and what `styrkedja remind` reminds of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..followup.models import Action, Assessment, Round


@dataclass
class Step:
    name: str
    date: dt.date | None
    who: str
    done: bool


def missing_assessments(round_: Round) -> int:
    """Goals of the round without any assessment yet (draft or published)."""
    assessed = Assessment.objects.filter(round=round_).values_list("goal_id", flat=True)
    return round_.statuses.exclude(goal_id__in=assessed).count()


def round_calendar(round_: Round) -> list[Step]:
    run = round_.run
    evaluated = run.finished_at.date() if run is not None and run.finished_at else None
    return [
        Step(str(_("Data fetched")), round_.as_of or round_.data_due, str(_("analysts")), round_.as_of is not None),
        Step(str(_("Evaluated")), evaluated, str(_("analysts")), run is not None),
        Step(
            str(_("Assessments written")),
            round_.assessments_due,
            str(_("analysts")),
            run is not None and missing_assessments(round_) == 0,
        ),
        Step(
            str(round_.get_forum_display() or _("Forum")),
            round_.forum_on,
            str(_("analysts and owners of actions")),
            False,
        ),
        Step(str(_("Report")), round_.report_due, str(_("analysts")), False),
        Step(
            str(_("Published")),
            round_.published_at.date() if round_.published_at else round_.publish_on,
            str(_("analysts")),
            round_.published,
        ),
    ]


@dataclass
class Due:
    kind: str  # "assessments" or "action"
    label: str
    due: dt.date
    days: int
    round: Round
    action: Action | None = None


def due_items(today: dt.date, within_days: int) -> list[Due]:
    """Open rounds whose assessments are due (some goal still unassessed), and actions not done nor dropped."""
    horizon = today + dt.timedelta(days=within_days)
    out = []
    for round_ in Round.objects.filter(state="open", assessments_due__isnull=False, assessments_due__lte=horizon):
        missing = missing_assessments(round_)
        if missing and round_.assessments_due is not None:
            label = f"{missing} bedömning(ar) att skriva"
            out.append(Due("assessments", label, round_.assessments_due, (round_.assessments_due - today).days, round_))
    actions = Action.objects.filter(status__in=("planned", "ongoing"), due_date__isnull=False, due_date__lte=horizon)
    for action in actions.select_related("round", "owner"):
        assert action.due_date is not None
        out.append(Due("action", action.title, action.due_date, (action.due_date - today).days, action.round, action))
    return sorted(out, key=lambda d: (d.due, d.label))

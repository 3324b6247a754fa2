"""What a report says was actually done per activity (occasions, hours, participants), next to the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..core import audit
from . import plandata as pd
from .models import Activity, ActivityOutcome, Report

FIELDS = ("occasions", "hours", "participants")


@dataclass
class ActualInput:
    activity: Activity
    occasions: int | None = None
    hours: float | None = None
    participants: int | None = None
    raw: dict[str, str] = field(default_factory=dict)

    def field_id(self, name: str) -> str:
        return f"o-{self.activity.key}-{name}"

    @property
    def empty(self) -> bool:
        return self.occasions is None and self.hours is None and self.participants is None


def _parse(name: str, text: str) -> int | float:
    if name == "hours":
        value = pd.parse_number(text)
        if not 0 <= value <= pd.MAX_COUNT * pd.MAX_HOURS:
            raise ValueError(text)
        return value
    return pd.parse_count(text)


def _message(name: str) -> str:
    if name == "hours":
        return _("Enter the hours in all as a number of zero or more, like 12 or 12,5")
    return pd.number_error("count")


def inputs(report: Report, data: Any = None) -> tuple[list[ActualInput], dict[str, str]]:
    """One row per activity of the plan: the stored outcome (data None) or the posted one, and the fields
    that could not be read (field id -> message)."""
    stored = {o.activity_id: o for o in report.activity_outcomes.all()}
    errors: dict[str, str] = {}
    rows = []
    for activity in report.initiative.activities.order_by("position", "key"):
        row = ActualInput(activity)
        for name in FIELDS:
            if data is None:
                value = getattr(stored.get(activity.pk), name, None)
                setattr(row, name, value)
                row.raw[name] = pd.fmt_number(value)
                continue
            text = str(data.get(row.field_id(name), "")).strip()
            row.raw[name] = text
            if text:
                try:
                    setattr(row, name, _parse(name, text))
                except ValueError:
                    errors[row.field_id(name)] = _message(name)
        rows.append(row)
    return rows, errors


def save(report: Report, rows: list[ActualInput], user: Any) -> None:
    """Store the rows (inside the caller's transaction); a row emptied again is removed."""
    for row in rows:
        if row.empty:
            stale = ActivityOutcome.objects.filter(report=report, activity=row.activity).first()
            if stale is not None:
                audit.delete(stale, user)
            continue
        fields = {name: getattr(row, name) for name in FIELDS}
        audit.upsert(ActivityOutcome, {"report": report, "activity": row.activity}, fields, user)

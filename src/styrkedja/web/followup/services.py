"""Writes for the follow-up: one transaction each, with its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..core import audit
from ..strategies.models import Goal
from .models import Assessment

FIRST_YEAR, LAST_YEAR = 1990, 2100


def assessment_is_valid(text: str, rating: str, year: int) -> bool:
    """A text, a known rating and a plausible year: what an assessment needs."""
    return bool(text) and rating in {r for r, _label in Assessment.RATINGS} and FIRST_YEAR <= year <= LAST_YEAR


@transaction.atomic
def add_assessment(goal: Goal, year: int, rating: str, text: str, user: Any) -> Assessment:
    """A new assessment of `goal` (a new row each time, so the history stays) and its audit entry."""
    if not assessment_is_valid(text, rating, year):
        raise ValueError(f"not a valid assessment: rating {rating!r}, year {year}")
    a = Assessment.objects.create(
        goal=goal,
        year=year,
        rating=rating,
        text=text,
        author=user,
        author_name=user.get_full_name() or user.get_username(),
    )
    audit.record(
        user,
        "create",
        "followup.Assessment",
        f"{goal.key}/{year}",
        {"rating": [None, rating], "text": [None, text]},
        summary=f"assessment #{a.pk}",
    )
    return a

"""Shared fixtures for the yearly cycle: the minimal chain, two evaluation runs and a cast of users.

Run 1 (as of 2024-05-01): g-pop off track (t-pop) and met (t-pop-rank), g-emp at risk.
Run 2 (as of 2025-05-01, `add_evaluation`): g-pop on track and met, g-emp at risk; g-sub worsening.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.areas.models import Area
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.rounds import services
from styrkedja.web.strategies.models import Goal, Strategy, Target

from ..world import MINIMAL, add_evaluation


def _result(run: EvaluationRun, goal: str, target: str | None, status: str) -> None:
    g = Goal.objects.get(key=goal)
    EvaluationResult.objects.create(
        run=run, goal=g, target=Target.objects.get(key=target) if target else None, area=Area.objects.get(code="07"),
        indicator=g.indicator, rule="trend" if target is None else "level", status=status,
    )  # fmt: skip


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username, password="pw-for-tests", first_name=username.title(),
                                    email=f"{username}@example.org")  # fmt: skip
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def runs(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    first = EvaluationRun.objects.create(as_of=dt.date(2024, 5, 1), finished_at=timezone.now())
    _result(first, "g-pop", "t-pop", "off_track")
    _result(first, "g-pop", "t-pop-rank", "met")
    _result(first, "g-emp", "t-emp", "at_risk")
    second = add_evaluation()
    second.finished_at = timezone.now()
    second.save()
    _result(second, "g-sub", None, "worsening")
    return first, second


@pytest.fixture
def cast(runs):
    return {"analyst": make_user("analytiker", "analyst"), "reader": make_user("lasare", "reader"),
            "owner": make_user("agare", "project_owner"), "anonymous": None}  # fmt: skip


@pytest.fixture
def rounds(runs, cast):
    """2024 frozen on run 1 and published with an assessment, an action and a knowledge need; 2025 frozen on
    run 2 and open with a draft assessment."""
    first, second = runs
    analyst = cast["analyst"]
    rus = Strategy.objects.get(key="rus")
    r1 = services.create_round(rus, 2024, analyst, assessments_due=dt.date(2024, 6, 1))
    services.freeze_round(r1, first, analyst)
    services.save_assessment(r1, Goal.objects.get(key="g-pop"), {"text": "Publicerad bedömning.", "why": "Därför."},
                             analyst)  # fmt: skip
    services.save_action(r1, {"title": "Publicerad åtgärd", "owner": cast["owner"], "due_date": "2024-09-01"},
                         ["g-pop"], analyst)  # fmt: skip
    services.save_knowledge_need(r1, {"question": "Publicerad fråga?", "kind": "analysis"}, ["g-pop"], analyst)
    services.publish_round(r1, analyst)
    r2 = services.create_round(rus, 2025, analyst, assessments_due=dt.date(2025, 6, 1))
    services.freeze_round(r2, second, analyst)
    services.save_assessment(r2, Goal.objects.get(key="g-emp"), {"text": "Utkast till bedömning."}, analyst)
    services.save_action(r2, {"title": "Utkast till åtgärd"}, ["g-emp"], analyst)
    return r1, r2

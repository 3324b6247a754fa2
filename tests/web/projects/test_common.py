"""Shared set-up for the project tests: a small chain and a fixed cast of users.

The cast: the owner of initiative A ("proj" in the minimal strategy file), the owner of
initiative B (a second project), an analyst, a reader, and anonymous visitors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ANALYST, PROJECT_OWNER, READER, ensure_roles
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.projects import plandata as pd
from styrkedja.web.projects.models import Initiative

MINIMAL = Path(__file__).parents[2] / "fixtures" / "strategy" / "minimal.yaml"


def make_user(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="pw-for-tests", first_name=username.title())
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def chain(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    Indicator.objects.create(
        key="wants",
        name="Andel deltagare som vill starta företag",
        measure_type="share",
        numerator="deltagare som vill starta företag",
        denominator="svarande deltagare",
        source_kind="project",
        direction="higher",
    )
    b = Initiative.objects.create(
        key="proj-b",
        name="Projekt B",
        kind="project",
        area_id=Initiative.objects.get(key="proj").area_id,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2022, 12, 31),
    )
    return {"a": Initiative.objects.get(key="proj"), "b": b}


@pytest.fixture
def cast(chain):
    owner_a = make_user("agare-a", PROJECT_OWNER)
    owner_b = make_user("agare-b", PROJECT_OWNER)
    chain["a"].owners.add(owner_a)
    chain["b"].owners.add(owner_b)
    return {
        "owner_a": owner_a,
        "owner_b": owner_b,
        "analyst": make_user("analytiker", ANALYST),
        "reader": make_user("lasare", READER),
        "anonymous": None,
    }


def sound_plan(initiative_key: str = "proj") -> pd.PlanData:
    """A plan that passes every check (in the minimal chain: strategy goal g-sub, indicator started)."""
    plan = pd.PlanData(
        name="Ett projekt",
        kind="project",
        owner_organisation="Region Kronoberg",
        contact="Per",
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2021, 12, 31),
        budget=1500000.0,
        funding_source="ERUF",
        description="Ett projekt",
    )
    plan.goals = [
        pd.GoalRow(
            ref="proj-main",
            kind=pd.MAIN,
            name="30 % av deltagarna ska starta företag",
            formulation="30 % av deltagarna ska starta företag",
            indicator="started",
            baseline_value=0.0,
            baseline_period="2019",
            source="Projektets enkät",
            target_value=30.0,
            target_year=2024,
            contributes_to=["s:g-sub"],
        ),
        pd.GoalRow(
            ref="proj-sub",
            kind=pd.SUB,
            name="60 % vill bli företagare",
            formulation="60 % av deltagarna ska vilja bli företagare",
            indicator="wants",
            baseline_value=0.0,
            baseline_period="2019",
            source="Projektets enkät",
            target_value=60.0,
            target_year=2021,
            contributes_to=["p:proj-main"],
            activities=["a1"],
        ),
    ]
    plan.activities = [pd.ActivityRow("a1", "Workshop", "Affärsutveckling", 10, 3.0)]
    pd.fill_raw(plan)
    return plan


def test_the_cast_has_every_role(cast):
    assert {u.username for u in User.objects.all()} == {"agare-a", "agare-b", "analytiker", "lasare"}

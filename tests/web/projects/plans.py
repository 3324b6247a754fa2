"""Helpers for the project tests: the minimal chain's file, users with a role, a plan that passes every check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, User

from styrkedja.web.projects import plandata as pd

MINIMAL = Path(__file__).parents[2] / "fixtures" / "strategy" / "minimal.yaml"


def make_user(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="pw-for-tests", first_name=username.title())
    user.groups.add(Group.objects.get(name=role))
    return user


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
        comparison_group="Företag som sökte men inte deltog",
        comparison_selection="Samma bransch och storlek, ur ansökningarna som inte fick plats",
        comparison_measure="Andel företag som exporterar",
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

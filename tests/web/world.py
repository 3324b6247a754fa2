"""The follow-up pages' world: the minimal strategy file, statistics and an evaluation run, users.

Shared by the page, cache, API and browser tests (fixtures in conftest.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.utils import timezone

from styrkedja.web.areas.models import Area
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from styrkedja.web.strategies.models import Goal, Target

MINIMAL = Path(__file__).parents[1] / "fixtures" / "strategy" / "minimal.yaml"
YEARS = range(2014, 2025)


def add_statistics() -> None:
    """Population for Riket and the 21 counties 2014-2024; employment rate with a split by sex."""
    batch = ImportBatch.objects.create(
        source="scb", location="test", table="TAB638", retrieved_at=timezone.make_aware(dt.datetime(2025, 3, 1, 9, 30))
    )
    pop = Indicator.objects.get(key="pop")
    emp = Indicator.objects.get(key="emp-rate")
    obs = []
    for area in Area.objects.filter(level__in=[Area.COUNTRY, Area.COUNTY]):
        base = 10_000_000 if area.code == "00" else 100_000 + 10_000 * int(area.code)
        for y in YEARS:
            growth = 1.004 if area.code != "07" else 1.006
            value = 189_128 * 1.006 ** (y - 2014) if area.code == "07" else base * growth ** (y - 2014)
            obs.append(Observation(indicator=pop, area=area, period=str(y), value=round(value), batch=batch))
        for y in YEARS:
            obs.append(
                Observation(
                    indicator=emp,
                    area=area,
                    period=str(y),
                    batch=batch,
                    value=78.5 + 0.1 * (y - 2014) if area.code == "07" else 77 + int(area.code) % 5,
                )
            )
    region = Area.objects.get(code="07")
    for y in YEARS:
        obs.append(Observation(indicator=emp, area=region, period=str(y), breakdown="K", value=77.0, batch=batch))
        obs.append(Observation(indicator=emp, area=region, period=str(y), breakdown="M", value=80.0, batch=batch))
    vaxjo = Area.objects.get(code="0780")
    obs.append(Observation(indicator=pop, area=vaxjo, period="2024", value=97_000, batch=batch))
    Observation.objects.bulk_create(obs)
    later = ImportBatch.objects.create(
        source="scb", location="test", table="TAB638", retrieved_at=timezone.make_aware(dt.datetime(2025, 4, 1))
    )
    revised = Observation.objects.get(indicator=pop, area=region, period="2024", breakdown="T")
    ObservationRevision.objects.create(
        observation=revised, value=200_001, status="final", batch=batch, replaced_by=later
    )


def add_evaluation() -> EvaluationRun:
    run = EvaluationRun.objects.create(as_of=dt.date(2025, 5, 1))
    region = Area.objects.get(code="07")
    g_pop = Goal.objects.get(key="g-pop")
    g_emp = Goal.objects.get(key="g-emp")
    EvaluationResult.objects.create(
        run=run,
        goal=g_pop,
        target=Target.objects.get(key="t-pop"),
        area=region,
        indicator=g_pop.indicator,
        rule="growth_vs_benchmark",
        target_year=2025,
        status="on_track",
        probability=0.83,
        latest_period="2024",
        latest_value=200_782,
        data_through="2024",
        preliminary=True,
        explanation_sv="Befolkningen har vuxit snabbare än medianlänet sedan 2014.",
        explanation_en="The population has grown faster than the median county since 2014.",
        detail={
            # the rank is the evaluation's (the page shows it, never recomputes it)
            "rank": {"rank": 1, "n": 21},
            "base_year": 2014,
            "data_through": 2024,
            "growth": 6.1,
            "growth_measure": "percent",
            "forecast": {
                "origin_year": 2024,
                "target_year": 2025,
                "point": 202_000,
                "lo": 201_000,
                "hi": 203_000,
                "level": 0.8,
            },
        },
    )
    EvaluationResult.objects.create(
        run=run,
        goal=g_pop,
        target=Target.objects.get(key="t-pop-rank"),
        area=region,
        indicator=g_pop.indicator,
        rule="rank",
        target_year=2025,
        status="met",
        latest_period="2024",
        data_through="2024",
        explanation_sv="Länet är bland de tio med högst tillväxt.",
        explanation_en="Among the ten fastest growing.",
    )
    EvaluationResult.objects.create(
        run=run,
        goal=g_emp,
        target=Target.objects.get(key="t-emp"),
        area=region,
        indicator=g_emp.indicator,
        rule="level",
        target_year=2025,
        status="at_risk",
        probability=0.41,
        latest_period="2024",
        latest_value=79.5,
        data_through="2024",
        explanation_sv="Sysselsättningsgraden ligger under målet.",
        explanation_en="The employment rate is below the target.",
    )
    return run


def make_user(name: str, role: str | None) -> User:
    user = User.objects.create_user(name, password="pw-for-tests")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

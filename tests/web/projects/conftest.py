"""Shared set-up for the project tests: a small chain and a fixed cast of users.

The cast: the owner of initiative A ("proj" in the minimal strategy file), the owner of
initiative B (a second project), an analyst, a reader, and anonymous visitors.
"""

from __future__ import annotations

import datetime as dt

import pytest

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ANALYST, PROJECT_OWNER, READER, ensure_roles
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.projects.models import Initiative
from tests.web.projects.plans import MINIMAL, make_user


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

"""Fixtures shared by the web tests: the follow-up world and its users (tests/web/world.py)."""

from __future__ import annotations

import pytest

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from tests.web.world import MINIMAL, add_evaluation, add_statistics, make_user


@pytest.fixture
def world(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()


@pytest.fixture
def reader(world):
    return make_user("lasare", "reader")


@pytest.fixture
def analyst(world):
    return make_user("analytiker", "analyst")

"""Two analysts edit one draft assessment: the second save, from a form opened before the first, is
refused (409) with the first one's version in the form and the second one's text shown, not saved."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from styrkedja.web.rounds import services
from styrkedja.web.strategies.models import Goal
from tests.web.dbdump import dump_database

from .conftest import make_user


def _opened(page: str) -> str:
    found = re.search(r'name="opened" value="([^"]+)"', page)
    assert found
    return found.group(1)


@pytest.fixture
def two_analysts(rounds, cast):
    first, second = Client(), Client()
    first.force_login(cast["analyst"])
    second.force_login(make_user("analytiker2", "analyst"))
    return first, second


def test_a_save_from_a_form_opened_before_anothers_save_is_refused(rounds, two_analysts):
    url = f"/omgangar/{rounds[1].key}/mal/g-emp/"
    first, second = two_analysts
    first_token = _opened(first.get(url).content.decode())
    second_token = _opened(second.get(url).content.decode())
    assert first_token == second_token
    saved = first.post(url, {"text": "Den förstas bedömning.", "opened": first_token})
    assert saved.status_code == 302
    before = dump_database()
    refused = second.post(url, {"text": "Den andras bedömning.", "opened": second_token})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Analytiker sparade den här bedömningen" in page and "dina ändringar sparades inte" in page
    assert ">Den förstas bedömning.</textarea>" in page  # their version is in the form
    assert "Den andras bedömning." in page  # and what this analyst wrote is shown, not lost
    assert dump_database() == before
    # with the form opened again, the second analyst's save goes through
    again = second.post(url, {"text": "Den andras bedömning.", "opened": _opened(page)})
    assert again.status_code == 302
    assert services.current_assessment(rounds[1], Goal.objects.get(key="g-emp")).text == "Den andras bedömning."


def test_a_form_opened_before_the_first_draft_is_refused_once_one_exists(rounds, two_analysts):
    g_sub = Goal.objects.get(key="g-sub")
    assert services.current_assessment(rounds[1], g_sub) is None
    url = f"/omgangar/{rounds[1].key}/mal/g-sub/"
    first, second = two_analysts
    token = _opened(first.get(url).content.decode())
    assert token == _opened(second.get(url).content.decode()) == "none"
    assert first.post(url, {"text": "Först.", "opened": token}).status_code == 302
    assert second.post(url, {"text": "Sedan.", "opened": token}).status_code == 409
    assert services.current_assessment(rounds[1], g_sub).text == "Först."


def test_a_save_that_names_no_opened_version_is_not_checked(rounds, cast):
    goal = Goal.objects.get(key="g-emp")
    saved = services.save_assessment(rounds[1], goal, {"text": "Från kommandoraden."}, cast["analyst"])
    assert saved.text == "Från kommandoraden."

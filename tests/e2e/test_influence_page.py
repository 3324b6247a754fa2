"""The page Påverkansfaktorer in a real browser: axe-core scan in Swedish and English, and screenshots."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from tests.e2e.test_browser import ARTIFACTS, axe_violations, page, pytestmark  # noqa: F401  (fixture, marks)
from tests.web.world import MINIMAL, add_evaluation, add_statistics


@pytest.fixture
def site(live_server: Any) -> str:
    """The browser tests' site plus a stored influence index (built before the browser starts)."""
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()
    call_command("index", "--year", "2020", "--runs", "50", stdout=StringIO())
    user = User.objects.create_user("analytiker", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="analyst"))
    return str(live_server.url)


def test_influence_page_passes_axe_in_both_languages(page: Any) -> None:  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    failures = {}
    for lang in ("sv", "en"):
        if lang == "en":
            page.click("form.lang button")
            page.wait_for_load_state()
        response = page.goto("/paverkansfaktorer/")
        assert response is not None and response.status == 200
        assert page.locator("h1").inner_text() == ("Påverkansfaktorer" if lang == "sv" else "Influence factors")
        assert page.locator("figure.chart svg").count() == 3
        page.screenshot(path=str(ARTIFACTS / f"paverkansfaktorer-{lang}.png"), full_page=True)
        bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        if bad:
            failures[lang] = bad
    assert not failures, failures
    # reachable from the navigation
    page.goto("/oversikt/")
    page.click("nav >> text=Influence factors")
    assert page.url.endswith("/paverkansfaktorer/")

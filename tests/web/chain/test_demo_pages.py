"""Every page of the demo, in Swedish and English, as anonymous, reader, project owner and analyst:
each status as the permission model says, and no internal word (seed, file and column names, raw codes)
in any page, chart, CSV/XLSX download or API answer. The same sweep runs in CI on the demo database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from styrkedja.web import pagesweep


@pytest.fixture
def demo(db):
    """The whole demo, as `make demo-data` builds it, inside the test's transaction (rolled back after)."""
    call_command("demo", "--no-serve", stdout=StringIO())


def test_the_word_list_catches_what_the_issue_names():
    found = " ".join(pagesweep.internal_words(
        "seeden; Demodata: Eurostat demo_r_pjanaggr3 (file, population_31dec) Ex: 30 % minst >= 80,0 approve expost5"
    ))  # fmt: skip
    for label in ("seed", "demodata", "dataset code", "file column", "Ex: prefix", "raw operator", "raw state"):
        assert label in found, label
    assert pagesweep.internal_words("Källa: SCB, tabell BE0101N1 (2024)") == []
    assert pagesweep.internal_words("87,1 procent", "sv") == []
    assert pagesweep.internal_words("87.1 procent", "en") != []


def test_every_demo_page_in_both_languages_has_the_right_status_and_no_internal_word(demo, client):
    """One test (the demo is built once): the sweep, then the chart sources checked by hand."""
    outcome = pagesweep.sweep(("sv", "en"), words=True)
    assert not pagesweep.unvisited(outcome.routes)
    assert outcome.checked > 1000
    assert outcome.problems == [], "\n".join(outcome.problems[:40]) + f"\n… {len(outcome.problems)} in all"

    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="lasare"))
    # Population and productivity (GRP / employed, both Eurostat files) are defined on SCB tables, but
    # the values shown come from their publishers: the caption names the publishers of the values
    # (population 1968-2015 also from SCB's own table, productivity from Eurostat only).
    for goal, caption in (
        ("rus-mal-befolkning", "Källa: Eurostat, SCB."),
        ("rus-mal-produktivitet", "Källa: Eurostat."),
    ):
        html = client.get(f"/mal/{goal}/").content.decode()
        assert caption in html and "Källa: SCB." not in html, goal
    html = client.get("/indikatorer/sysselsattningsgrad-20-64/").content.decode()
    assert "Källa: SCB." in html  # SCB's BAS file
    assert "Bearbetning" not in html  # no organisation is named unless the setting names one

"""Every page of the demo, in Swedish and English, as anonymous, reader, project owner and analyst:
each status as the permission model says, and no internal word (seed, file and column names, raw codes)
in any page, chart, CSV/XLSX download or API answer. The same sweep runs in CI on the demo database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from styrkedja.web import pagesweep


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", "--no-serve", stdout=StringIO())
        yield
        call_command("flush", "--no-input", stdout=StringIO())


def test_the_word_list_catches_what_the_issue_names():
    found = " ".join(pagesweep.internal_words(
        "seeden; Demodata: Eurostat demo_r_pjanaggr3 (file, population_31dec) Ex: 30 % minst >= 80,0 approve expost5"
    ))  # fmt: skip
    for label in ("seed", "demodata", "dataset code", "file column", "Ex: prefix", "raw operator", "raw state"):
        assert label in found, label
    assert pagesweep.internal_words("Källa: SCB, tabell BE0101N1 (2024)") == []
    assert pagesweep.internal_words("87,1 procent", "sv") == []
    assert pagesweep.internal_words("87.1 procent", "en") != []


@pytest.mark.django_db
def test_every_demo_page_in_both_languages_has_the_right_status_and_no_internal_word(demo):
    outcome = pagesweep.sweep(("sv", "en"), words=True)
    assert len(outcome.routes) == len(pagesweep.all_routes())
    assert outcome.problems == [], "\n".join(outcome.problems[:40]) + f"\n… {len(outcome.problems)} in all"

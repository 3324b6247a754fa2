"""The growth measure is explicit: `check` shows it for every growth rule and warns when a target's
measure disagrees with its indicator's measure type; the export writes it out."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from styrkedja.strategyfile import read_strategy_text
from styrkedja.web.chain.chainfile import export_document, load_document

MINIMAL = Path(__file__).parents[2] / "fixtures" / "strategy" / "minimal.yaml"
RANK = "{id: t-pop-rank, rule: rank, rank: 10, rank_by: growth, base_year: 2014, target_year: 2025}"


def load(text: str) -> None:
    load_document(read_strategy_text(text, "minimal.yaml"))


@pytest.mark.django_db
def test_check_shows_each_growth_measure_and_warns_on_a_disagreement():
    text = MINIMAL.read_text(encoding="utf-8")
    assert RANK in text
    # population is a count: a growth in percentage points disagrees with it
    load(text.replace(RANK, RANK.replace("target_year: 2025}", "target_year: 2025, growth: pp}")))
    out = StringIO()
    call_command("chaincheck", stdout=out)
    shown = out.getvalue()
    assert "goal g-pop, target t-pop: percent (from the indicator's measure type)" in shown
    assert "goal g-pop, target t-pop-rank: pp (stated by the target)" in shown
    assert "[growth-measure-disagrees] goal g-pop" in shown
    assert "target t-pop-rank measures growth in pp although the indicator is a count (percent expected)" in shown


@pytest.mark.django_db
def test_no_warning_when_the_measure_agrees_and_the_export_states_it():
    load(MINIMAL.read_text(encoding="utf-8"))
    out = StringIO()
    call_command("chaincheck", stdout=out)
    assert "growth-measure-disagrees" not in out.getvalue()
    doc = yaml.safe_load(yaml.safe_dump(export_document()))
    targets = {t["id"]: t for s in doc["strategies"] for g in s.get("goals", []) for t in g.get("targets", [])}
    assert targets["t-pop"]["growth"] == "percent" and targets["t-pop-rank"]["growth"] == "percent"
    assert "growth" not in targets["t-emp"]  # a level target has no growth

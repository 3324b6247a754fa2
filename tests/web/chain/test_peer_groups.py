"""Peer groups as data: a group declared with `of` is stored with its members from the reference data,
exported as members, and a target may state its own peer coverage (stored and given to the engine)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from styrkedja.strategyfile import read_strategy_text
from styrkedja.web.areas.models import PeerGroup
from styrkedja.web.chain.chainfile import export_document, load_document
from styrkedja.web.strategies.models import Target

FIXTURES = Path(__file__).parents[2] / "fixtures"
AREAS = Path(__file__).parents[3] / "src" / "styrkedja" / "data" / "areas.csv"
GROUP = """  - id: smaland
    name: Smålandslänen
    members: ["06", "07", "08"]"""
RANK = "{id: t-pop-rank, rule: rank, rank: 10, rank_by: growth, base_year: 2014, target_year: 2025}"


@pytest.mark.django_db
def test_a_group_of_a_county_is_stored_with_its_municipalities_and_exported_as_members():
    text = (FIXTURES / "strategy" / "minimal.yaml").read_text(encoding="utf-8")
    assert GROUP in text and RANK in text
    text = text.replace(GROUP, GROUP + "\n  - id: kronoberg\n    name: Kronobergs kommuner\n    of: '07'")
    text = text.replace(RANK, RANK.replace("target_year: 2025}", "target_year: 2025, peer_coverage: 80}"))
    load_document(read_strategy_text(text, "minimal.yaml"))
    with AREAS.open(encoding="utf-8") as fh:  # the second reading: the reference file itself
        expected = sorted(r["code"] for r in csv.DictReader(fh) if r["level"] == "municipality" and r["parent"] == "07")
    group = PeerGroup.objects.get(key="kronoberg")
    assert sorted(a.code for a in group.members.all()) == expected and len(expected) == 8
    exported = {g["id"]: g for g in export_document()["peer_groups"]}
    assert exported["kronoberg"]["members"] == expected
    target = Target.objects.get(key="t-pop-rank")
    assert target.peer_coverage == 80.0 and target.as_rule().peer_coverage == 80.0

"""Live calls to the real APIs: only with STYRKEDJA_LIVE=1 (never in CI)."""

from __future__ import annotations

import os

import pytest

from styrkedja.connectors.kolada import KoladaClient
from styrkedja.connectors.scb import PxWebV1Client, PxWebV2Client

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(os.environ.get("STYRKEDJA_LIVE") != "1", reason="live API test: set STYRKEDJA_LIVE=1"),
]


def test_live_scb_v2_population_kronoberg() -> None:
    scb = PxWebV2Client()
    parsed = scb.data("TAB638", {"Region": ["07"], "ContentsCode": ["BE0101N1"], "Tid": ["TOP(2)"]})
    assert parsed.records and all(r.area == "07" for r in parsed.records)
    assert all(r.value is None or r.value > 100_000 for r in parsed.records)


def test_live_scb_v1_population_kronoberg() -> None:
    v1 = PxWebV1Client()
    parsed = v1.data(
        "BE/BE0101/BE0101A/BefolkningNy",
        {"Region": ["07"], "ContentsCode": ["BE0101N1"], "Tid": ["2"]},
        filters={"Tid": "top"},
    )
    assert parsed.records and parsed.provenance.table == "TAB638"


def test_live_kolada_population_kronoberg() -> None:
    parsed = KoladaClient().data(["N01951"], ["07"], [2023])
    assert parsed.records and parsed.records[0].area == "07"

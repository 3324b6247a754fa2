"""Kolada v3 parsing: area ids, gender, status and deleted rows; KPI catalogue; area list."""

from __future__ import annotations

import csv
import json

import pytest

from styrkedja.connectors import kolada
from styrkedja.connectors.base import MISSING, ParseError

from .conftest import DEMO_DATA, load

# Hand-built in the documented v3 shape (no real recorded data response exists; see kolada-notes.txt).
DATA = {
    "count": 4,
    "values": [
        {"kpi": "N01951", "municipality": "0007", "period": 2024, "values": [
            {"gender": "T", "count": 1, "status": "", "value": 203000.0},
            {"gender": "K", "count": 1, "status": "", "value": 100500.0},
            {"gender": "M", "count": 1, "status": "", "value": 102500.0}]},
        {"kpi": "N01951", "municipality": "0000", "period": 2024, "values": [
            {"gender": "T", "count": 1, "status": "", "value": 10587710.0}]},
        {"kpi": "N02267", "municipality": "0780", "period": 2023, "values": [
            {"gender": "T", "count": 1, "status": "B", "value": None}]},
        {"kpi": "N02267", "municipality": "0780", "period": 2022, "isdeleted": True, "values": [
            {"gender": "T", "count": 1, "status": "", "value": None}]},
    ],
    "next_url": "",
}  # fmt: skip


def test_data_response() -> None:
    parsed = kolada.parse_data(DATA, "kolada.json")
    recs = {(r.series, r.area, r.period, r.breakdown): r for r in parsed.records}
    assert len(recs) == 5
    assert recs[("N01951", "07", "2024", "T")].value == 203000.0
    assert recs[("N01951", "07", "2024", "K")].value == 100500.0
    assert recs[("N01951", "00", "2024", "T")].value == 10587710.0
    missing = recs[("N02267", "0780", "2023", "T")]
    assert (missing.value, missing.status, missing.symbol) == (None, MISSING, "B")
    assert parsed.dropped == 1 and "deleted" in parsed.warnings[0]
    assert kolada.KOLADA_CREDIT == "Källa: Kolada"
    assert parsed.provenance.notes == (kolada.KOLADA_CREDIT,)


@pytest.mark.parametrize(
    ("kid", "code"), [("0000", "00"), ("0007", "07"), ("0025", "25"), ("0780", "0780"), ("0980", "0980")]
)
def test_area_ids(kid: str, code: str) -> None:
    assert kolada.area_from_kolada(kid, "x") == code
    assert kolada.kolada_area(code) == kid


def test_group_rejected_with_clear_message() -> None:
    with pytest.raises(ParseError, match="'G114418' is a Kolada municipality group"):
        kolada.area_from_kolada("G114418", "kolada.json: values[3]")


def test_all_312_kolada_areas_map_to_scb_codes() -> None:
    rows = list(csv.DictReader((DEMO_DATA / "kolada_v3_municipality_2026-03.csv").open(encoding="utf-8")))
    areas = kolada.parse_municipalities({"values": rows}, "municipality.csv")
    assert len(areas) == 312
    assert sum(a.type == "L" for a in areas) == 22
    by = {a.kolada_id: a.area for a in areas}
    assert by["0007"] == "07" and by["0000"] == "00" and by["0780"] == "0780"


def test_kpi_catalogue_fixture() -> None:
    kpis = kolada.parse_kpis(load("kolada_v3_kpi_RECONSTRUCTED.json"), "kpi")
    assert [k.id for k in kpis] == ["N01951", "N02267", "N03701"]
    n01951 = kpis[0]
    assert n01951.title == "Invånare totalt, antal"
    assert n01951.is_divided_by_gender is True
    assert n01951.municipality_type == "A"
    assert n01951.publication_date == "2027-02-24"


def test_file_import_uses_same_parser(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "k.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    parsed = kolada.parse_file(path)
    assert len(parsed.records) == 5 and parsed.provenance.source == "file"
    assert parsed.provenance.checksum

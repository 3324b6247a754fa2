"""PX-JSON fixtures and `read_file` format sniffing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from styrkedja.connectors import sources
from styrkedja.connectors.base import ParsedData

from .conftest import DEMO_DATA, RECORDED


def test_pxjson_region_riket() -> None:
    parsed = sources.read_file(RECORDED / "scb_v1_json_BefolkningNy_region_riket.json")
    [rec] = parsed.records
    # key ["00","OG","0","1","2024"], values ["50937"]; Civilstand/Alder single -> not in the key
    assert (rec.series, rec.area, rec.period, rec.breakdown, rec.value) == ("BE0101N1", "00", "2024", "M", 50937.0)
    assert parsed.provenance.format == "pxjson"
    assert parsed.provenance.notes[0].startswith("År 1968–1998")


def test_pxjson_civilstand_no_region_means_riket() -> None:
    path = RECORDED / "scb_v1_json_BefolkningNy_civilstand_2015_2017.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    parsed = sources.read_file(path)
    assert len(parsed.records) == len(doc["data"])
    by = {(r.series, r.period): r.value for r in parsed.records}
    assert by[("BE0101N1|Civilstand=OG", "2015")] == 5157443
    assert by[("BE0101N1|Civilstand=G", "2017")] == 3358397
    for row in doc["data"]:  # every cell, read independently off the file
        civ, year = row["key"]
        assert by[(f"BE0101N1|Civilstand={civ}", year)] == float(row["values"][0])
    assert {r.area for r in parsed.records} == {"00"}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("scb_v2_pxwebpy_TAB6471_data.json", "jsonstat"),
        ("scb_v1_json_BefolkningNy_region_riket.json", "pxjson"),
        ("px/scb_BE0101N1_sv_iso88591.px", "px"),
    ],
)
def test_read_file_sniffs_format(name: str, fmt: str) -> None:
    assert sources.read_file(RECORDED / name).provenance.format == fmt


def test_read_file_sniffs_without_extension(tmp_path: Path) -> None:
    target = tmp_path / "download"
    shutil.copy(RECORDED / "px" / "scb_pxweb_BE0101F1datasymbols.px", target)
    assert sources.read_file(target).provenance.format == "px"


def test_kolada_json_file_by_shape(tmp_path: Path) -> None:
    doc = {"values": [{"kpi": "N01951", "municipality": "0007", "period": 2024,
                       "values": [{"gender": "T", "count": 1, "status": "", "value": 203000.0}]}]}  # fmt: skip
    path = tmp_path / "kolada.json"
    path.write_text(json.dumps(doc))
    parsed = sources.read_file(path)
    assert parsed.provenance.format == "kolada"
    assert parsed.records[0].area == "07"


@pytest.mark.parametrize("path", sorted(DEMO_DATA.glob("*_tidy.csv")), ids=lambda p: p.name)
def test_demo_tidy_csv_files_read(path: Path) -> None:
    parsed: ParsedData = sources.read_file(path)
    assert parsed.records
    # A value is a number or, where the source has none (R's NA in an original), missing: never a made-up 0.
    assert all((r.value is not None) == (r.status == "final") for r in parsed.records)
    assert sum(r.value is None for r in parsed.records) <= len(parsed.records) // 50


def test_connectors_never_import_django() -> None:
    code = (
        "import sys, pkgutil, importlib, styrkedja.connectors as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('styrkedja.connectors.' + m.name)\n"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

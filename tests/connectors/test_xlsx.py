"""The Excel template and reading it back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from styrkedja.connectors import xlsx
from styrkedja.connectors.base import MISSING, ParseError


def test_template_has_header_instructions_and_validation(tmp_path: Path) -> None:
    path = xlsx.make_template(tmp_path / "mall.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Data", "Instructions"]
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == list(xlsx.COLUMNS)
    assert ws.max_row == 1
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"T,K,M"' in formulas
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Instruktioner" in text and "Instructions" in text and "kvinnor" in text and "women" in text


def test_round_trip(tmp_path: Path) -> None:
    path = xlsx.make_template(tmp_path / "mall.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Data"]
    ws.append(["pop", "07", "Kronoberg", "2024", 203000, "antal", "SCB", "T"])
    ws.append(["pop", 780, "Växjö", 2024, "97 000,5", "antal", "SCB", "K"])  # Excel dropped the zero
    ws.append(["pop", "0781", "Ljungby", "2024", None, "antal", "SCB", "T"])
    ws.append(["share", "0781", "Ljungby", "2024K1", 0.25, "andel", "", "M", "provisional", 25, 100])
    wb.save(path)
    parsed = xlsx.read_workbook(path)
    recs = parsed.records
    assert [(r.area, r.period, r.value, r.breakdown) for r in recs[:2]] == [
        ("07", "2024", 203000.0, "T"),
        ("0780", "2024", 97000.5, "K"),
    ]
    assert recs[2].value is None and recs[2].status == MISSING
    assert (recs[3].status, recs[3].numerator, recs[3].denominator, recs[3].value) == ("provisional", 25, 100, 0.25)
    assert parsed.provenance.format == "xlsx"


def test_text_in_number_cell_names_the_cell(tmp_path: Path) -> None:
    path = xlsx.make_template(tmp_path / "mall.xlsx")
    wb = openpyxl.load_workbook(path)
    for i in range(5):
        wb["Data"].append(["pop", "07", "", f"{2018 + i}", 1])
    wb["Data"].append(["pop", "07", "", "2024", "n/a"])
    wb.save(path)
    with pytest.raises(ParseError, match=r"mall\.xlsx: Data!E7 \(value\): expected a number, got 'n/a'"):
        xlsx.read_workbook(path)

"""The tidy CSV format: real demo files, Swedish number forms, streaming and duplicates."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from styrkedja.connectors import tidycsv
from styrkedja.connectors.base import MISSING, NOT_APPLICABLE, ParseError
from styrkedja.connectors.numbers import parse_number

from .conftest import DEMO_DATA

POP = DEMO_DATA / "eurostat_population_nuts3_se_tidy.csv"


def test_eurostat_population_identical_duplicates_dropped() -> None:
    rows = list(csv.DictReader(POP.open(encoding="utf-8")))
    distinct = {(r["indicator"], r["area_code"], r["period"]) for r in rows}
    parsed = tidycsv.read_csv(POP)
    assert len(parsed.records) == len(distinct) == 1164
    assert parsed.dropped == len(rows) - len(distinct) == 308
    first = parsed.records[0]
    assert (first.series, first.area, first.period, first.value) == ("population_1jan", "00", "2016", 9851017.0)
    assert first.unit == "persons"
    assert parsed.provenance.notes[0].startswith("source: Eurostat demo_r_pjanaggr3")


def test_every_value_matches_the_file() -> None:
    path = DEMO_DATA / "employment_rate_20_64_scb_bas_S_SYSS_TOT_2020_2024_tidy.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    parsed = tidycsv.read_csv(path)
    assert [(r.area, r.period, r.value) for r in parsed.records] == [
        (row["area_code"], row["period"], float(row["value"])) for row in rows
    ]


def test_iter_records_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("indicator,area,period,value\n")
        for year in range(1900, 2100):
            fh.write(f"pop,07,{year},{year}\n")
        fh.write("pop,99,2100,1\n")  # an error at the very end
    it = tidycsv.iter_records(path)
    first = list(itertools.islice(it, 3))  # reading the start does not reach the bad last row
    assert [r.value for r in first] == [1900.0, 1901.0, 1902.0]
    with pytest.raises(ParseError, match="row 202, column 'area'"):
        list(it)


def test_swedish_numbers_semicolon_bom_and_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "sv.csv"
    text = (
        "indicator;area;period;value;breakdown;status;numerator;denominator\n"
        "andel;0780;2024;1\u00a0234,5;K;provisional;12 345;10\n"
        "andel;0780;2023;..;K;;;\n"
        "andel;0780;2022;.;K;;;\n"
        "andel;0780;2024K1;-3,25;M;;;\n"
        "andel;0780;2024-03;;T;;;\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    recs = tidycsv.read_csv(path).records
    assert (recs[0].value, recs[0].breakdown, recs[0].status, recs[0].numerator) == (1234.5, "K", "provisional", 12345)
    assert (recs[1].value, recs[1].status, recs[1].symbol) == (None, MISSING, "..")
    assert (recs[2].value, recs[2].status) == (None, NOT_APPLICABLE)
    assert (recs[3].period, recs[3].value) == ("2024K1", -3.25)
    assert (recs[4].period, recs[4].value, recs[4].status) == ("2024M03", None, MISSING)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 234,5", 1234.5), ("1\u00a0234", 1234.0), ("0,05", 0.05), ("-7", -7.0), ("3.5", 3.5), ("1\u202f000", 1000.0)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1,234.5", "1,2,3", "abc", "nan", "inf", ""])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_duplicate_check_can_be_switched_off_for_bulk_loads(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("indicator,area,period,value\npop,07,2024,1\npop,07,2024,2\n", encoding="utf-8")
    with pytest.raises(ParseError, match="row 3"):
        tidycsv.read_csv(path)
    assert len(list(tidycsv.iter_records(path, check_duplicates=False))) == 2

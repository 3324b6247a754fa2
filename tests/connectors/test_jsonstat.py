"""JSON-stat parsing against the recorded SCB and json-stat.org responses."""

from __future__ import annotations

import json
import math

import pytest

from styrkedja.connectors import jsonstat
from styrkedja.connectors.base import FINAL, MISSING, NOT_APPLICABLE, PROVISIONAL, ParseError
from styrkedja.connectors.cube import to_records

from .conftest import RECORDED, load


def _flat(doc: dict, codes: dict[str, str]) -> int:
    """Flat index computed by hand from id/size and category.index (row-major)."""
    idx = 0
    for dim, size in zip(doc["id"], doc["size"], strict=True):
        index = doc["dimension"][dim]["category"]["index"]
        pos = index[codes[dim]] if isinstance(index, dict) else index.index(codes[dim])
        idx = idx * size + pos
    return idx


TAB6471 = "scb_v2_pxwebpy_TAB6471_data.json"


@pytest.mark.parametrize(
    ("region", "alder", "kon", "tid"),
    [("07", "20-29", "2", "2026M03"), ("01", "0-9", "TotSa", "2026M01"), ("25", "100+10", "1", "2026M04")],
)
def test_tab6471_cells_match_hand_computed_index(region: str, alder: str, kon: str, tid: str) -> None:
    raw = load(TAB6471)
    codes = {"Region": region, "Alder": alder, "Kon": kon, "ContentsCode": "000007SF", "Tid": tid}
    expected = raw["value"][_flat(raw, codes)]
    parsed = jsonstat.parse_file(RECORDED / TAB6471)
    breakdown = {"1": "M", "2": "K", "TotSa": "T"}[kon]
    [rec] = [
        r
        for r in parsed.records
        if r.area == region and r.period == tid and r.breakdown == breakdown and r.series == f"000007SF|Alder={alder}"
    ]
    assert rec.value == expected
    assert rec.status == FINAL
    assert rec.unit == "antal"


def test_tab6471_shape_and_provenance() -> None:
    parsed = jsonstat.parse_file(RECORDED / TAB6471)
    assert len(parsed.records) == 21 * 11 * 3 * 4
    assert parsed.provenance.table == "TAB6471"
    assert parsed.provenance.format == "jsonstat"
    # the first value in the file: Stockholm (01), 0-9, total, 2026M01 (read off the file)
    first = parsed.records[0]
    assert (first.area, first.period, first.breakdown, first.value) == ("01", "2026M01", "T", 245284.0)
    # all four dataset notes are mandatory (CKM first), and the mandatory Alder note comes before any other
    notes = parsed.provenance.notes
    assert notes[0].startswith("Från och med referensåret 2025")
    assert any(n.startswith("ålder: Med ålder avses") for n in notes[:5])
    # never sums parts: no record without the age group in its series
    assert all("|Alder=" in r.series for r in parsed.records)
    assert {r.area for r in parsed.records} == {
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    }  # fmt: skip


def test_jsonstat1_bundle_region_eliminated_to_riket() -> None:
    path = RECORDED / "scb_v1_jsonstat1_BefolkningNy_kon_2017.json"
    with pytest.raises(ParseError, match="no region dimension"):
        jsonstat.parse_file(path)
    parsed = jsonstat.parse_file(path, default_area="00")
    [rec] = parsed.records
    assert (rec.series, rec.area, rec.period, rec.breakdown, rec.value) == ("BE0101N1", "00", "2017", "M", 5082662.0)
    assert rec.unit == "antal personer"
    assert parsed.provenance.table == "TAB638"


def test_statswe_jsonstat1_values_and_zeros_stay_zero() -> None:
    path = RECORDED / "jsonstat" / "scb_pxweb_v1_api_jsonstat1_statswe.json"
    parsed = jsonstat.parse_file(path)
    assert len(parsed.records) == 1120
    by = {(r.series, r.breakdown, r.period): r for r in parsed.records}
    assert by[("HS0301A1|Alder=80-84", "M", "1990")].value == 150
    assert by[("HS0301A1|Alder=80-84", "K", "1990")].value == 160
    assert by[("HS0301A1|Alder=85-89", "K", "1996")].value == 181
    raw = json.loads(path.read_text(encoding="utf-8"))["dataset"]["value"]
    zeros = sum(1 for v in raw if v == 0)
    assert zeros == sum(1 for r in parsed.records if r.value == 0.0)
    assert all(r.value is not None for r in parsed.records)
    assert {r.area for r in parsed.records} == {"25"}


def test_oecd_sample_values_and_status_e() -> None:
    doc = json.loads((RECORDED / "jsonstat" / "jsonstatorg_v2_oecd.json").read_text(encoding="utf-8"))
    cube = jsonstat.parse_cube(doc, "oecd.json")
    assert cube.cell(concept="UNR", area="AU", year="2003") == (5.943826289, "")
    assert cube.cell(concept="UNR", area="ES", year="2012")[0] == 25.04773498
    assert cube.cell(concept="UNR", area="GR", year="2014") == (27.2364419, "e")
    assert cube.index_of({"concept": "UNR", "area": "US", "year": "2010"}) == 403
    assert cube.values[403] == 9.627692959
    assert cube.dimension("area").codes[20] == "MX"
    recs = {(r.area, r.period): r for r in to_records(cube, check_areas=False)}
    gr = recs[("GR", "2014")]
    assert (gr.value, gr.status, gr.symbol) == (27.2364419, FINAL, "e")  # a note on a number keeps the number
    assert cube.notes and cube.notes[0].startswith("Most of the data")


def test_canada_status_array_applies_to_all_cells_and_sex_mapping() -> None:
    parsed = jsonstat.parse_file(RECORDED / "jsonstat" / "jsonstatorg_v2_canada.json", check_areas=False)
    assert len(parsed.records) == 120
    assert all(r.symbol == "a" for r in parsed.records)
    by = {(r.series, r.breakdown): r.value for r in parsed.records}
    assert by[("POP|age=T", "K")] == 17571.3  # F -> K (women)
    assert by[("POP|age=T", "M")] == 17309.1
    assert by[("POP|age=14", "K")] == 912.6  # "female POP 4th age row x1000 = 912600" (T, 4, 9, 14)


def test_galicia_values() -> None:
    doc = json.loads((RECORDED / "jsonstat" / "jsonstatorg_v2_galicia.json").read_text(encoding="utf-8"))
    cube = jsonstat.parse_cube(doc, "galicia.json")
    assert (cube.values[0], cube.values[547], cube.values[-1]) == (2695880, 11542, 11)
    assert len(list(to_records(cube, check_areas=False))) == 3960


def _doc(value: object, status: object = None, **extra: object) -> dict:
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "hand-built",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [1, 1, 5],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {"category": {"index": {"0780": 0}}},
            "ContentsCode": {"category": {"index": ["X1"]}},
            "Tid": {"category": {"index": ["2020", "2021", "2022", "2023", "2024"]}},
        },
        "value": value,
    }
    if status is not None:
        doc["status"] = status
    doc.update(extra)
    return doc


def test_status_symbols_give_none_and_keep_the_symbol() -> None:
    doc = _doc([None, None, None, 12.5, None], {"0": "..", "1": ".", "2": "-", "3": "*", "4": "..."})
    parsed = jsonstat.parse(json.dumps(doc).encode(), "hand.json")
    r = {x.period: x for x in parsed.records}
    assert (r["2020"].value, r["2020"].status, r["2020"].symbol) == (None, MISSING, "..")
    assert (r["2021"].value, r["2021"].status, r["2021"].symbol) == (None, NOT_APPLICABLE, ".")
    # '-' is SCB's nil ("nothing to report"): missing with its symbol, never 0 (see symbols.NIL)
    assert (r["2022"].value, r["2022"].status, r["2022"].symbol) == (None, MISSING, "-")
    assert "nil" in r["2022"].note
    assert (r["2023"].value, r["2023"].status, r["2023"].symbol) == (12.5, PROVISIONAL, "*")
    assert (r["2024"].value, r["2024"].status, r["2024"].symbol) == (None, MISSING, "...")


def test_null_without_status_is_missing_not_zero() -> None:
    parsed = jsonstat.parse(json.dumps(_doc([1, None, 3, 4, 5])).encode(), "hand.json")
    rec = parsed.records[1]
    assert rec.value is None and rec.status == MISSING and rec.symbol == ""


def test_sparse_value_object_only_listed_cells() -> None:
    doc = _doc({"1": 7, "4": 9.5})
    parsed = jsonstat.parse(json.dumps(doc).encode(), "sparse.json")
    assert [(r.period, r.value) for r in parsed.records] == [("2021", 7.0), ("2024", 9.5)]


def test_missing_label_and_array_index() -> None:
    doc = _doc([1, 2, 3, 4, 5])
    doc["dimension"]["Region"] = {"category": {"label": {"07": "Kronobergs län"}}}  # no index: one category
    parsed = jsonstat.parse(json.dumps(doc).encode(), "x.json")
    assert {r.area for r in parsed.records} == {"07"}
    assert [r.value for r in parsed.records] == [1, 2, 3, 4, 5]


def test_mandatory_notes_first() -> None:
    doc = _doc([1, 2, 3, 4, 5], note=["plain note", "must show"], extension={"noteMandatory": {"1": True}})
    parsed = jsonstat.parse(json.dumps(doc).encode(), "x.json")
    assert parsed.provenance.notes == ("must show", "plain note")


def test_several_extra_categories_go_into_series_or_select() -> None:
    doc = _doc([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    doc["id"] = ["Region", "Alder", "ContentsCode", "Tid"]
    doc["size"] = [1, 2, 1, 5]
    doc["dimension"]["Alder"] = {"category": {"index": ["0-19", "20-64"]}}
    parsed = jsonstat.parse(json.dumps(doc).encode(), "x.json")
    assert {r.series for r in parsed.records} == {"X1|Alder=0-19", "X1|Alder=20-64"}
    chosen = jsonstat.parse(json.dumps(doc).encode(), "x.json", select={"Alder": "20-64"})
    assert [(r.series, r.value) for r in chosen.records][:2] == [("X1", 6.0), ("X1", 7.0)]


def test_size_mismatch_names_dataset_and_counts() -> None:
    doc = _doc([1, 2, 3])
    with pytest.raises(ParseError) as err:
        jsonstat.parse(json.dumps(doc).encode(), "api/TAB1/data")
    assert "api/TAB1/data" in str(err.value) and "'hand-built'" in str(err.value)
    assert "5 cells" in str(err.value) and "3 entries" in str(err.value)


def test_no_nan_in_values() -> None:
    parsed = jsonstat.parse_file(RECORDED / TAB6471)
    assert not any(r.value is not None and math.isnan(r.value) for r in parsed.records)

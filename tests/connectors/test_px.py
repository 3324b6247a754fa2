"""PX files: each fixture's sidecar values, read through the same cube mapping."""

from __future__ import annotations

import pytest

from styrkedja.connectors import px
from styrkedja.connectors.base import MISSING, NOT_APPLICABLE
from styrkedja.connectors.cube import to_records

from .conftest import RECORDED

PX = RECORDED / "px"


def cube(name: str, language: str = "") -> px.Cube:
    return px.parse_cube((PX / name).read_bytes(), name, language=language)


def test_cso_vsa31_decimals() -> None:
    c = cube("cso_ie_VSA31.px")
    assert len(c.values) == 64
    assert c.cell(Region="IE11", Year="2002", Sex="1", Age="000") == (74.80, "")
    assert c.cell(Region="IE21", Year="2006", Sex="2", Age="000") == (81.20, "")
    assert c.cell(Region="IE25", Year="2006", Sex="2", Age="065") == (20.00, "")


def test_scb_be0101n1_iso88591_records() -> None:
    parsed = px.parse_file(PX / "scb_BE0101N1_sv_iso88591.px")
    by = {(r.series, r.area, r.period, r.breakdown): r.value for r in parsed.records}
    assert by[("BE0101N1|civilstånd=OG|ålder=45-54", "0114", "2020", "M")] == 1054
    assert by[("BE0101N1|civilstånd=OG|ålder=45-54", "0115", "2021", "K")] == 597
    assert by[("BE0101N2|civilstånd=G|ålder=55-64", "0115", "2021", "K")] == 45
    assert parsed.provenance.table == "TAB638"
    assert parsed.provenance.notes[0].startswith("Fr o m 2007-01-01 överförs Heby")  # NOTEX first
    assert all(r.unit == "antal" for r in parsed.records)


def test_scb_be0101a1_population_large() -> None:
    parsed = px.parse_file(PX / "scb_pxweb_BE0101A1_population.px")
    assert len(parsed.records) == 33936
    c = cube("scb_pxweb_BE0101A1_population.px")
    ms = c.dimension("marital status").codes
    age = c.dimension("age").codes
    sex = c.dimension("sex").codes
    assert (
        c.cell(**{"region": "01", "marital status": ms[0], "age": age[0], "sex": sex[0], "period": "2004"})[0] == 13201
    )
    assert (
        c.cell(**{"region": "01", "marital status": ms[1], "age": age[40], "sex": sex[1], "period": "2005"})[0] == 7487
    )
    assert (
        c.cell(**{"region": "25", "marital status": ms[0], "age": age[0], "sex": sex[0], "period": "2004"})[0] == 1239
    )
    assert c.values[-1] == 0.0  # Norrbotten, divorced, 100+, women, 2005: a real zero


def test_multilingual_en_and_sv() -> None:
    en = cube("scb_pxweb_BE0101F1_en_sv.px")
    assert en.cell(region="0114", age="21", period="2003", type="BE0101F2", sex="2") == (57, "")
    assert en.cell(region="00", age="20", period="2003", type="BE0101F1", sex="2") == (None, ".")
    assert en.cell(region="00", age="21", period="2003", type="BE0101F1", sex="2") == (None, "..")
    sv = cube("scb_pxweb_BE0101F1_en_sv.px", language="sv")
    assert sv.cell(region="01", ålder="21", tid="2003", typ="BE0101F2", kön="2") == (993, "")
    assert sv.dimension("typ").labels == ("Inflyttade", "Utflyttade")


def test_datasymbols_become_missing_with_texts() -> None:
    parsed = px.parse_file(PX / "scb_pxweb_BE0101F1datasymbols.px")
    by = {(r.area, r.series, r.breakdown): r for r in parsed.records}
    assert by[("00", "BE0101F1|age=20", "M")].value == 456
    two = by[("00", "BE0101F1|age=21", "K")]
    assert (two.value, two.status, two.symbol, two.note) == (None, MISSING, "..", "two")
    six = by[("01", "BE0101F1|age=22", "K")]
    assert (six.value, six.symbol, six.note) == (None, "......", "six")
    one = by[("00", "BE0101F1|age=20", "K")]
    assert (one.value, one.status, one.symbol) == (None, NOT_APPLICABLE, ".")
    assert by[("0114", "BE0101F1|age=20", "K")].value == 38
    assert by[("0115", "BE0101F1|age=22", "K")].value == 23


def test_nil_symbol_is_missing_with_symbol_kept() -> None:
    parsed = px.parse_file(PX / "scb_pxweb_BE0101F1nildotsymbols.px")
    by = {(r.area, r.series, r.breakdown): r for r in parsed.records}
    nil = by[("00", "BE0101F1|age=20", "M")]
    assert (nil.value, nil.status, nil.symbol) == (None, MISSING, "-")
    assert by[("0115", "BE0101F2|age=22", "K")].value == 35


def test_keys_rows() -> None:
    c = cube("scb_pxweb_BE0101F1symbnotkeys_KEYS.px")
    row = [c.cell(region="00", age="20", period="2003", type=t, sex=s) for t in ("BE0101F1", "BE0101F2") for s in "12"]
    assert row == [(456, ""), (None, "."), (223, ""), (327, "")]
    assert c.cell(region="0114", age="21", period="2003", type="BE0101F2", sex="2") == (57, "")
    assert [
        c.cell(region="0115", age="22", period="2003", type=t, sex=s)[0] for t in ("BE0101F1", "BE0101F2") for s in "12"
    ] == [20, 23, 33, 35]


def test_decimals_quarters_and_symbols() -> None:
    c = cube("scb_pxweb_EN0106A1_decimals_sv.px")
    g = "näringsgren SNI92"
    assert c.cell(**{g: "C+D", "bränsletyp": "EO1", "tid": "2001K2"}) == (57.15, "")
    assert c.cell(**{g: "C+D", "bränsletyp": "skol", "tid": "2001K3"}) == (131.85, "")
    assert c.cell(**{g: "C", "bränsletyp": "skol", "tid": "2001K4"}) == (9.00009, "")
    assert c.cell(**{g: "15+16", "bränsletyp": "skol", "tid": "2001K4"}) == (None, "..")
    recs = list(to_records(c, default_area="00"))
    assert {r.period for r in recs} == {"2001K2", "2001K3", "2001K4"}


def test_monthly_single_dimension() -> None:
    parsed = px.parse_file(PX / "scb_pxweb_PR0101D8_month.px", default_area="00")
    by = {r.period: r.value for r in parsed.records}
    assert len(by) == 58
    assert (by["2004M09"], by["2008M01"], by["2009M06"]) == (99.67, 104.73, 108.95)
    assert {r.series for r in parsed.records} == {"PR0101D8"}  # no contents variable: the table id


def test_ssb_years_in_file_order() -> None:
    c = cube("ssb_no_14216_tettsteder.px")
    assert c.values == [275.87, 276.3, 1110887.0, 1098061.0]
    assert c.cell(tettsted="0801", statistikkvariabel="Bosatte", år="2024") == (1098061.0, "")
    with pytest.raises(px.ParseError, match="no region dimension"):
        px.parse_file(PX / "ssb_no_14216_tettsteder.px")


def test_foreign_area_codes_are_rejected_with_dimension_and_code() -> None:
    with pytest.raises(px.ParseError, match="dimension 'Region', unknown area code 'IE11'"):
        px.parse_file(PX / "cso_ie_VSA31.px", area_dimension="Region")


def test_statfin_half_years() -> None:
    parsed = px.parse_file(PX / "statfin_001_111p_halfyear.px", default_area="00")
    by = {r.period: r.value for r in parsed.records}
    assert (by["1995H1"], by["2015H1"], by["2022H2"]) == (24.7314, 93.7969, 141.7410)
    assert len(by) == 56

"""The area reference data: read from areas.csv, checked against counts SCB publishes and a second reading."""

from __future__ import annotations

import csv
from importlib import resources

from styrkedja import data
from styrkedja.analytics import frames
from styrkedja.connectors import tidycsv


def _csv_rows() -> list[dict[str, str]]:
    text = resources.files("styrkedja.data").joinpath("areas.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_riket_counties_and_municipalities_match_the_file_and_scbs_counts():
    rows = _csv_rows()
    assert data.RIKET == "00"
    assert [r["code"] for r in rows if r["level"] == "country"] == [data.RIKET]
    # SCB: 21 counties since 1998, 290 municipalities since 2003.
    assert len(data.COUNTY_CODES) == 21
    assert len(data.MUNICIPALITY_CODES) == 290
    assert set(data.COUNTY_CODES) == {r["code"] for r in rows if r["level"] == "county"}
    assert all(m[:2] in data.COUNTIES for m in data.MUNICIPALITY_CODES)
    assert "02" not in data.COUNTIES and "12" in data.COUNTIES  # Malmöhus merged into Skåne


def test_default_peer_groups_are_the_counties_and_the_municipalities():
    assert data.DEFAULT_PEER_GROUPS["counties"] == data.COUNTY_CODES
    assert data.DEFAULT_PEER_GROUPS["municipalities"] == data.MUNICIPALITY_CODES
    assert frames.default_peer_group("07") == list(data.COUNTY_CODES)
    # from the reference data, whatever groups are passed (no group name is special)
    assert frames.default_peer_group("0780", {"other": ["0780"]}) == list(data.MUNICIPALITY_CODES)
    assert data.group_members("07") == tuple(sorted(r.code for r in data.area_rows() if r.parent == "07"))
    assert len(data.group_members("07")) == 8 and data.group_members("99") == ()


def test_area_codes_and_their_messages():
    assert data.is_area_code("00") and data.is_area_code("07") and data.is_area_code("0780")
    assert data.is_area_code("0799")  # a four-digit code in a county: older data keep merged municipalities
    assert not data.is_area_code("02") and not data.is_area_code("9999") and not data.is_area_code("SE")
    assert data.area_problem("0780") == ""
    message = data.area_problem("02")
    assert "'02'" in message and "00 (Riket)" in message and "(01, 03, ... 25)" in message


def test_one_name_for_riket_everywhere():
    """Analytics, connectors and reports take Riket's code from the reference data, not a copy of their own."""
    import styrkedja.connectors.codes as codes
    import styrkedja.reports.charts as charts

    assert frames.RIKET is data.RIKET
    for module in (codes, charts):
        assert not hasattr(module, "COUNTRY") and not hasattr(module, "COUNTRY_CODE")
    assert tidycsv.area_problem is data.area_problem

"""NaN and Infinity are not statistics: a file holding them is refused, naming the file and place."""

from __future__ import annotations

import json

import pytest

from styrkedja.connectors import kolada, pxjson
from styrkedja.connectors.base import ParseError
from styrkedja.connectors.jsonstat import load_json
from styrkedja.connectors.numbers import finite_float


def test_json_nan_literal_is_refused_naming_the_file():
    with pytest.raises(ParseError, match=r"f\.json: NaN is not a number"):
        load_json(b'{"value": [1, NaN]}', "f.json")


def test_kolada_infinite_value_is_refused():
    doc = {"values": [{"kpi": "N01951", "municipality": "0007", "period": 2024,
                       "values": [{"gender": "T", "count": 1, "status": "", "value": float("inf")}]}]}  # fmt: skip
    with pytest.raises(ParseError, match="value"):
        kolada.parse_data(doc, "k.json")


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1e999"])
def test_finite_float_rejects_non_finite_text(text):
    with pytest.raises(ValueError):
        finite_float(text)


def test_pxjson_inf_cell_is_not_a_final_value():
    doc = {
        "columns": [
            {"code": "Region", "text": "region", "type": "d"},
            {"code": "Tid", "text": "år", "type": "t"},
            {"code": "BE0101N1", "text": "Folkmängd", "type": "c"},
        ],
        "data": [{"key": ["00", "2020"], "values": ["inf"]}, {"key": ["00", "2021"], "values": ["1\u00a0234"]}],
    }
    raw = json.dumps(doc).encode()
    records = {r.period: r for r in pxjson.parse(raw, "p.json").records}
    assert records["2020"].value is None and records["2020"].status != "final"
    assert records["2021"].value == 1234.0  # a no-break space as thousands separator is still a number

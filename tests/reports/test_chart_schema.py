"""Every kind of chart is a valid Vega-Lite spec. Rendering skips Altair's validation (a third of the
charts' time in the national report), so the schema is checked here instead, once per kind."""

from __future__ import annotations

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import core

from styrkedja.reports import charts as c
from tests.reports.test_charts import COUNTIES, META, region

SCHEMA = core.load_schema()


def kinds() -> dict[str, c.Chart]:
    pts = [c.Point(code, f"Län {code}", "2024", float(i)) for i, code in enumerate(COUNTIES)]
    years = [c.Point(code, f"Län {code}", str(y), float(y - 2000)) for code in COUNTIES for y in (2020, 2024)]
    return {
        "region_vs_country": c.region_vs_country(
            region({"2020": 78.5, "2021": None, "2022": 79.3}), [c.Point("00", "Riket", "2020", 77.0)], META,
            peer_median=[("2020", 76.0)], peer_band=[c.Band("2020", 75.0, 77.5)],
            target=c.TargetMark(2025, 80.0, "≥ 80 % 2025"), forecast=c.Fan(2022, 79.3, 2025, 80.5, 79.0, 82.0),
        ),
        "ranking": c.ranking(pts, META, highlight="07"),
        "small_multiples": c.small_multiples(years, META, highlight="07"),
        "choropleth": c.choropleth(pts, META, highlight="07"),
        "by_sex": c.by_sex([c.Point("07", "Kronobergs län", "2023", 77.0, "K"),
                            c.Point("07", "Kronobergs län", "2023", 80.0, "M")], META),
        "sparkline": c.sparkline([("2020", 1.0), ("2021", None), ("2022", 3.0)], META),
    }  # fmt: skip


@pytest.mark.parametrize("kind", list(kinds()))
def test_every_kind_of_chart_is_a_valid_vega_lite_spec(kind):
    validate_jsonschema(kinds()[kind].spec, SCHEMA)


def test_the_check_fails_on_an_invalid_spec():
    spec = dict(kinds()["ranking"].spec, mark="no-such-mark")
    with pytest.raises(Exception, match="no-such-mark"):
        validate_jsonschema(spec, SCHEMA)

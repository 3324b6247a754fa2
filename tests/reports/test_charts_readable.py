"""Charts people can read: Riket never a bar or a panel among the counties nor on a county's absolute
axis, Swedish legend numbers, and a forecast fan that does not blow up the axis."""

from __future__ import annotations

from styrkedja.reports import charts as c
from tests.reports.test_charts import COUNTIES, META, region, rows_of

COUNT = c.Meta(title="Befolkning", unit="personer", decimals=0)


def _layers_with(spec: dict, field: str) -> list[dict]:
    return [layer for layer in spec["layer"] if any(field in r for r in rows_of(spec, layer))]


def test_riket_is_never_a_bar_and_a_rate_gets_a_reference_line():
    pts = [c.Point(code, f"Län {code}", "2024", 70.0 + i) for i, code in enumerate(COUNTIES)]
    pts.append(c.Point("00", "Riket", "2024", 80.5))
    chart = c.ranking(pts, META, highlight="07")
    bars = chart.spec["layer"][0]
    assert all(r["code"] != "00" for r in rows_of(chart.spec, bars)) and len(rows_of(chart.spec, bars)) == 21
    assert "Riket" not in str(bars["encoding"]["y"]["sort"])
    rule = next(layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "rule")
    assert rows_of(chart.spec, rule)[0]["value"] == 80.5 and rows_of(chart.spec, rule)[0]["label"] == "Riket 80,5"
    assert "Riket: 80,5\u00a0%" in chart.alt and ("–", "Riket", "80,5") in chart.rows
    assert "<line" in chart.svg or "<path" in chart.svg


def test_a_total_for_riket_gets_no_line_on_the_county_axis():
    pts = [c.Point(code, f"Län {code}", "2024", 100_000.0 + 1000 * i) for i, code in enumerate(COUNTIES)]
    pts.append(c.Point("00", "Riket", "2024", 10_500_000.0))
    chart = c.ranking(pts, COUNT, highlight="07")
    assert [layer["mark"]["type"] for layer in chart.spec["layer"]] == ["bar", "text"]
    top = max(r["value"] for r in rows_of(chart.spec, chart.spec["layer"][0]))
    assert top == 100_000.0 + 1000 * 20  # the axis ends at the largest county, not at Riket
    assert "Riket: 10 500 000 personer" in chart.alt.replace("\u00a0", " ").replace("\u202f", " ")


def test_small_multiples_riket_never_a_panel_and_a_total_never_drawn_in_a_panel():
    pts = [c.Point(code, f"Län {code}", str(y), 100_000.0 + y) for code in COUNTIES for y in (2020, 2024)]
    pts += [c.Point("00", "Riket", str(y), 10_000_000.0) for y in (2020, 2024)]
    country = [c.Point("00", "Riket", str(y), 10_000_000.0) for y in (2020, 2024)]
    chart = c.small_multiples(pts, COUNT, highlight="07", country=country)
    rows = rows_of(chart.spec, chart.spec)
    assert len({r["panel"] for r in rows}) == 21 and "Riket" not in {r["panel"] for r in rows}
    assert {r["series"] for r in rows} == {"area"}
    rate = [c.Point(code, f"Län {code}", "2024", 70.0 + i) for i, code in enumerate(COUNTIES)]
    with_line = c.small_multiples(rate, META, country=[c.Point("00", "Riket", "2024", 80.0)])
    assert sum(r["series"] == "country" for r in rows_of(with_line.spec, with_line.spec)) == 21


def test_map_legend_has_the_indicators_decimals_and_no_scale_without_values():
    pts = [c.Point(code, f"Län {code}", "2024", 2_000_000.0 + i) for i, code in enumerate(COUNTIES)]
    chart = c.choropleth(pts, COUNT)
    legend = chart.spec["layer"][0]["encoding"]["color"]["condition"]["legend"]
    assert legend["format"] == ",.0f"
    assert "2\u202f000\u202f000" in chart.svg or "2 000 000" in chart.svg or "2\u00a0000\u00a0000" in chart.svg
    assert "000,0" not in chart.svg
    empty = c.choropleth([], COUNT)
    assert "NaN" not in empty.svg and empty.spec["layer"][0]["encoding"]["color"] == {"value": "#e6e6e6"}


def test_a_wide_forecast_interval_is_clipped_at_the_axis():
    reg = region({str(y): 60.0 + y - 2014 for y in range(2014, 2024)})  # 60 .. 69
    fan = c.Fan(2023, 69.0, 2025, 71.0, 63.0, 319.0)
    chart = c.region_vs_country(reg, [], META, forecast=fan)
    area = next(layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "area")
    lo, hi = area["encoding"]["y"]["scale"]["domain"]
    assert area["mark"]["clip"] is True
    # the history 60-69 and the forecast's point 71: the span 11 widened by a tenth on each side
    assert (lo, hi) == (60.0 - 1.1, 71.0 + 1.1)
    assert "63,0–319,0" in chart.alt  # the interval is still told in full

"""The chart module: specs built from the input rows, SVG produced, text alternatives, tables, captions."""

from __future__ import annotations

import pytest

from styrkedja.reports import charts as c

NNBSP = "\u202f"
META = c.Meta(title="Sysselsättningsgrad", unit="%", processed_by="Region Kronoberg")
COUNTIES = [
    "01",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "12",
    "13",
    "14",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
]


def region(values: dict[str, float | None]) -> list[c.Point]:
    return [c.Point("07", "Kronobergs län", p, v) for p, v in values.items()]


def rows_of(spec: dict, part: dict) -> list:
    """The inline rows of a spec or layer (Altair may move them to the top-level `datasets`)."""
    data = part.get("data") or spec.get("data", {})
    if "values" in data:
        return data["values"]
    return spec.get("datasets", {}).get(data.get("name", ""), [])


def layer_values(spec: dict, field: str) -> list:
    return [row[field] for layer in spec.get("layer", [spec]) for row in rows_of(spec, layer) if field in row]


def test_region_vs_country_spec_holds_the_rows_target_and_fan():
    reg = region({"2020": 78.5, "2021": None, "2022": 79.3})
    country = [c.Point("00", "Riket", "2020", 77.0), c.Point("00", "Riket", "2022", 78.0)]
    chart = c.region_vs_country(
        reg,
        country,
        META,
        peer_median=[("2020", 76.0)],
        peer_band=[c.Band("2020", 75.0, 77.5)],
        target=c.TargetMark(2025, 80.0, "≥ 80 % 2025"),
        forecast=c.Fan(2022, 79.3, 2025, 80.5, 79.0, 82.0),
    )
    lines = next(layer for layer in chart.spec["layer"] if any("series" in r for r in rows_of(chart.spec, layer)))
    rows = {(r["series"], r["period"]): r["value"] for r in rows_of(chart.spec, lines)}
    assert rows[("Kronobergs län", "2020")] == 78.5
    assert rows[("Kronobergs län", "2021")] is None  # missing stays missing, never 0
    assert rows[("Riket", "2022")] == 78.0
    assert rows[("Median för jämförelseområdena", "2020")] == 76.0
    assert 80.0 in layer_values(chart.spec, "value")  # the target marker
    assert {79.0, 82.0} <= set(layer_values(chart.spec, "lo")) | set(layer_values(chart.spec, "hi"))
    assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg and "<title>" in chart.svg
    assert "aria-roledescription" not in chart.svg
    assert "79,3\u00a0%" in chart.alt and "Kronobergs län" in chart.alt  # the region's latest value, Swedish style
    assert "Prognos för 2025" in chart.alt
    assert chart.caption == "Källa: SCB. Bearbetning: Region Kronoberg."
    assert chart.columns[:3] == ("Period", "Kronobergs län", "Riket")
    assert (
        "2021",
        "uppgift saknas",
        "uppgift saknas",
        "uppgift saknas",
        "uppgift saknas",
        "uppgift saknas",
    ) in chart.rows


def test_english_labels_and_numbers():
    meta = c.Meta(title="Population", unit="persons", lang="en", decimals=0, source="Kolada", processed_by=None)
    chart = c.region_vs_country(region({"2014": 189128.0, "2024": 203000.0}), [], meta)
    assert "189,128 persons" in chart.alt and "203,000 persons" in chart.alt
    assert chart.caption == "Source: Kolada."


def test_ranking_sorts_highlights_without_colour_alone_and_ranks():
    pts = [c.Point(code, f"Län {code}", "2024", float(i)) for i, code in enumerate(COUNTIES)]
    pts.append(c.Point("00", "Riket", "2024", 10.5))
    pts.append(c.Point("99", "Utan värde", "2024", None))
    chart = c.ranking(pts, META, highlight="07")
    bars = chart.spec["layer"][0]
    names = bars["encoding"]["y"]["sort"]
    assert names[0] == "Län 25" and names[-1] == "Län 01"  # sorted, highest first
    assert "▶ Län 07" in names  # a text marker, not only colour
    assert "bold" in str(bars["encoding"]["y"]["axis"]["labelFontWeight"])
    hl = next(r for r in rows_of(chart.spec, bars) if r["code"] == "07")
    assert hl["group"] == "highlight" and hl["rank"] == 16  # 5 = value of 07, 15 counties above it
    assert "plats 16 av 21" in chart.alt and "Län 07 har 5,0\u00a0%" in chart.alt
    assert "Uppgift saknas: Utan värde" in chart.alt
    assert ("16", "▶ Län 07", "5,0") in chart.rows
    low = c.ranking(pts, META, highlight="07", higher_is_better=False)
    assert "plats 6 av 21" in low.alt


def test_small_multiples_one_panel_per_area():
    pts = [c.Point(code, f"Län {code}", str(y), float(y - 2000)) for code in COUNTIES for y in (2020, 2024)]
    chart = c.small_multiples(pts, META, highlight="07", country=[c.Point("00", "Riket", "2024", 3.0)])
    assert chart.spec["columns"] == 7
    panels = {r["panel"] for r in rows_of(chart.spec, chart.spec)}
    assert len(panels) == 21 and "▶ Län 07" in panels
    assert "21 områden" in chart.alt and "Län 07: från 20,0\u00a0% (2020) till 24,0\u00a0% (2024)" in chart.alt
    assert len(chart.rows) == 21 and chart.columns == ("Område", "2020", "2024")


def test_choropleth_joins_values_to_the_county_shapes():
    pts = [c.Point(code, f"Län {code}", "2024", float(i)) for i, code in enumerate(COUNTIES) if code != "25"]
    chart = c.choropleth(pts, META, highlight="07")
    base = chart.spec["layer"][0]
    features = rows_of(chart.spec, base)
    assert len(features) == 21 and {f["properties"]["code"] for f in features} == set(COUNTIES)
    lookup = base["transform"][0]
    assert lookup["lookup"] == "properties.code"
    assert {r["code"]: r["value"] for r in rows_of(chart.spec, lookup["from"])}["07"] == 5.0
    assert "<path" in chart.svg
    assert "Län 07: 5,0\u00a0%" in chart.alt and "1 områden saknar värde" in chart.alt
    municipal = c.choropleth([c.Point("0780", "Växjö", "2024", 2.0)], META, level="municipality", county="07")
    codes = {f["properties"]["code"] for f in rows_of(municipal.spec, municipal.spec["layer"][0])}
    assert "0780" in codes and all(code.startswith("07") for code in codes) and len(codes) == 8


def test_by_sex_and_sparkline():
    pts = [c.Point("07", "Kronobergs län", "2023", 77.0, "K"), c.Point("07", "Kronobergs län", "2023", 80.0, "M")]
    chart = c.by_sex(pts, META)
    assert "Kvinnor 77,0\u00a0%" in chart.alt and "Män 80,0\u00a0%" in chart.alt
    assert chart.spec["encoding"]["strokeDash"]["scale"]["domain"] == ["Kvinnor", "Män"]
    spark = c.sparkline([("2020", 1.0), ("2021", None), ("2022", 3.0)], META)
    assert spark.svg.count("<polyline") == 2  # the gap breaks the line
    assert "från 1,0\u00a0% år 2020 till 3,0\u00a0% år 2022" in spark.alt
    assert spark.spec["mark"]["type"] == "line"


def test_rendering_is_cached_by_spec(tmp_path, monkeypatch):
    monkeypatch.setattr(c.render, "_CACHE_DIR", None)  # restored after the test
    c.set_cache_dir(tmp_path)
    c.clear_cache()
    pts = region({"2020": 1.0, "2021": 2.0})
    before = c.render_count()
    first = c.region_vs_country(pts, [], c.Meta(title="Cachetest"))
    assert c.render_count() == before + 1
    again = c.region_vs_country(pts, [], c.Meta(title="Cachetest"))
    assert c.render_count() == before + 1 and again.svg == first.svg
    c.clear_cache()
    c.region_vs_country(pts, [], c.Meta(title="Cachetest"))  # from the disk cache
    assert c.render_count() == before + 1
    assert len(list(tmp_path.glob("*.svg"))) == 1
    c.region_vs_country(pts, [], c.Meta(title="Cachetest", lang="en"))
    assert c.render_count() == before + 2  # another locale is another rendering


@pytest.mark.parametrize(
    ("period", "year"), [("2024", 2024.0), ("2024K2", 2024.25), ("2024M03", 2024 + 2 / 12), ("x", None)]
)
def test_period_to_year(period, year):
    assert c.period_to_year(period) == (pytest.approx(year) if year else None)


def test_peer_summary_median_and_quartiles():
    pts = [c.Point(str(i), str(i), "2020", float(i)) for i in range(1, 6)] + [c.Point("9", "9", "2020", None)]
    median, band = c.peer_summary(pts)
    assert median == [("2020", 3.0)]
    assert band[0].lo == 2.0 and band[0].hi == 4.0


def test_index_points_divides_each_area_by_its_own_base_value():
    pts = [
        c.Point("07", "Kronoberg", "2014", 200.0),
        c.Point("07", "Kronoberg", "2024", 215.0),
        c.Point("00", "Riket", "2014", 10_000.0),
        c.Point("00", "Riket", "2024", 10_800.0),
        c.Point("08", "Kalmar", "2024", 250.0),  # no base value: left out, not indexed to another year
        c.Point("07", "Kronoberg", "2020", None),  # missing stays missing
    ]
    out = {(p.area_code, p.period): p.value for p in c.index_points(pts, "2014")}
    assert out[("07", "2024")] == pytest.approx(107.5) and out[("00", "2024")] == pytest.approx(108.0)
    assert out[("07", "2014")] == 100.0 and out[("07", "2020")] is None
    assert ("08", "2024") not in out

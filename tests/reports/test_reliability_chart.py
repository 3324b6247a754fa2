"""The reliability chart's text alternative and table come from its rows."""

from __future__ import annotations

from styrkedja.reports import charts


def test_reliability_chart_names_the_largest_gap_per_method():
    rows = [("A", 0.15, 0.30, 40), ("A", 0.55, 0.50, 40), ("A", 0.95, 0.20, 10), ("B", 0.25, 0.27, 40)]
    chart = charts.reliability(rows, charts.Meta(title="Hur ofta", source="test", processed_by=None))
    # the bin with 10 events is left out of the largest gap (fewer than 30 events)
    assert "A 15 procentenheter; B 2 procentenheter" in chart.alt
    assert chart.rows[0] == ("A", "15\u00a0%", "30\u00a0%", "40")
    assert "<title>" in chart.svg and chart.svg.count("Metod") == 1

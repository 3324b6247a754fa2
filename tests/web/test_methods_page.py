"""The methods page shows the stored back-test figures (never typed in) and a reliability chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.followup.models import EvaluationResult
from styrkedja.web.strategies.chainfile import load_document

from .test_dashboards_pages import MINIMAL, _user, add_evaluation, add_statistics, english

STORED = Path(__file__).resolve().parents[2] / "src" / "styrkedja" / "demo" / "data" / "calibration_backtest.json"


@pytest.fixture
def reader(db):
    ensure_roles()
    return _user("lasare", "reader")


def test_methods_page_shows_the_stored_figures(client, reader):
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    new80 = next(r for r in stored["coverage"] if r["method"] == "new" and r["family"] == "level" and r["level"] == 0.8)
    brier = next(r for r in stored["brier_pooled"] if r["method"] == "new" and r["event"] == "above_median")
    client.force_login(reader)
    html = client.get("/metod/sannolikhet/").content.decode()
    assert "Så bedömer vi sannolikheten" in html
    assert format_number_sv(new80["coverage"] * 100, 0, unit="%") in html
    assert format_number_sv(brier["brier"], 3) in html
    assert "Hur ofta ”över medianen” inträffade" in html and "<svg" in html
    english(client)
    html = client.get("/metod/sannolikhet/").content.decode()
    assert "How we assess the probability" in html
    assert format_number_en(brier["brier"], 3) in html


def test_footer_links_to_the_methods_page(client, reader):
    client.force_login(reader)
    html = client.get("/metod/sannolikhet/").content.decode()
    assert 'href="/metod/sannolikhet/"' in html


def test_overview_marks_uncertain_and_not_yet_known_probabilities(client, db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()
    client.force_login(_user("lasare", "reader"))
    res = EvaluationResult.objects.filter(probability__isnull=False).first()
    assert res is not None
    res.detail = {**res.detail, "caution": "stale"}
    res.save()
    html = client.get("/oversikt/").content.decode()
    assert "(osäker)" in html
    res.detail = {**res.detail, "caution": "not_yet_known"}
    res.save()
    cache.clear()
    html = client.get("/oversikt/").content.decode()
    assert "(utfallet ej känt ännu)" in html and "(osäker)" not in html


def test_reliability_chart_names_the_largest_gap_per_method():
    from styrkedja.reports import charts

    rows = [("A", 0.15, 0.30, 40), ("A", 0.55, 0.50, 40), ("A", 0.95, 0.20, 10), ("B", 0.25, 0.27, 40)]
    chart = charts.reliability(rows, charts.Meta(title="Hur ofta", source="test", processed_by=None))
    # the bin with 10 events is left out of the largest gap (fewer than 30 events)
    assert "A 15 procentenheter; B 2 procentenheter" in chart.alt
    assert chart.rows[0] == ("A", "15\u00a0%", "30\u00a0%", "40")
    assert "<title>" in chart.svg and chart.svg.count("Metod") == 1

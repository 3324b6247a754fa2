"""The methods page shows the stored back-test figures (never typed in) and a reliability chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.web.core.roles import ensure_roles

from .test_dashboards_pages import _user, english

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

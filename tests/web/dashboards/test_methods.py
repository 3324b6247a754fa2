"""The methods page shows the stored back-test figures (never typed in); the overview marks uncertain
and not-yet-known probabilities."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.cache import cache

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.web.followup.models import EvaluationResult
from tests.web.world import english

STORED = Path(__file__).resolve().parents[3] / "src" / "styrkedja" / "demo" / "data" / "calibration_backtest.json"


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
    assert 'href="/metod/sannolikhet/"' in html  # the footer links to it
    english(client)
    html = client.get("/metod/sannolikhet/").content.decode()
    assert "How we assess the probability" in html
    assert format_number_en(brier["brier"], 3) in html


def test_overview_marks_uncertain_and_not_yet_known_probabilities(client, reader):
    client.force_login(reader)
    res = EvaluationResult.objects.filter(probability__isnull=False).first()
    assert res is not None
    res.detail = {**res.detail, "caution": "stale"}
    res.save()
    cache.clear()
    html = client.get("/oversikt/").content.decode()
    assert "(osäker)" in html
    res.detail = {**res.detail, "caution": "not_yet_known"}
    res.save()
    cache.clear()
    html = client.get("/oversikt/").content.decode()
    assert "(utfallet ej känt ännu)" in html and "(osäker)" not in html

"""Stale, thin and not-yet-known forecasts say so; every forecast states the history it rests on."""

from __future__ import annotations

from datetime import date

import numpy as np

from styrkedja.analytics import family as fam
from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.data import COUNTY_CODES

from .conftest import make_obs, spec


def _panel(first: int, last: int) -> dict[str, dict[int, float | None]]:
    rng = np.random.default_rng(7)
    out: dict[str, dict[int, float | None]] = {}
    for a in ("00", *COUNTY_CODES):
        v = 100.0 + rng.uniform(0, 50)
        series: dict[int, float | None] = {}
        for y in range(first, last + 1):
            v *= 1 + rng.normal(0.01, 0.02)
            series[y] = v
        out[a] = series
    return out


def test_data_ending_long_before_the_evaluation_is_uncertain_and_has_no_fan() -> None:
    obs = make_obs(_panel(2000, 2017))
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=150.0, operator=">=")
    res = evaluate([spec(rule)], obs, as_of=date(2026, 6, 1))[0]
    assert res.probability is not None and res.caution == m.CAUTION_STALE
    assert res.forecast is None  # no interval drawn as if it were precise
    assert "Osäker bedömning: senaste data 2017." in res.explanation_sv
    assert "Uncertain assessment: latest data 2017." in res.explanation_en
    assert res.history_from == 2000
    assert "Bedömningen bygger på data 2000–2017" in res.explanation_sv


def test_a_passed_target_year_without_data_is_not_known_yet() -> None:
    obs = make_obs(_panel(2005, 2024))
    rule = m.TargetRule(rule=m.LEVEL, target_year=2025, value=150.0, operator=">=")
    res = evaluate([spec(rule)], obs, as_of=date(2026, 6, 1))[0]
    assert res.caution == m.CAUTION_NOT_YET_KNOWN
    assert "Målåret 2025 är inte publicerat än; bedömningen bygger på data t.o.m. 2024." in res.explanation_sv
    assert res.explanation_sv.count("2025 är") == 1  # said once, not twice in other words
    assert res.calibration_n is not None and res.calibration_n > 0
    assert f"hur {res.calibration_n} tidigare prognoser" in res.explanation_sv


def test_a_short_series_is_thin() -> None:
    obs = make_obs(_panel(2020, 2024))
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=150.0, operator=">=")
    res = evaluate([spec(rule)], obs, as_of=date(2025, 6, 1))[0]
    assert res.caution == m.CAUTION_THIN
    assert "Osäker bedömning: för kort historik" in res.explanation_sv


def test_family_defaults_and_override() -> None:
    assert fam.default_family("share", "procent") == fam.SHARE
    assert fam.default_family("rate", "arbetsställen per 1000 invånare") == fam.SHARE
    assert fam.default_family("ratio", "tkr per sysselsatt") == fam.MONEY
    assert fam.default_family("count", "million EUR") == fam.MONEY
    assert fam.default_family("count", "personer") == fam.LEVEL
    ind = m.IndicatorInfo(key="g", name="Gästnätter", family=fam.VOLATILE)
    assert fam.family_of(ind) == fam.VOLATILE

"""Stale, thin and not-yet-known forecasts say so; every forecast states the history it rests on."""

from __future__ import annotations

from datetime import date

import numpy as np

from styrkedja.analytics import family as fam
from styrkedja.analytics import model as m
from styrkedja.analytics import targets as tg
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
    assert res.status == m.NOT_YET_KNOWN  # never a forecast status such as "on track" for a year already over
    assert res.probability is not None and 0.0 < res.probability < 1.0  # the forecast of the outcome stays
    assert "Utfallet är inte känt ännu." in res.explanation_sv
    assert "The outcome is not known yet." in res.explanation_en
    assert "nåddes bedöms till" in res.explanation_sv and "nås bedöms" not in res.explanation_sv
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


def test_not_known_yet_is_only_for_a_year_that_is_over_and_unpublished() -> None:
    obs = make_obs(_panel(2005, 2024))
    rules = [
        m.TargetRule(rule=m.LEVEL, target_year=2026, value=150.0, operator=">="),  # the year is still running
        m.TargetRule(rule=m.LEVEL, target_year=2024, value=150.0, operator=">="),  # published: decided
    ]
    running, published = evaluate([spec(r, key=f"t{i}") for i, r in enumerate(rules)], obs, as_of=date(2026, 6, 1))
    assert running.status in (m.ON_TRACK, m.AT_RISK, m.OFF_TRACK)
    assert published.status in (m.MET, m.NOT_MET)
    empty = make_obs({**_panel(2005, 2024), "07": {2003: None}})
    rule = m.TargetRule(rule=m.LEVEL, target_year=2025, value=150.0, operator=">=")
    assert evaluate([spec(rule)], empty, as_of=date(2026, 6, 1))[0].status == m.NO_DATA  # no data stays no data


def test_a_relative_target_for_a_year_that_is_over_is_not_known_yet() -> None:
    obs = make_obs(_panel(2005, 2024))
    rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2015, benchmark="peer_median")
    res = evaluate([spec(rule)], obs, as_of=date(2026, 6, 1))[0]
    assert res.status == m.NOT_YET_KNOWN and res.probability is not None
    later = evaluate([spec(rule)], obs, as_of=date(2025, 6, 1))[0]  # the same result while 2025 is running
    assert later.status == tg.status_from_probability(later.probability)


def test_not_known_yet_is_a_status_with_its_label_icon_and_rank() -> None:
    from styrkedja.analytics import rollup
    from styrkedja.reports.assemble.words import ICONS, SUMMARY_STATUSES, word

    assert m.NOT_YET_KNOWN in m.STATUSES and m.NOT_YET_KNOWN in SUMMARY_STATUSES
    assert word(m.NOT_YET_KNOWN, "sv") == "Ej känt ännu" and word(m.NOT_YET_KNOWN, "en") == "not known yet"
    assert ICONS[m.NOT_YET_KNOWN] not in (ICONS[m.NO_DATA], ICONS[m.ON_TRACK])
    # a goal with one target met and one not known yet is not yet known to be met; an open one is shown first
    assert rollup.worst_status([m.MET, m.NOT_YET_KNOWN]) == m.NOT_YET_KNOWN
    assert rollup.worst_status([m.AT_RISK, m.NOT_YET_KNOWN]) == m.AT_RISK
    assert rollup.worst_status([m.NO_DATA, m.NOT_YET_KNOWN]) == m.NOT_YET_KNOWN

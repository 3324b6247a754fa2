"""Explanations in Swedish and English for every result, including no_data and trends."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.explain import explain_target
from styrkedja.analytics.reasons import clauses
from styrkedja.analytics.trend import assess_trend

from .conftest import make_obs, spec

POP_EN = m.IndicatorInfo(key="population_31dec", name="Befolkningsantal", name_en="Population", decimals=0)
NBSP = "\u00a0"


def _missing_base(obs: pl.DataFrame) -> pl.DataFrame:
    return obs.filter(~((pl.col("area") == "07") & (pl.col("period") == "2014")))


def test_no_data_missing_base_year_explained_in_both_languages(eurostat_obs: pl.DataFrame) -> None:
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2014, benchmark="peer_median", operator=">"
    )
    s = spec(rule, indicator=POP_EN)
    res = evaluate([s], _missing_base(eurostat_obs), as_of=date(2026, 3, 1))[0]
    assert res.status == m.NO_DATA
    sv, en = explain_target(s, res)
    assert sv.startswith("Målet kan inte bedömas: värde för basåret 2014 saknas för Kronobergs län.")
    assert en.startswith("The target cannot be assessed: there is no value for Kronobergs län in the base year 2014.")
    assert "Population" in en and "Befolkningsantal" not in en
    assert "Befolkningsantal" in sv and "över medianen 2014\u20132025" in sv


def test_every_target_result_has_both_explanations(eurostat_obs: pl.DataFrame) -> None:
    rules = [
        m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2014, benchmark="peer_median"),
        m.TargetRule(rule=m.CHANGE, target_year=2030, base_year=2014, change="increase", value=5),
        m.TargetRule(rule=m.LEVEL, target_year=2030, operator=">="),  # invalid: no value
    ]
    results = evaluate([spec(r, indicator=POP_EN) for r in rules], _missing_base(eurostat_obs), as_of=date(2026, 3, 1))
    assert all(r.status == m.NO_DATA for r in results)
    for r in results:
        assert r.explanation_sv.startswith("Målet kan inte bedömas: ")
        assert r.explanation_en.startswith("The target cannot be assessed: ")


@pytest.mark.parametrize(
    ("why", "sv", "en"),
    [
        (
            m.Reason(m.Why.TOO_FEW_TO_FORECAST, n=2, minimum=3),
            "det finns bara 2 observationer för Kronobergs län, och en prognos kräver minst 3",
            "there are only 2 observations for Kronobergs län, and a forecast needs at least 3",
        ),
        (
            m.Reason(m.Why.NO_OBSERVATIONS, year=2030),
            "det finns inga värden för Kronobergs län till och med 2030",
            "there are no values for Kronobergs län up to 2030",
        ),
        (
            m.Reason(m.Why.NO_COMMON_YEAR, year=2025),
            "det finns inget år till och med 2025 med värden för både Kronobergs län och jämförelsegruppen",
            "no year up to 2025 has values for both Kronobergs län and its peers",
        ),
        (
            m.Reason(m.Why.NO_PEERS),
            "det finns ingen jämförelsegrupp att jämföra Kronobergs län med",
            "there is no peer group to compare Kronobergs län with",
        ),
        (
            m.Reason(m.Why.TOO_FEW_PEERS, n=1, minimum=2),
            "jämförelsegruppen har 1 område utöver Kronobergs län, och en jämförelse med en grupp kräver minst 2",
            "the peer group has 1 area besides Kronobergs län, and a comparison with a group needs at least 2",
        ),
        (m.Reason(m.Why.UNKNOWN_PEER_GROUP, detail="x"), "jämförelsegruppen x är okänd", "the peer group x is unknown"),
        (None, "underlag saknas för Kronobergs län", "data are missing for Kronobergs län"),
    ],
)
def test_no_data_reasons_in_plain_language(why: m.Reason | None, sv: str, en: str) -> None:
    assert clauses(why, "Kronobergs län") == (sv, en)


def test_every_reason_code_has_its_own_sentence() -> None:
    """A new code without a sentence fails here (KeyError), never falls back to a generic clause."""
    seen = set()
    for code in m.Why:
        sv, en = clauses(m.Reason(code, year=2020, n=2, minimum=3, detail="d"), "X")
        assert "X" in sv + en or code in (m.Why.INVALID_RULE, m.Why.UNKNOWN_PEER_GROUP, m.Why.NOT_AN_AREA)
        seen.add((sv, en))
    assert len(seen) == len(m.Why)


def test_the_reason_code_is_carried_on_the_result_and_in_json(eurostat_obs: pl.DataFrame) -> None:
    rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2014, benchmark="peer_median")
    res = evaluate([spec(rule, indicator=POP_EN)], _missing_base(eurostat_obs), as_of=date(2026, 3, 1))[0]
    assert res.why == m.Reason(m.Why.NO_BASE_VALUE, year=2014)
    assert res.to_dict()["reason_code"] == "no_base_value"
    assert res.reason == "no value for 07 in the base year 2014"


def test_short_series_no_data_explained() -> None:
    obs = make_obs({"07": {2022: 10.0, 2023: 11.0}})
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=12.0, operator=">=")
    s = spec(rule)
    res = evaluate([s], obs, as_of=date(2025, 1, 1))[0]
    sv, en = explain_target(s, res)
    assert sv.startswith("Målet kan inte bedömas: det finns bara 2 observationer för Kronobergs län")
    assert sv.endswith("Målet gäller Indikatorn: minst 12,0 år 2030.")
    assert en.startswith("The target cannot be assessed: there are only 2 observations")


def test_english_name_used_and_falls_back_to_swedish(eurostat_obs: pl.DataFrame) -> None:
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2014, benchmark="peer_median", operator=">"
    )
    with_en = evaluate([spec(rule, indicator=POP_EN)], eurostat_obs, as_of=date(2026, 3, 1))[0]
    assert with_en.explanation_en.startswith("Population in Kronobergs län increased by 7.5% 2014\u20132024;")
    assert with_en.explanation_sv.startswith(
        f"Befolkningsantalet i Kronobergs län ökade med 7,5{NBSP}% 2014\u20132024; medianlänet ökade med 7,0{NBSP}%. "
        "Länet ligger på plats 6 av 21 efter tillväxt 2014\u20132024. Utfallet är inte känt ännu. Sannolikheten att "
        "målet (över medianen 2014\u20132025) nåddes bedöms till "
    )  # 2025 is over when evaluated in 2026 but not published: "ej känt ännu", said in the past tense
    # "Preliminary" said as what it means; no bare "Preliminärt".
    assert "Målåret 2025 är inte publicerat än; bedömningen bygger på data t.o.m. 2024." in with_en.explanation_sv
    assert "The target year 2025 is not published yet; the assessment uses data through 2024." in (
        with_en.explanation_en
    )
    assert "ranks 6th of 21 by growth 2014\u20132024." in with_en.explanation_en
    sv_only = m.IndicatorInfo(key="population_31dec", name="Befolkningsantal", decimals=0)
    assert sv_only.label_en == "Befolkningsantal"
    res = evaluate([spec(rule, indicator=sv_only)], eurostat_obs, as_of=date(2026, 3, 1))[0]
    assert res.explanation_en.startswith("Befolkningsantal in Kronobergs län increased by 7.5%")


def test_trend_explanations_no_data_and_name_en(eurostat_obs: pl.DataFrame) -> None:
    specs = [
        m.TrendSpec("g", "Fler invånare", POP_EN, "07", "Kronobergs län", base_year=2014),
        m.TrendSpec("g", "Fler invånare", POP_EN, "07", "Kronobergs län", base_year=1990),
    ]
    ok, missing = assess_trend(specs, eurostat_obs, as_of=date(2026, 1, 1))
    assert ok.explanation_en.startswith("Population in Kronobergs län increased by 7.5% 2014\u20132024 and has thus")
    assert ok.explanation_sv.startswith(f"Befolkningsantalet i Kronobergs län ökade med 7,5{NBSP}% 2014\u20132024")
    assert missing.status == m.NO_DATA
    assert missing.explanation_sv == (
        "Utvecklingen för Befolkningsantal kan inte bedömas: värde för basåret 1990 saknas för Kronobergs län."
    )
    assert missing.explanation_en == (
        "The trend of Population cannot be assessed: there is no value for Kronobergs län in the base year 1990."
    )


def test_neutral_trend_reports_direction_without_judging(eurostat_obs: pl.DataFrame) -> None:
    neutral = m.IndicatorInfo(
        key="population_31dec", name="Befolkningsantal", name_en="Population", decimals=0, direction=m.NEUTRAL
    )
    res = assess_trend(
        [m.TrendSpec("g", "Befolkning", neutral, "07", "Kronobergs län", base_year=2014)],
        eurostat_obs,
        as_of=date(2026, 1, 1),
    )[0]
    assert (
        "ökade med 7,5" in res.explanation_sv and "Population in Kronobergs län increased by 7.5%" in res.explanation_en
    )
    for word in ("förbättr", "försämr"):
        assert word not in res.explanation_sv
    for word in ("improv", "worse", "deteriorat"):
        assert word not in res.explanation_en
    assert "ingen önskad riktning" in res.explanation_sv


def test_lower_is_better_trend_still_judges(eurostat_obs: pl.DataFrame) -> None:
    ind = m.IndicatorInfo(key="x", name="Arbetslösheten", name_en="Unemployment", measure_type="rate", unit="%",
                          direction=m.LOWER_IS_BETTER)  # fmt: skip
    obs = make_obs({"07": {2015: 8.0, 2020: 7.8, 2024: 6.0}, "00": {2015: 7.0, 2024: 7.5}})
    res = assess_trend([m.TrendSpec("g", "Lägre", ind, "07", "Kronobergs län")], obs, as_of=date(2025, 1, 1))[0]
    assert "förbättrats" in res.explanation_sv and "improved" in res.explanation_en
    assert f"minskade med 2,0{NBSP}procentenheter" in res.explanation_sv
    assert "Unemployment in Kronobergs län decreased by 2.0 percentage points" in res.explanation_en

"""Series and groups outside the annual county case, each checked against a hand computation:
monthly series get a trend from annual means, a "last five years" window on a biennial series says
which years it used, a peer group of one other area is refused, and the texts read right (definite
forms, no doubled place, English agreement, a custom peer group named as such, pandemic years)."""

from __future__ import annotations

from datetime import date

import polars as pl

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.frames import annual_means, observations_frame
from styrkedja.analytics.trend import assess_trend

from .conftest import make_obs, spec

NBSP = "\u00a0"
PRICES = m.IndicatorInfo(key="prices", name="Bostadspriser", name_en="House prices", unit="tkr", decimals=0)


def monthly(values: dict[str, dict[str, float]]) -> pl.DataFrame:
    rows = [
        {"indicator": "prices", "area": a, "period": p, "value": v} for a, ps in values.items() for p, v in ps.items()
    ]
    return observations_frame(rows)


def price(area: str, year: int, month: int) -> float:
    return {"07": 1000.0, "00": 2000.0}[area] * (1.05 if area == "07" else 1.02) ** (year - 2015) + month


def test_a_monthly_series_gets_a_trend_from_annual_means() -> None:
    data = {
        a: {f"{y}M{mo:02d}": price(a, y, mo) for y in range(2015, 2025) for mo in range(1, 13)} for a in ("07", "00")
    }
    del data["07"]["2024M12"]  # 2024 is incomplete in the county: its annual value is missing, not a mean of 11
    obs = monthly(data)
    res = assess_trend([m.TrendSpec("g", "Bostäder", PRICES, "07", "Kronobergs län")], obs, as_of=date(2026, 1, 1))[0]
    # By hand: annual mean = base * growth^(y - 2015) + 6.5 (the mean of months 1..12); last full year 2023.
    mean_2015, mean_2023 = 1000.0 + 6.5, 1000.0 * 1.05**8 + 6.5
    assert res.status == m.IMPROVING
    assert (res.base_year, res.data_through) == (2015, 2023)
    assert res.change is not None and abs(res.change - 100 * (mean_2023 / mean_2015 - 1)) < 1e-9
    riket = 100 * ((2000.0 * 1.02**8 + 6.5) / (2000.0 + 6.5) - 1)
    assert res.riket_change is not None and abs(res.riket_change - riket) < 1e-9


def test_annual_means_only_fill_years_without_an_annual_value() -> None:
    rows = [{"indicator": "x", "area": "07", "period": f"2024K{q}", "value": float(q)} for q in range(1, 5)]
    rows.append({"indicator": "x", "area": "07", "period": "2023", "value": 9.0})
    rows += [{"indicator": "x", "area": "07", "period": f"2023K{q}", "value": 1.0} for q in range(1, 5)]
    out = annual_means(observations_frame(rows)).filter(pl.col("period").str.len_chars() == 4).sort("period")
    assert out["period"].to_list() == ["2023", "2024"]
    assert out["value"].to_list() == [9.0, 2.5]  # the published 2023 stays; 2024 = (1+2+3+4)/4


FOU = m.IndicatorInfo(
    key="fou", name="Utgifter för FoU totalt", name_en="Total R&D expenditure", unit="kr per invånare"
)


def test_a_five_year_window_on_a_biennial_series_says_which_years_it_used() -> None:
    odd = {y: 100.0 + 10 * (y - 2011) for y in range(2011, 2022, 2)}  # 2011, 2013, …, 2021
    res = assess_trend([m.TrendSpec("g", "FoU", FOU, "07", "Kronobergs län")], make_obs({"07": odd, "00": odd}, "fou"),
                       as_of=date(2024, 1, 1))[0]  # fmt: skip
    # 2021 - 5 = 2016 has no value: the nearest earlier year, 2015, is used, and the text says so.
    assert res.recent_base_year == 2015
    assert res.recent_change is not None and abs(res.recent_change - 100 * (200.0 / 140.0 - 1)) < 1e-9
    assert "de senaste fem åren (2015\u20132021; 2016 saknar värde, så 2015 används)" in res.explanation_sv
    assert "last five years (2015\u20132021; 2016 has no value, so 2015 is used)" in res.explanation_en


def _counties(base: float = 100.0) -> dict[str, dict[int, float]]:
    codes = ["06", "07", "08", "00"]
    return {c: {y: base + i * (y - 2014) for y in range(2014, 2025)} for i, c in enumerate(codes, start=1)}


def test_a_peer_group_of_one_other_area_is_refused_not_ranked() -> None:
    groups = {"en": ["06"], "bara-sig": ["07"], "tva": ["06", "08"]}
    rules = {
        g: m.TargetRule(rule=m.RANK, target_year=2024, rank=1, rank_by="level", peer_group=g, operator="<=")
        for g in groups
    }
    results = evaluate([spec(r, key=g) for g, r in rules.items()], make_obs(_counties()), peer_groups=groups,
                       as_of=date(2026, 1, 1))  # fmt: skip
    by_key = {r.target_key: r for r in results}
    for g, n in (("en", 1), ("bara-sig", 0)):
        r = by_key[g]
        assert r.status == m.NO_DATA and r.rank is None
        assert r.why == m.Reason(m.Why.TOO_FEW_PEERS, n=n, minimum=2)
        assert "jämförelsegruppen har" in r.explanation_sv and "1 av 1" not in r.explanation_sv
    # Two other areas: ranked. By hand at 2024: 06 = 110, 07 = 120, 08 = 130 -> 07 is 2nd of 3.
    assert (by_key["tva"].rank, by_key["tva"].rank_n) == (2, 3)
    assert "plats 2 av 3 efter nivå 2024" in by_key["tva"].explanation_sv


def test_english_names_a_custom_peer_group_as_the_swedish_does() -> None:
    rule = m.TargetRule(rule=m.LEVEL_VS_BENCHMARK, target_year=2024, benchmark="peer_median", peer_group="grannar")
    res = evaluate([spec(rule)], make_obs(_counties()), peer_groups={"grannar": ["06", "07", "08"]},
                   as_of=date(2026, 1, 1))[0]  # fmt: skip
    # By hand: the median of 110, 120 and 130 is 120.
    assert res.benchmark is not None and res.benchmark.value == 120.0
    assert "medianen i jämförelsegruppen låg på 120,0" in res.explanation_sv
    assert "the median of the peer group was 120.0" in res.explanation_en
    assert "counties" not in res.explanation_en


NIGHTS = m.IndicatorInfo(key="n", name="Besöksnätter i länet", name_en="Guest nights in the county", decimals=0)


def test_definite_form_one_place_english_agreement_and_a_pandemic_start() -> None:
    series = {"07": {y: 1000.0 + 100 * (y - 2020) for y in range(2020, 2025)}}
    res = assess_trend([m.TrendSpec("g", "Besök", NIGHTS, "07", "Kronobergs län")], make_obs(series, "n"),
                       as_of=date(2026, 1, 1))[0]  # fmt: skip
    # By hand: 1000 -> 1400 is +40 %.
    assert res.explanation_sv.startswith(f"Besöksnätterna i Kronobergs län ökade med 40,0{NBSP}% 2020\u20132024")
    assert "i länet i" not in res.explanation_sv
    assert res.explanation_en.startswith("Guest nights in Kronobergs län increased by 40.0% 2020\u20132024 and have")
    assert "Observera att startåret 2020 var ett pandemiår." in res.explanation_sv
    assert "Note that the first year, 2020, was a pandemic year." in res.explanation_en


RATE = m.IndicatorInfo(key="r", name="Sysselsättningsgrad", name_en="Employment rate", unit="procent",
                       measure_type="rate")  # fmt: skip


def test_a_target_already_reached_before_its_year_is_not_called_achieved_next_to_a_probability() -> None:
    series = {"07": {y: 78.0 + 0.5 * (y - 2014) for y in range(2014, 2025)}}  # 83.0 in 2024
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, value=80.0, operator=">=")
    res = evaluate([spec(rule, indicator=RATE)], make_obs(series, "r"), as_of=date(2025, 6, 1))[0]
    assert res.status in (m.ON_TRACK, m.AT_RISK, m.OFF_TRACK) and res.probability is not None
    assert "målet är uppnått" not in res.explanation_sv
    assert f"det senaste värdet ligger redan på minst 80,0{NBSP}procent" in res.explanation_sv
    assert "the latest value is already at least 80.0%" in res.explanation_en
    assert "Sysselsättningsgraden i Kronobergs län var 83,0" in res.explanation_sv
    assert "procent" not in res.explanation_en


def test_monthly_annual_means_also_from_categorical_keys() -> None:
    """Frames read from PostgreSQL have categorical keys; the annual means are the same (6.5 by hand)."""
    from styrkedja.analytics.frames import annual_means

    rows = [("hp", "07", f"2020M{m:02d}", "T", float(m)) for m in range(1, 13)] + [("pop", "07", "2020", "T", 5.0)]
    df = pl.DataFrame(rows, schema=["indicator", "area", "period", "breakdown", "value"], orient="row")
    keys = ["indicator", "area", "period", "breakdown"]
    for frame in (df, df.with_columns([pl.col(c).cast(pl.Categorical) for c in keys])):
        out = annual_means(frame).filter(pl.col("period").cast(pl.String) == "2020").sort("indicator")
        assert out.select("indicator", "value").rows() == [("hp", 6.5), ("pop", 5.0)]

"""Real county population figures, recomputed here by a second method (plain Python)."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.frames import COUNTY_CODES

from .conftest import POP, read_eurostat_plain, read_scb_plain, spec


def plain_growths(values: dict[str, dict[int, float]], b: int, e: int) -> dict[str, float]:
    return {a: (values[a][e] / values[a][b] - 1) * 100 for a in COUNTY_CODES}


def plain_rank(growths: dict[str, float], area: str) -> int:
    return 1 + sum(1 for g in growths.values() if g > growths[area])


def test_methods_note_worked_example_2005_2015(scb_obs) -> None:  # type: ignore[no-untyped-def]
    values, names = read_scb_plain()
    g = plain_growths(values, 2005, 2015)
    ordered = sorted(g.values())
    median = ordered[10]  # 11th of 21
    riket = (values["00"][2015] / values["00"][2005] - 1) * 100
    # methods.md section 5.2 (reproduced there): the published figures of the note
    assert round(median, 4) == 3.6876
    assert round(riket, 4) == 8.8781
    assert round(statistics.median([*g.values(), riket]), 4) == 4.5178  # wrongly including Riket
    top10 = sorted(g, key=lambda a: -g[a])[:10]
    assert [round(g[a], 3) for a in top10] == [18.069, 16.361, 11.472, 10.115, 8.330, 7.866, 7.244, 7.052, 6.162, 5.348]
    assert "Kronoberg" in names[top10[6]] and "Stockholm" in names[top10[0]]

    rule_med = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2015, base_year=2005, benchmark="peer_median", operator=">"
    )
    rule_rik = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2015, base_year=2005, benchmark="riket", operator=">"
    )
    rule_top = m.TargetRule(rule=m.RANK, target_year=2015, base_year=2005, rank=10, rank_by="growth")
    specs = [
        spec(r, area=a, indicator=POP, key=f"{k}{a}")
        for a in COUNTY_CODES
        for k, r in (("m", rule_med), ("r", rule_rik), ("t", rule_top))
    ]
    res = evaluate(specs, scb_obs, as_of=date(2016, 12, 31))
    by = {r.target_key: r for r in res}
    for a in COUNTY_CODES:
        rm, rr, rt = by[f"m{a}"], by[f"r{a}"], by[f"t{a}"]
        assert rm.growth == pytest.approx(g[a], abs=1e-9)
        assert rm.benchmark is not None and rm.benchmark.value == pytest.approx(median, abs=1e-9)
        assert rm.benchmark.n == 21
        assert rr.benchmark is not None and rr.benchmark.value == pytest.approx(riket, abs=1e-9)
        assert rt.rank == plain_rank(g, a)
        # with 21 distinct values, "above the median" and "among the ten highest" coincide
        assert (rm.status == m.MET) == (a in top10) == (rt.status == m.MET)
        assert (rr.status == m.MET) == (g[a] > riket)
        assert not rm.preliminary and rm.probability is None


def test_kronoberg_population_2014_2024(eurostat_obs) -> None:  # type: ignore[no-untyped-def]
    values = read_eurostat_plain()
    g = plain_growths(values, 2014, 2024)
    median = sorted(g.values())[10]
    rank = plain_rank(g, "07")
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2025, base_year=2014, benchmark="peer_median", operator=">"
    )
    res = evaluate([spec(rule, indicator=POP)], eurostat_obs, as_of=date(2026, 3, 1))[0]
    assert res.growth == pytest.approx(g["07"], abs=1e-9)
    assert res.benchmark is not None and res.benchmark.value == pytest.approx(median, abs=1e-9)
    assert res.rank == rank and res.rank_n == 21
    assert res.data_through == 2024 and res.preliminary
    assert res.status == m.NOT_YET_KNOWN  # 2025 is over in 2026 but not published
    assert res.probability is not None and 0 <= res.probability <= 1
    # the figures: 7,5 %, 7,0 %, place 6 of 21
    assert f"{g['07']:.1f}" == "7.5" and f"{median:.1f}" == "7.0" and rank == 6
    pct = round(100 * res.probability)
    expected = (
        "Befolkningen i Kronobergs län ökade med 7,5\u00a0% 2014\u20132024; medianlänet ökade med 7,0\u00a0%. "
        "Länet ligger på plats 6 av 21 efter tillväxt 2014\u20132024. "
        f"Utfallet är inte känt ännu. Sannolikheten att målet (över medianen 2014\u20132025) nåddes bedöms till "
        f"{pct}\u00a0%."
    )
    assert res.explanation_sv.startswith(expected)
    assert "The county ranks 6th of 21 by growth 2014\u20132024." in res.explanation_en


def test_kronoberg_decided_2024(eurostat_obs) -> None:  # type: ignore[no-untyped-def]
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2024, base_year=2014, benchmark="peer_median", operator=">"
    )
    res = evaluate([spec(rule, indicator=POP)], eurostat_obs, as_of=date(2026, 3, 1))[0]
    assert res.status == m.MET and res.probability is None and not res.preliminary

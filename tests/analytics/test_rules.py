"""Hand-computed cases for every rule (no real data)."""

from __future__ import annotations

import json
import statistics
from datetime import date

import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.frames import observations_frame

from .conftest import COUNTIES, make_obs, spec

AS_OF = date(2026, 6, 1)

# Growth 2020 -> 2025 in percent for the 21 counties, from base 100: place 10 is shared by two counties.
GROWTHS = [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 11, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
TIE_AREAS = (COUNTIES[9], COUNTIES[10])  # "12" and "13": both at place 10


def tie_panel(years: tuple[int, ...] = (2020, 2025)) -> dict[str, dict[int, float | None]]:
    panel: dict[str, dict[int, float | None]] = {}
    for area, g in zip(COUNTIES, GROWTHS, strict=True):
        panel[area] = {years[0]: 100.0, years[-1]: 100.0 + g}
    panel["00"] = {years[0]: 1000.0, years[-1]: 1100.0}  # Riket grows 10 %
    return panel


def growth_rule(**kw: object) -> m.TargetRule:
    args: dict[str, object] = {
        "rule": m.GROWTH_VS_BENCHMARK,
        "target_year": 2025,
        "base_year": 2020,
        "benchmark": "peer_median",
        "operator": ">",
    }
    args.update(kw)
    return m.TargetRule(**args)  # type: ignore[arg-type]


def test_tie_at_place_ten_rank_and_strict_median() -> None:
    obs = make_obs(tie_panel())
    specs = [spec(growth_rule(), area=a, key=f"g{a}") for a in TIE_AREAS]
    specs += [
        spec(
            m.TargetRule(rule=m.RANK, target_year=2025, base_year=2020, rank=10, rank_by="growth"), area=a, key=f"r{a}"
        )
        for a in TIE_AREAS
    ]
    res = evaluate(specs, obs, as_of=AS_OF)
    med = statistics.median(GROWTHS)  # 11th value of 21 = 11
    assert med == 11
    for r in res[:2]:
        assert r.benchmark is not None
        assert r.benchmark.value == pytest.approx(med)
        assert r.benchmark.n == 21
        assert r.growth == pytest.approx(11.0)
        assert r.status == m.NOT_MET  # 11 > 11 is false: "above the median" is strict
        assert "strict" in r.operator_statement
    for r in res[2:]:
        assert (r.rank, r.rank_n) == (10, 21)  # ties share the better place
        assert r.status == m.MET
        assert "ties share the better place" in r.operator_statement


def test_ge_operator_counts_ties_as_met() -> None:
    res = evaluate([spec(growth_rule(operator=">="), area=TIE_AREAS[0])], make_obs(tie_panel()), as_of=AS_OF)
    assert res[0].status == m.MET


def test_rank_after_tie_skips_a_place() -> None:
    res = evaluate(
        [spec(m.TargetRule(rule=m.RANK, target_year=2025, base_year=2020, rank=11, rank_by="growth"), area="14")],
        make_obs(tie_panel()),
        as_of=AS_OF,
    )
    assert res[0].rank == 12  # competition ranking: 1..9, 10, 10, 12
    assert res[0].status == m.NOT_MET


def test_missing_peer_is_excluded_and_n_reported() -> None:
    panel = tie_panel()
    panel["25"][2020] = None  # last county lacks the base year
    obs = make_obs(panel)
    res = evaluate([spec(growth_rule(), area="12")], obs, as_of=AS_OF)[0]
    used = [g for a, g in zip(COUNTIES, GROWTHS, strict=True) if a != "25"]
    assert res.benchmark is not None
    assert res.benchmark.n == 20
    assert res.benchmark.excluded == ("25",)
    assert "25" not in res.benchmark.peers
    # even n: mean of the two middle values
    assert res.benchmark.value == pytest.approx(statistics.median(used))
    assert res.benchmark.value == pytest.approx((sorted(used)[9] + sorted(used)[10]) / 2)
    assert res.rank_n == 20
    assert "20 län med data" in res.explanation_sv


def test_missing_base_year_for_area_is_no_data() -> None:
    panel = tie_panel()
    panel["07"] = {2021: 100.0, 2025: 130.0}  # has data, but not in the base year
    res = evaluate([spec(growth_rule())], make_obs(panel), as_of=AS_OF)[0]
    assert res.status == m.NO_DATA
    assert res.reason is not None and "base year 2020" in res.reason
    assert res.probability is None
    assert res.data_through is None  # no silent shift to 2021


def test_change_rule_missing_base_is_no_data() -> None:
    obs = make_obs({"07": {2021: 1.0, 2022: 2.0, 2023: 3.0}})
    rule = m.TargetRule(rule=m.CHANGE, target_year=2025, base_year=2020, change="increase")
    res = evaluate([spec(rule)], obs, as_of=AS_OF)[0]
    assert res.status == m.NO_DATA and "base year" in (res.reason or "")


def test_riket_is_never_a_peer_and_riket_benchmark() -> None:
    obs = make_obs(tie_panel())
    r_med = evaluate([spec(growth_rule(), area="01")], obs, as_of=AS_OF)[0]
    assert r_med.benchmark is not None and "00" not in r_med.benchmark.peers
    r_rik = evaluate([spec(growth_rule(benchmark="riket"), area="01")], obs, as_of=AS_OF)[0]
    assert r_rik.benchmark is not None and r_rik.benchmark.value == pytest.approx(10.0)
    assert r_rik.status == m.MET  # 20 % > 10 %
    r_rik2 = evaluate([spec(growth_rule(benchmark="riket"), area="14")], obs, as_of=AS_OF)[0]
    assert r_rik2.status == m.NOT_MET  # 9 % vs 10 % ("14" is the 12th county, growth 9)


def test_peer_mean_and_level_vs_benchmark() -> None:
    panel = {a: {2025: float(i + 1)} for i, a in enumerate(COUNTIES)}
    obs = make_obs(panel)
    rule = m.TargetRule(rule=m.LEVEL_VS_BENCHMARK, target_year=2025, benchmark="peer_mean", operator=">")
    res = evaluate([spec(rule, area="12"), spec(rule, area="13")], obs, as_of=AS_OF)
    mean = sum(range(1, 22)) / 21  # 11
    assert res[0].benchmark is not None and res[0].benchmark.value == pytest.approx(mean)
    assert res[0].value == 10.0 and res[0].status == m.NOT_MET
    assert res[1].value == 11.0 and res[1].status == m.NOT_MET  # 11 > 11 is false
    assert res[1].rank == 11


def test_lower_is_better_rank_by_level() -> None:
    ind = m.IndicatorInfo(key="x", name="Arbetslösheten", measure_type="rate", unit="%", direction=m.LOWER_IS_BETTER)
    panel = {a: {2024: float(i + 1)} for i, a in enumerate(COUNTIES)}  # 01 has the lowest value
    rule = m.TargetRule(rule=m.RANK, target_year=2024, rank=3, rank_by="level")
    res = evaluate(
        [spec(rule, area="01", indicator=ind), spec(rule, area="05", indicator=ind)], make_obs(panel), as_of=AS_OF
    )
    assert (res[0].rank, res[0].status) == (1, m.MET)
    assert (res[1].rank, res[1].status) == (4, m.NOT_MET)
    assert "lower is better" in res[0].operator_statement


def test_share_rule_sums_numerators_and_denominators() -> None:
    ind = m.IndicatorInfo(key="starts", name="Andel deltagare som startat företag", measure_type="share", unit="%")
    rows = [
        {
            "indicator": "starts",
            "area": "07",
            "period": "2025",
            "breakdown": b,
            "value": None,
            "numerator": n,
            "denominator": d,
        }
        for b, n, d in (("K", 3.0, 10.0), ("M", 1.0, 30.0))
    ]
    obs = observations_frame(rows)
    pooled = 100 * (3 + 1) / (10 + 30)  # 10 %; the mean of the two shares would be 16.7 %
    rule_ok = m.TargetRule(rule=m.SHARE, target_year=2025, value=10.0, operator=">=")
    rule_hi = m.TargetRule(rule=m.SHARE, target_year=2025, value=12.0, operator=">=")
    res = evaluate([spec(rule_ok, indicator=ind), spec(rule_hi, indicator=ind)], obs, as_of=AS_OF)
    assert res[0].value == pytest.approx(pooled)
    assert res[0].status == m.MET
    assert res[1].status == m.NOT_MET


def test_share_total_row_wins_over_parts() -> None:
    ind = m.IndicatorInfo(key="s", name="Andel", measure_type="share", unit="%")
    rows = [
        {
            "indicator": "s",
            "area": "07",
            "period": "2025",
            "breakdown": b,
            "value": None,
            "numerator": n,
            "denominator": d,
        }
        for b, n, d in (("T", 5.0, 20.0), ("K", 1.0, 2.0))
    ]
    res = evaluate(
        [spec(m.TargetRule(rule=m.SHARE, target_year=2025, value=30.0), indicator=ind)],
        observations_frame(rows),
        as_of=AS_OF,
    )
    assert res[0].value == pytest.approx(25.0) and res[0].status == m.NOT_MET


def test_level_at_least_and_at_most_decided() -> None:
    obs = make_obs({"07": {2023: 70.0, 2024: 75.0, 2025: 80.0}})
    at_least = m.TargetRule(rule=m.LEVEL, target_year=2025, operator=">=", value=80.0)
    at_most = m.TargetRule(rule=m.LEVEL, target_year=2025, operator="<=", value=79.9)
    res = evaluate([spec(at_least), spec(at_most)], obs, as_of=AS_OF)
    assert res[0].status == m.MET and res[0].probability is None and not res[0].preliminary
    assert res[1].status == m.NOT_MET


def test_change_rule_decided_and_with_value() -> None:
    obs = make_obs({"07": {2020: 100.0, 2021: 101.0, 2025: 104.0}})
    inc = m.TargetRule(rule=m.CHANGE, target_year=2025, base_year=2020, change="increase")
    inc5 = m.TargetRule(rule=m.CHANGE, target_year=2025, base_year=2020, change="increase", value=5.0)
    dec = m.TargetRule(rule=m.CHANGE, target_year=2025, base_year=2020, change="decrease")
    res = evaluate([spec(inc), spec(inc5), spec(dec)], obs, as_of=AS_OF)
    assert [r.status for r in res] == [m.MET, m.NOT_MET, m.NOT_MET]
    assert res[0].growth == pytest.approx(4.0)


def test_preliminary_when_target_year_not_published() -> None:
    panel: dict[str, dict[int, float | None]] = {}
    for i, a in enumerate(COUNTIES):
        panel[a] = {y: 100.0 * (1 + 0.002 * (i + 1)) ** (y - 2014) for y in range(2014, 2025)}
    panel["00"] = {y: 1000.0 for y in range(2014, 2025)}
    obs = make_obs(panel)
    res = evaluate([spec(growth_rule(base_year=2014, target_year=2026), area="25")], obs, as_of=AS_OF)[0]
    assert res.preliminary
    assert res.data_through == 2024
    assert res.status in (m.ON_TRACK, m.AT_RISK, m.OFF_TRACK)
    assert res.probability is not None
    assert "Målåret 2026 är inte publicerat än; bedömningen bygger på data t.o.m. 2024." in res.explanation_sv
    assert "The target year 2026 is not published yet; the assessment uses data through 2024." in res.explanation_en
    assert "Preliminärt" not in res.explanation_sv
    # 25 grows fastest by construction: rank 1 now, almost sure to stay above the median
    assert res.rank == 1
    assert res.probability > 0.9 and res.status == m.ON_TRACK


def test_preliminary_uses_latest_year_common_to_all_peers() -> None:
    panel = tie_panel(years=(2020, 2024))
    for a in COUNTIES:
        panel[a][2022] = 100.0
        panel[a][2023] = 100.0
    panel["01"][2025] = 150.0  # one county already published 2025; the others have not
    obs = make_obs(panel)
    res = evaluate([spec(growth_rule(), area="03")], obs, as_of=AS_OF)[0]
    assert res.data_through == 2024  # not 2025: the comparison uses the same period for all
    assert res.preliminary


def test_short_series_is_no_data() -> None:
    obs = make_obs({"07": {2023: 1.0, 2024: 2.0}})
    res = evaluate([spec(m.TargetRule(rule=m.LEVEL, target_year=2030, value=3.0))], obs, as_of=AS_OF)[0]
    assert res.status == m.NO_DATA and "too few observations" in (res.reason or "")
    res2 = evaluate([spec(m.TargetRule(rule=m.LEVEL, target_year=2030, value=3.0), area="09")], obs, as_of=AS_OF)[0]
    assert res2.status == m.NO_DATA and "no observations" in (res2.reason or "")


def test_invalid_rule_and_unknown_peer_group() -> None:
    obs = make_obs(tie_panel())
    bad = m.TargetRule(rule=m.RANK, target_year=2025)  # rank and rank_by missing
    unknown = growth_rule(peer_group="nope")
    res = evaluate([spec(bad), spec(unknown)], obs, as_of=AS_OF)
    assert res[0].status == m.NO_DATA and "invalid rule" in (res[0].reason or "")
    assert res[1].status == m.NO_DATA and "unknown peer group" in (res[1].reason or "")


def test_named_peer_group_and_municipality_default() -> None:
    panel = {"0780": {2020: 100.0, 2025: 110.0}, "0781": {2020: 100.0, 2025: 105.0}, "0760": {2020: 100.0, 2025: 101.0}}
    obs = make_obs(panel)
    groups = {"municipalities": ["0780", "0781", "0760"], "pair": ["0781", "0760"]}
    # The default group is the 290 municipalities of the reference data, whatever groups are passed:
    # 3 of them with data is far below the 90 % coverage, so there is no common year ...
    r_none = evaluate([spec(growth_rule(), area="0780")], obs, as_of=AS_OF, peer_groups=groups)[0]
    assert r_none.status == m.NO_DATA and r_none.why is not None and r_none.why.code == m.Why.NO_COMMON_YEAR
    assert "at least 90 % of the peer group" in (r_none.reason or "") and "peer_coverage" in (r_none.reason or "")
    assert "minst 90 % av gruppen" in r_none.explanation_sv
    # ... and at a stated 1 % the three are compared, the other 287 named as missing.
    r_def = evaluate([spec(growth_rule(), area="0780")], obs, as_of=AS_OF, peer_groups=groups, peer_coverage=1.0)[0]
    assert r_def.benchmark is not None and r_def.benchmark.n == 3 and r_def.benchmark.value == pytest.approx(5.0)
    assert len(r_def.benchmark.excluded) == 287 and "0780" not in r_def.benchmark.excluded
    assert "mediankommunen" in r_def.explanation_sv
    r_pair = evaluate([spec(growth_rule(peer_group="pair"), area="0780")], obs, as_of=AS_OF, peer_groups=groups)[0]
    assert r_pair.benchmark is not None and r_pair.benchmark.n == 2 and r_pair.benchmark.value == pytest.approx(3.0)
    assert r_pair.rank == 1 and r_pair.rank_n == 3  # the area itself plus its two peers


def test_pp_growth_for_shares() -> None:
    ind = m.IndicatorInfo(key="x", name="Andelen", measure_type="share", unit="%")
    panel = {a: {2020: 50.0, 2025: 50.0 + i} for i, a in enumerate(COUNTIES)}
    res = evaluate([spec(growth_rule(), area="25", indicator=ind)], make_obs(panel), as_of=AS_OF)[0]
    assert res.growth_measure == "pp" and res.growth == pytest.approx(20.0)
    assert res.benchmark is not None and res.benchmark.value == pytest.approx(10.0)
    assert "procentenheter" in res.explanation_sv
    res_pct = evaluate([spec(growth_rule(growth="percent"), area="25", indicator=ind)], make_obs(panel), as_of=AS_OF)[0]
    assert res_pct.growth == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (110.0, m.PROGRESS_ACHIEVED),
        (105.0, m.PROGRESS_ON_TRACK),
        (103.0, m.PROGRESS_ACCELERATION_NEEDED),
        (101.0, m.PROGRESS_LIMITED),
        (99.0, m.PROGRESS_DETERIORATION),
    ],
)
def test_progress_ratio_categories(current: float, expected: str) -> None:
    # base 100 in 2020, target 110 in 2030; five of ten years have passed in 2025
    obs = make_obs({"07": {2020: 100.0, 2021: 100.5, 2025: current}})
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, operator=">=", value=110.0, base_year=2020)
    res = evaluate([spec(rule)], obs, as_of=AS_OF)[0]
    assert res.progress_category == expected
    if expected != m.PROGRESS_ACHIEVED:
        observed = (current / 100) ** (1 / 5) - 1
        required = (110 / 100) ** (1 / 10) - 1
        assert res.progress_ratio == pytest.approx(observed / required)


def test_progress_ratio_for_a_decrease_target() -> None:
    obs = make_obs({"07": {2020: 10.0, 2021: 9.5, 2025: 7.0}})
    rule = m.TargetRule(rule=m.LEVEL, target_year=2030, operator="<=", value=5.0, base_year=2020)
    res = evaluate([spec(rule)], obs, as_of=AS_OF)[0]
    expected = ((7 / 10) ** (1 / 5) - 1) / ((5 / 10) ** (1 / 10) - 1)
    assert res.progress_ratio == pytest.approx(expected)
    assert res.progress_category == m.PROGRESS_ON_TRACK  # ratio > 0.95


def test_to_dict_is_json_safe_and_missing_is_none() -> None:
    panel = tie_panel()
    res = evaluate([spec(growth_rule(), area="14")], make_obs(panel), as_of=AS_OF)
    d = res[0].to_dict()
    json.dumps(d, allow_nan=False)
    assert d["rank"] == {"rank": 12, "n": 21}
    assert d["latest"] == {"period": "2025", "value": 109.0}
    assert d["benchmark"]["kind"] == "peer_median"


def test_results_keep_input_order() -> None:
    obs = make_obs(tie_panel())
    specs = [spec(growth_rule(), area=a, key=a) for a in reversed(COUNTIES)]
    specs.insert(5, spec(m.TargetRule(rule=m.LEVEL, target_year=2025, value=1.0), key="lvl"))
    res = evaluate(specs, obs, as_of=AS_OF)
    assert [r.target_key for r in res] == [s.target_key for s in specs]

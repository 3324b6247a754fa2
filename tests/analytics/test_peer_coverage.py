"""The peer-coverage policy on a suppressed-cells corpus built from the shipped county and municipal
files: cells deleted the way SCB and Kolada suppress them (a `..` or `.` instead of a value), every
figure recomputed by hand from the CSV with plain Python."""

from __future__ import annotations

import csv
import statistics
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate, status_from_data
from styrkedja.analytics.frames import COUNTY_CODES, observations_frame

DATA = Path(__file__).parents[2] / "src" / "styrkedja" / "demo" / "data"
EDUCATION = DATA / "education_post_secondary_25_64_kolada_N01982_2010_2024_tidy.csv"
EMPLOYMENT = DATA / "employment_rate_20_64_scb_bas_S_SYSS_TOT_2020_2024_tidy.csv"
AS_OF = date(2025, 6, 1)
KRONOBERG_MUNICIPALITIES = ("0760", "0761", "0763", "0764", "0765", "0767", "0780", "0781")


def read_plain(path: Path) -> dict[str, dict[int, float]]:
    """area -> year -> value, read with the csv module (the second computation's own reader)."""
    out: dict[str, dict[int, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["value"]:
                out.setdefault(row["area_code"], {})[int(row["period"])] = float(row["value"])
    return out


def corpus(path: Path, suppressed: dict[tuple[str, int], str], indicator: str = "x") -> pl.DataFrame:
    """The file as an observation frame, with the `suppressed` cells' values replaced by their symbol."""
    plain = read_plain(path)
    rows = []
    for area, series in plain.items():
        for year, value in series.items():
            symbol = suppressed.get((area, year))
            rows.append({"indicator": indicator, "area": area, "period": str(year), "breakdown": "T",
                         "value": None if symbol else value, "symbol": symbol})  # fmt: skip
    return observations_frame(rows)


def without(plain: dict[str, dict[int, float]], suppressed: dict[tuple[str, int], str]) -> dict[str, dict[int, float]]:
    return {a: {y: v for y, v in s.items() if (a, y) not in suppressed} for a, s in plain.items()}


def target(rule: m.TargetRule, area: str, key: str = "t", measure: str = "share") -> m.TargetSpec:
    info = m.IndicatorInfo(key="x", name="Andel", unit="%", measure_type=measure)
    return m.TargetSpec(target_key=key, goal_key="g", goal_name="Mål", indicator=info, area=area,
                        area_name=area, rule=rule)  # fmt: skip


LEVEL_MEDIAN = m.TargetRule(rule=m.LEVEL_VS_BENCHMARK, target_year=2024, benchmark="peer_median", operator=">")


def test_one_suppressed_county_is_named_and_the_target_year_is_kept() -> None:
    """20 of 21 counties (95 %) have 2024: evaluated on 2024 with 20 peers, the missing one named
    with its symbol; before the policy the whole comparison fell back to 2023."""
    suppressed = {("25", 2024): ".."}
    obs = corpus(EDUCATION, suppressed)
    plain = without(read_plain(EDUCATION), suppressed)
    res = status_from_data([target(LEVEL_MEDIAN, "07")], obs, as_of=AS_OF)[0]
    peers_2024 = [plain[a][2024] for a in COUNTY_CODES if 2024 in plain[a]]
    assert len(peers_2024) == 20
    median = statistics.median(peers_2024)
    assert res.data_through == 2024 and not res.preliminary
    assert res.benchmark is not None
    assert res.benchmark.value == pytest.approx(median, abs=1e-12)
    assert res.benchmark.n == 20
    assert res.benchmark.excluded == ("25",) and res.benchmark.symbols == ("..",)
    assert res.status == (m.MET if plain["07"][2024] > median else m.NOT_MET)
    full = evaluate([target(LEVEL_MEDIAN, "07")], obs, as_of=AS_OF, n_sims=100)[0]
    assert "25 .." in full.explanation_sv and "25 .." in full.explanation_en
    assert "1 saknas" in full.explanation_sv


def test_below_the_share_the_comparison_falls_back_a_year() -> None:
    """Three counties suppressed (18 of 21 = 85.7 % < 90 %): the year before, with every county."""
    suppressed = {("25", 2024): "..", ("01", 2024): "..", ("09", 2024): "."}
    obs = corpus(EDUCATION, suppressed)
    plain = without(read_plain(EDUCATION), suppressed)
    res = status_from_data([target(LEVEL_MEDIAN, "07")], obs, as_of=AS_OF)[0]
    median = statistics.median(plain[a][2023] for a in COUNTY_CODES)
    assert res.data_through == 2023 and res.preliminary
    assert res.benchmark is not None and res.benchmark.n == 21 and res.benchmark.excluded == ()
    assert res.benchmark.value == pytest.approx(median, abs=1e-12)
    # A lower share stated on the target keeps 2024 on the 18 counties that have it.
    lenient = m.TargetRule(**{**_fields(LEVEL_MEDIAN), "peer_coverage": 85.0})
    res85 = status_from_data([target(lenient, "07")], obs, as_of=AS_OF)[0]
    assert res85.data_through == 2024 and res85.benchmark is not None
    assert res85.benchmark.value == pytest.approx(statistics.median(plain[a][2024] for a in COUNTY_CODES
                                                                    if 2024 in plain[a]), abs=1e-12)  # fmt: skip
    assert res85.benchmark.excluded == ("01", "09", "25")
    assert res85.benchmark.symbols == ("..", ".", "..")


def test_a_riket_comparison_depends_on_riket_and_the_area_alone() -> None:
    """Every county but the area suppressed in 2024: compared with Riket, 2024 is still used."""
    suppressed = {(a, 2024): ".." for a in COUNTY_CODES if a != "07"}
    obs = corpus(EDUCATION, suppressed)
    plain = read_plain(EDUCATION)
    rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2024, base_year=2015, benchmark="riket", operator=">")
    res = status_from_data([target(rule, "07")], obs, as_of=AS_OF)[0]
    riket = plain["00"][2024] - plain["00"][2015]  # a share grows in percentage points
    mine = plain["07"][2024] - plain["07"][2015]
    assert res.data_through == 2024 and not res.preliminary
    assert res.benchmark is not None and res.benchmark.value == pytest.approx(riket, abs=1e-12)
    assert res.growth == pytest.approx(mine, abs=1e-12)
    assert res.status == (m.MET if mine > riket else m.NOT_MET)


def test_missing_base_years_count_as_missing_peers() -> None:
    """The employment-rate file as published: Värmland and Gävleborg lack 2020-2021. Growth 2021-2024
    against the median: 19 of 21 counties (90.5 %) have both years, so 2024 is used on those 19."""
    obs = corpus(EMPLOYMENT, {})
    plain = read_plain(EMPLOYMENT)
    rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=2024, base_year=2021, benchmark="peer_median",
                        operator=">", growth="pp")  # fmt: skip
    res = status_from_data([target(rule, "07", measure="rate")], obs, as_of=AS_OF)[0]
    growths = {a: plain[a][2024] - plain[a][2021] for a in COUNTY_CODES if 2021 in plain[a]}
    assert sorted(set(COUNTY_CODES) - set(growths)) == ["17", "21"]
    assert res.data_through == 2024
    assert res.benchmark is not None and res.benchmark.excluded == ("17", "21") and res.benchmark.n == 19
    assert res.benchmark.value == pytest.approx(statistics.median(growths.values()), abs=1e-12)


def test_a_municipal_group_of_eight_with_one_suppressed_cell() -> None:
    """Kronoberg's eight municipalities as a peer group, one 2024 cell suppressed (7/8 = 87.5 %): the
    default 90 % falls back to 2023; 85 % keeps 2024 on seven. Rank among the group by hand."""
    suppressed = {("0767", 2024): "."}
    obs = corpus(EDUCATION, suppressed)
    plain = without(read_plain(EDUCATION), suppressed)
    groups = {"kronoberg": KRONOBERG_MUNICIPALITIES}
    strict = m.TargetRule(rule=m.RANK, target_year=2024, rank=3, rank_by="level", peer_group="kronoberg")
    lenient = m.TargetRule(**{**_fields(strict), "peer_coverage": 85.0})
    res = status_from_data([target(strict, "0781", "s"), target(lenient, "0781", "l")], obs, peer_groups=groups,
                           as_of=AS_OF)  # fmt: skip
    for r, year in zip(res, (2023, 2024), strict=True):
        values = {a: plain[a][year] for a in KRONOBERG_MUNICIPALITIES if year in plain[a]}
        rank = 1 + sum(v > values["0781"] for v in values.values())
        assert (r.data_through, r.rank, r.rank_n) == (year, rank, len(values))
        assert r.status == (m.MET if rank <= 3 else m.NOT_MET)
    assert res[1].benchmark is not None and res[1].benchmark.excluded == ("0767",)


def _fields(rule: m.TargetRule) -> dict[str, object]:
    return {f: getattr(rule, f) for f in rule.__slots__}  # type: ignore[attr-defined]

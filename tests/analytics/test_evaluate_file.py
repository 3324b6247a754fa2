"""`styrkedja evaluate-file` and `evaluate_frame`: outside data with plain columns and minimal target
records, checked against a hand computation from the shipped county file; bad input named."""

from __future__ import annotations

import json
import statistics
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import status_from_data
from styrkedja.analytics.evaluate.files import main
from styrkedja.analytics.evaluate.outside import InputError, evaluate_frame, fast_frame, target_specs
from styrkedja.analytics.frames import COUNTY_CODES

from .test_peer_coverage import EDUCATION, read_plain

AS_OF = date(2025, 6, 1)


def plain_frame(categorical: bool = False) -> pl.DataFrame:
    """The county file as a user has it: area, period (integer), value; no indicator metadata."""
    raw = pl.read_csv(EDUCATION, schema_overrides={"area_code": pl.String})
    df = raw.select(pl.col("indicator"), pl.col("area_code").alias("area"), pl.col("period"), pl.col("value"))
    if categorical:
        df = df.with_columns(pl.col("indicator").cast(pl.Categorical), pl.col("area").cast(pl.Categorical))
    return df


TARGETS = [
    {"area": "07", "indicator": "post_secondary_education_share_25_64", "rule": "level", "target_year": 2024,
     "threshold": 42},
    {"key": "median", "area": "07", "indicator": "post_secondary_education_share_25_64",
     "rule": "growth_vs_benchmark", "benchmark": "peer_median", "base_year": 2015, "target_year": 2024,
     "measure_type": "share"},
    {"area": "07", "indicator": "post_secondary_education_share_25_64", "rule": "rank", "rank": 10,
     "rank_by": "level", "target_year": 2024},
]  # fmt: skip


@pytest.mark.parametrize("categorical", [False, True])
def test_plain_columns_and_minimal_records_against_a_hand_computation(categorical: bool) -> None:
    plain = read_plain(EDUCATION)
    res = evaluate_frame(plain_frame(categorical), TARGETS, as_of=AS_OF, workers=1)
    level, growth, rank = res
    assert level.target_key == "t1" and level.value == plain["07"][2024]
    assert level.status == (m.MET if plain["07"][2024] >= 42 else m.NOT_MET)
    growths = {a: plain[a][2024] - plain[a][2015] for a in COUNTY_CODES}  # a share grows in points
    assert growth.target_key == "median" and growth.growth == pytest.approx(growths["07"], abs=1e-12)
    assert growth.benchmark is not None
    assert growth.benchmark.value == pytest.approx(statistics.median(growths.values()), abs=1e-12)
    assert growth.status == (m.MET if growths["07"] > statistics.median(growths.values()) else m.NOT_MET)
    hand_rank = 1 + sum(plain[a][2024] > plain["07"][2024] for a in COUNTY_CODES)
    assert (rank.rank, rank.rank_n) == (hand_rank, 21)


def test_the_result_does_not_depend_on_workers_or_key_types() -> None:
    a = evaluate_frame(plain_frame(), TARGETS, as_of=AS_OF, workers=1)
    b = evaluate_frame(plain_frame(True), TARGETS, as_of=AS_OF, workers=2)
    assert [r.to_dict() for r in a] == [r.to_dict() for r in b]


def test_fast_frame_keeps_values_and_turns_keys_into_enums() -> None:
    df = plain_frame()
    fast = fast_frame(df)
    assert all(isinstance(fast.schema[c], pl.Enum) for c in ("indicator", "area", "period", "breakdown"))
    assert fast["value"].to_list() == df["value"].to_list()
    assert fast["period"].cast(pl.String).to_list() == [str(p) for p in df["period"].to_list()]
    assert fast["numerator"].null_count() == fast.height


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame({"area": ["07"], "period": ["2024"], "value": [1.0]}), "lacks column(s) indicator"),
        (
            pl.DataFrame(
                {"indicator": ["x", "x"], "area": ["07", "08"], "period": ["2024", "2024"], "value": ["1.5", "n/a"]}
            ),
            "row 2: column 'value' holds 'n/a', expected a number",
        ),
        (
            pl.DataFrame(
                {"indicator": ["x", None], "area": ["07", "08"], "period": ["2024", "2024"], "value": [1.0, 2.0]}
            ),
            "row 2: column 'indicator' is empty",
        ),
    ],
)
def test_bad_observations_are_named(frame: pl.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate_frame(frame, TARGETS[:1], as_of=AS_OF)


def test_bad_targets_are_all_named() -> None:
    bad = [{"area": "07", "rule": "level", "target_year": 2024},
           {"area": "07", "indicator": "x", "rule": "change", "target_year": 2024},
           {"area": "07", "indicator": "x", "rule": "level", "target_year": "2024.5", "value": 1}]  # fmt: skip
    with pytest.raises(InputError) as info:
        evaluate_frame(plain_frame(), bad, as_of=AS_OF)
    text = str(info.value)
    assert "targets: target 1: lacks indicator" in text
    assert "targets: target 2 (t2): change: required for rule 'change'" in text
    assert "targets: target 3: target_year '2024.5' is not a whole number" in text


def test_the_command_reads_files_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    obs = tmp_path / "obs.csv"
    plain_frame().write_csv(obs)
    targets = tmp_path / "targets.yaml"
    targets.write_text(json.dumps({"targets": TARGETS, "peer_groups": {"smaland": ["06", "07", "08"]}}), "utf-8")
    assert main([str(obs), str(targets), "--json", "--as-of", "2025-06-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    direct = status_from_data(target_specs(TARGETS), fast_frame(plain_frame()), as_of=AS_OF)
    assert out == [r.to_dict() for r in direct]
    # CSV targets: the same records as columns
    rows = tmp_path / "targets.csv"
    pl.DataFrame([{k: str(t.get(k, "")) for k in ("area", "indicator", "rule", "target_year", "threshold",
                   "rank", "rank_by")} for t in (TARGETS[0], TARGETS[2])]).write_csv(rows)  # fmt: skip
    assert main([str(obs), str(rows), "--as-of", "2025-06-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("t1  07  post_secondary_education_share_25_64  level  2024")


def test_the_command_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,area,period,value\nx,07,2024,abc\n", encoding="utf-8")
    targets = tmp_path / "t.yaml"
    targets.write_text("- {area: '07', indicator: x, rule: level, target_year: 2024, value: 1}\n", "utf-8")
    assert main([str(obs), str(targets)]) == 2
    assert f"{obs}: row 1: column 'value' holds 'abc'" in capsys.readouterr().err
    targets.write_text("peer_groups: {one: ['07']}\ntargets: []\n", "utf-8")
    assert main([str(obs), str(targets)]) == 2
    assert f"{targets}: peer_groups.one: a comparison needs at least 2 areas" in capsys.readouterr().err

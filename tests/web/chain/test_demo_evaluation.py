"""The demo end to end: logic check warnings, and the population goal evaluated on the real series,
recomputed here another way (plain Python over the shipped CSV file)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from styrkedja.demo import data_dir, strategy_file
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.followup.models import EvaluationResult
from styrkedja.web.indicators.demo_data import import_demo_data, manifest

COUNTIES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21",
            "22", "23", "24", "25"]  # fmt: skip


@pytest.fixture
def demo(db):
    load_document(read_strategy_file(strategy_file()))
    import_demo_data(lambda _line: None)


def population(year: int) -> dict[str, float]:
    out = {}
    with open(data_dir() / "eurostat_population_nuts3_se_tidy.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["indicator"] == "population_31dec" and row["period"] == str(year):
                out[row["area_code"]] = float(row["value"])
    return out


def test_check_on_the_demo_reports_the_templates_empty_subgoals_as_warnings(demo):
    out = StringIO()
    call_command("chaincheck", stdout=out)  # exits normally: no errors
    text = out.getvalue()
    assert "0 error(s)" in text
    for goal in ("sydostleden-delmal-2", "sydostleden-delmal-3"):
        assert f"[subgoal-no-activity] goal {goal}" in text
        assert f"[subgoal-empty] goal {goal}" in text


def test_population_goal_matches_a_hand_computation(demo):
    out = StringIO()
    call_command("evaluate", "--json", "--as-of", "2026-11-27", stdout=out)
    results = json.loads(out.getvalue())["results"]
    growth_target = next(r for r in results if r["goal"] == "rus-mal-befolkning" and r["rule"] == "growth_vs_benchmark")
    rank_target = next(r for r in results if r["goal"] == "rus-mal-befolkning" and r["rule"] == "rank")

    start, end = population(2014), population(2024)
    growth = {c: (end[c] / start[c] - 1) * 100 for c in COUNTIES}
    ordered = sorted(growth.values())
    median = ordered[10]  # 21 counties: the 11th value
    rank = 1 + sum(1 for c in COUNTIES if growth[c] > growth["07"])

    assert growth_target["data_through"] == 2024 and growth_target["preliminary"] is True
    assert growth_target["growth"] == pytest.approx(growth["07"], abs=1e-9)
    assert growth_target["benchmark"]["value"] == pytest.approx(median, abs=1e-9)
    assert rank_target["rank"] == {"rank": rank, "n": 21}
    assert round(growth["07"], 1) == 7.5 and round(median, 1) == 7.0 and rank == 6  # the published figures
    assert "7,5\xa0%" in growth_target["explanation"]["sv"] and "plats 6 av 21" in growth_target["explanation"]["sv"]
    assert growth_target["status"] == "not_yet_known"  # 2025 is over on 2026-11-27 but not published
    assert 0 <= growth_target["probability"] <= 1


def test_every_demo_target_gets_a_result_and_runs_are_stored(demo):
    call_command("evaluate", "--as-of", "2026-11-27", stdout=StringIO())
    from styrkedja.web.strategies.models import Target

    stored = EvaluationResult.objects.filter(target__isnull=False)
    assert set(stored.values_list("target__key", flat=True)) == set(
        Target.objects.filter(goal__indicator__isnull=False).values_list("key", flat=True)
    )
    assert all(r.explanation_sv and r.explanation_en for r in stored)


def test_evaluation_as_of_before_the_data_has_no_data(demo):
    """The day before the oldest vintage in the manifest nothing was known yet."""
    before = min(dt.date.fromisoformat(str(e["retrieved_at"])) for e in manifest()) - dt.timedelta(days=1)
    out = StringIO()
    call_command("evaluate", "--json", "--no-store", "--as-of", before.isoformat(), stdout=out)
    results = json.loads(out.getvalue())["results"]
    assert {r["status"] for r in results} == {"no_data"}
    assert dt.date.fromisoformat(json.loads(out.getvalue())["as_of"]) == before


FIRST_EIGHT = {"befolkning", "brp-lopande", "sysselsatta-eurostat", "sysselsattningsgrad-20-64", "sysselsatta-20-64",
               "utbildning-eftergymnasial", "utbildning-gymnasial-hogsta", "besoksnatter-lan"}  # fmt: skip


def evaluated_goals() -> set[str]:
    """Goals with at least one target or trend that is not `no_data`, as `evaluate --json` says."""
    call_command("fetch", "--computed-only", "--missing-inputs-ok", stdout=StringIO())
    out = StringIO()
    call_command("evaluate", "--json", "--no-store", stdout=out)
    doc = json.loads(out.getvalue())
    return {r["goal_key"] for r in doc["results"] + doc["trends"] if r["status"] != "no_data"}


def indicators_with_values_for(area: str) -> set[str]:
    """Read another way: the manifest's files with plain `csv`, then computed indicators whose inputs all have
    values for the area (repeated until nothing changes: computed inputs may be computed themselves)."""
    have = set()
    for entry in manifest():
        with open(data_dir() / entry["file"], encoding="utf-8") as fh:
            # removeprefix: Kolada's region ids (0007) in one file
            if any(r["indicator"] == entry["series"] and r["area_code"].removeprefix("00") == area and r["value"]
                   for r in csv.DictReader(fh)):  # fmt: skip
                have.add(entry["indicator"])
    computed = {i["id"]: i["source"]["inputs"] for i in read_strategy_file(strategy_file())["indicators"]
                if i["source"]["kind"] == "computed"}  # fmt: skip
    while True:
        more = {key for key, inputs in computed.items() if set(inputs) <= have} - have
        if not more:
            return have
        have |= more


def test_the_new_series_turn_goals_from_no_data_to_evaluated(db):
    """Before: the first eight series only. After: every series of the manifest. The goals evaluated then are
    exactly those whose indicator has values for their area in the files (goal area 07 in the demo)."""
    doc = read_strategy_file(strategy_file())
    load_document(doc)
    import_demo_data(lambda _line: None, only=FIRST_EIGHT)
    before = evaluated_goals()
    import_demo_data(lambda _line: None)
    after = evaluated_goals()

    goals = [g for s in doc["strategies"] + doc["initiatives"] for g in s.get("goals", [])]
    with_values = indicators_with_values_for("07")
    assert after == {g["id"] for g in goals if g.get("indicator") in with_values}
    assert before < after
    assert after - before == {"rus-mal-arbetstillfallen", "ris-ind-utlandsfodda", "ris-sub-fou-brp",
                              "ris-sub-vill-vaxa"}  # fmt: skip

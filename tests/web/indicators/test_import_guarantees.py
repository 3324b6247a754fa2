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
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.indicators import services, staging
from styrkedja.web.indicators.models import ImportBatch, Observation, ObservationRevision
from tests.web.dbdump import dump_database

MINIMAL = Path(__file__).parents[2] / "fixtures" / "strategy" / "minimal.yaml"
HEADER = "indicator,area_code,period,value\n"


@pytest.fixture
def chain(db):
    load_document(read_strategy_file(MINIMAL))


@pytest.fixture(params=["row_by_row", "bulk"])
def mode(request, monkeypatch):
    """Both paths of the importer: small imports, and the bulk path forced by a low threshold."""
    if request.param == "bulk":
        monkeypatch.setattr(staging, "BULK_ROWS", 1)
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
    code, out, err = run("import_data", str(path))
    assert code == 0, err
    assert Observation.objects.count() == 2
    assert ImportBatch.objects.get().row_count == 3
    # Every row is accounted for: 3 read = 2 new + 1 repeat dropped, and the summary says why.
    assert "3 values: 2 new, 0 revised, 0 unchanged; 1 repeated row(s) dropped (same observation, same value)" in out


def test_kolada_region_ids_in_a_csv_file_are_mapped_as_in_kolada_json(chain, mode, tmp_path):
    """`0000` is Riket and `00LL` county LL, as the Kolada connector maps them; `0780` stays a municipality."""
    path = write(tmp_path / "kolada.csv", HEADER + "pop,0000,2022,10\npop,0007,2022,3\npop,07,2023,4\n")
    code, _, err = run("import_data", str(path))
    assert code == 0, err
    stored = set(Observation.objects.values_list("area__code", "period", "value"))
    assert stored == {("00", "2022", 10.0), ("07", "2022", 3.0), ("07", "2023", 4.0)}


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


# --- PostgreSQL: plain files parsed by the server (`staging.stage_file`), anything else by the reader ---

PLAIN = (
    "indicator,area_code,period,value,breakdown,unit\n"
    "pop,07,2022,1.5,,antal\npop, 0780 ,2022K1,-2,K,\npop,07,2022,,M,\npop,07,2023,1e3,,\n"
    "pop,07,2024,.5,T,\npop,00,2024-03,+7.,,\npop,00,2024Q2,0.1,,\npop,00,2024,-0,,\npop,07,2023,1e3,,\n"
)


class Staged(list):
    """Rows kept per `stage_file` call, and in `inserted` how many of them went straight to the table."""

    def __init__(self) -> None:
        super().__init__()
        self.inserted: list[int | None] = []


@pytest.fixture
def server_path(monkeypatch):
    """The rows `stage_file` kept on each call (None: the file went to the Python reader)."""
    results = Staged()
    original = staging.stage_file

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        staged = original(*args, **kwargs)
        results.append(None if staged is None else staged[0])  # the rows kept
        results.inserted.append(None if staged is None else staged[1])  # of them stored without the merge
        return staged

    monkeypatch.setattr(staging, "stage_file", spy)
    return results


def stored() -> list[tuple]:
    return sorted(
        Observation.objects.values_list(
            "indicator__key", "area__code", "period", "breakdown", "value", "numerator", "denominator", "status",
            "symbol",
        )
    )  # fmt: skip


def test_server_parsed_file_is_stored_as_the_reader_stores_it(chain, mode, tmp_path, server_path, monkeypatch):
    path = write(tmp_path / "plain.csv", PLAIN)
    code, _, err = run("import_data", str(path))
    assert code == 0, err
    by_server, batch = stored(), ImportBatch.objects.get()
    assert batch.row_count == 9
    if connection.vendor == "postgresql":
        assert server_path == [9]
    Observation.objects.all().delete()
    ImportBatch.objects.all().delete()
    monkeypatch.setattr(staging, "stage_file", lambda *args: None)
    code, _, err = run("import_data", str(path))
    assert code == 0, err
    assert stored() == by_server
    assert ImportBatch.objects.get().row_count == 9
    assert (-0.0, "final") in {(v, s) for *_, v, _, _, s, _ in by_server}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("pop,07,2023,abc\n", "row 7, column 'value': expected a number, got 'abc'"),
        ("pop,07,20x3,1\n", "row 7, column 'period'"),
        ("pop,9999,2023,1\n", "row 7, column 'area_code': unknown area code '9999'"),
        ("pop,07,2023\n", "row 7: has 3 fields"),
        ("pop,07,2023,1e-400x\n", "row 7, column 'value'"),
    ],
)
def test_one_bad_row_gets_the_readers_message_with_row_and_column(chain, mode, tmp_path, server_path, row, message):
    run("import_data", str(write(tmp_path / "ok.csv", HEADER + "pop,07,2020,1\n")))
    before = dump_database()
    server_path.clear()
    lines = "".join(f"pop,07,{year},{year}\n" for year in range(2001, 2006))
    path = write(tmp_path / "bad.csv", HEADER + lines + row + "pop,07,2010,1\n")
    code, _, err = run("import_data", str(path))
    assert code == 1 and f"{path}: {message}" in err, err
    assert dump_database() == before
    assert server_path == ([None] if connection.vendor == "postgresql" else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('indicator;area_code;period;value\npop;07;2023;"1 234,5"\n', [("2023", 1234.5, "final")]),  # quotes
        ("indicator;area_code;period;value\npop;07;2023;1234,5\n", [("2023", 1234.5, "final")]),  # decimal comma
        (HEADER + "pop,07,2023,..\npop,07,2024,-\n", [("2023", None, "missing"), ("2024", None, "missing")]),
        (HEADER + "pop,07,2023, 12 \npop,07,2024,1e-400\n", [("2023", 12.0, "final"), ("2024", 0.0, "final")]),
        (HEADER + "pop,07,2023,1\n\n", [("2023", 1.0, "final")]),  # a blank line
        ("indicator,area_code,period,value,status\npop,07,2023,1,provisional\n", [("2023", 1.0, "provisional")]),
    ],
)
def test_files_that_are_not_plain_are_read_by_the_python_reader(chain, mode, tmp_path, server_path, text, expected):
    code, _, err = run("import_data", str(write(tmp_path / "x.csv", text)))
    assert code == 0, err
    assert [(o.period, o.value, o.status) for o in Observation.objects.order_by("period")] == expected
    assert all(result is None for result in server_path)


def test_server_path_with_skipped_series_and_tab_delimiter(chain, mode, tmp_path, server_path):
    text = "indicator\tarea\tperiod\tvalue\npop\t07\t2023\t5\nother\t07\t2023\t6\nother\t07\t2024\t\n"
    code, _, err = run("import_data", str(write(tmp_path / "t.tsv", text)), "--map", "pop=pop", "--format", "csv")
    assert code == 0, err
    assert [(o.period, o.value) for o in Observation.objects.all()] == [("2023", 5.0)]
    assert ImportBatch.objects.get().row_count == 1
    if connection.vendor == "postgresql":
        assert server_path == [1]
    # a skipped series is still read: a bad value in it rejects the file as the reader does
    bad = write(tmp_path / "b.tsv", text + "other\t07\t2025\tx\n")
    code, _, err = run("import_data", str(bad), "--map", "pop=pop", "--format", "csv")
    assert code == 1 and f"{bad}: row 5, column 'value'" in err, err


def test_rows_staged_in_chunks_and_by_two_statements_keep_the_guarantees(chain, mode, tmp_path, monkeypatch):
    """SQLite stages plain rows and rows with a symbol or status by two statements, chunk by chunk."""
    monkeypatch.setattr(services, "STAGE_CHUNK", 2)
    text = "indicator,area_code,period,value,status\n"
    ok = text + "pop,07,2021,1,\npop,07,2022,..,\npop,07,2023,3,provisional\npop,07,2021,1,\npop,07,2024,,\n"
    code, _, err = run("import_data", str(write(tmp_path / "ok.csv", ok)))
    assert code == 0, err
    got = {o.period: (o.value, o.status, o.symbol) for o in Observation.objects.all()}
    assert got == {"2021": (1.0, "final", ""), "2022": (None, "missing", ".."), "2023": (3.0, "provisional", ""),
                   "2024": (None, "missing", "")}  # fmt: skip
    before = dump_database()
    rows = "pop,07,2021,1,\npop,07,2025,5,\npop,07,2026,6,\npop,07,2021,1,provisional\n"
    bad = write(tmp_path / "bad.csv", text + rows)
    code, _, err = run("import_data", str(bad))
    assert code == 1 and "indicator pop area 07 period 2021" in err, err
    assert dump_database() == before


# --- Fresh imports: indicators with nothing stored go straight into the observation table ---


@pytest.fixture
def two_indicators(chain):
    from styrkedja.web.indicators.models import Indicator

    Indicator.objects.create(key="fresh", name="Fresh", position=99)


def test_fresh_import_with_a_conflicting_repeat_is_rejected_naming_it(two_indicators, mode, tmp_path, server_path):
    """Nothing stored yet: the rows skip the stage, yet a repeat with another value is still caught."""
    before, shape = dump_database(), schema()
    rows = "fresh,07,2021,1\nfresh,07,2022,2\nfresh,0780,2022,3\nfresh,07,2022,2.5\nfresh,07,2023,4\n"
    bad = write(tmp_path / "dup.csv", HEADER + rows)
    code, _, err = run("import_data", str(bad))
    assert code == 1 and str(bad) in err, err
    assert "appears twice with different values: indicator fresh area 07 period 2022 breakdown T" in err
    assert dump_database() == before
    assert schema() == shape


def test_fresh_import_stores_every_row_as_new_and_its_repeats_once(
    two_indicators, mode, tmp_path, server_path, monkeypatch
):
    direct: list[int] = []  # SQLite: rows stored without the stage, per import
    original = services._write_sqlite
    monkeypatch.setattr(services, "_write_sqlite", lambda *args: direct.append(original(*args)) or direct[-1])
    plain = write(tmp_path / "new.csv", HEADER + "fresh,07,2021,1\nfresh,07,2022,\nfresh,0780,2022,-3.5\n")
    code, out, err = run("import_data", str(plain))
    assert code == 0, err
    assert "3 values: 3 new, 0 revised, 0 unchanged" in out
    assert stored() == [
        ("fresh", "07", "2021", "T", 1.0, None, None, "final", ""),
        ("fresh", "07", "2022", "T", None, None, None, "missing", ""),
        ("fresh", "0780", "2022", "T", -3.5, None, None, "final", ""),
    ]
    if connection.vendor == "postgresql":
        assert server_path == [3] and server_path.inserted == [3]  # no stage, no merge
    else:
        assert direct == [3]
    # An identical repeat in a fresh file: the direct insert gives way to the checked path (PostgreSQL)
    # or drops it as it comes (SQLite); either way one observation and the repeat counted.
    Observation.objects.all().delete()
    ImportBatch.objects.all().delete()
    repeat = write(tmp_path / "rep.csv", HEADER + "fresh,07,2021,1\nfresh,07,2022,2\nfresh,07,2021,1\n")
    code, out, err = run("import_data", str(repeat))
    assert code == 0, err
    assert "3 values: 2 new, 0 revised, 0 unchanged; 1 repeated row(s) dropped" in out
    assert Observation.objects.count() == 2
    if connection.vendor == "postgresql":
        assert server_path == [3, 3] and server_path.inserted == [3, 0]  # the unique key gave way
    else:
        assert direct == [3, 2]


def test_stored_and_fresh_indicators_in_one_file(two_indicators, mode, tmp_path):
    """The stored indicator's rows are merged (a revision kept), the fresh one's inserted; a conflicting
    repeat of the fresh indicator still rejects the whole file."""
    run("import_data", str(write(tmp_path / "v1.csv", HEADER + "pop,07,2022,1\n")))
    first = ImportBatch.objects.get()
    text = HEADER + "pop,07,2022,2\nfresh,07,2022,5\npop,07,2023,3\nfresh,07,2023,6\n"
    code, out, err = run("import_data", str(write(tmp_path / "v2.csv", text)))
    assert code == 0, err
    assert "4 values: 3 new, 1 revised, 0 unchanged" in out
    revision = ObservationRevision.objects.get()
    assert (revision.value, revision.batch_id) == (1.0, first.pk)
    assert Observation.objects.filter(indicator__key="fresh").count() == 2
    from styrkedja.web.indicators.models import Indicator

    Indicator.objects.create(key="newer", name="Newer", position=100)
    before = dump_database()
    bad = HEADER + "pop,07,2024,1\nnewer,07,2022,1\npop,07,2022,2\nnewer,07,2022,9\n"
    code, _, err = run("import_data", str(write(tmp_path / "v3.csv", bad)))
    assert code == 1 and "indicator newer area 07 period 2022 breakdown T" in err, err
    assert dump_database() == before


def test_two_series_on_one_fresh_indicator_conflict_is_rejected(two_indicators, mode, tmp_path):
    """`--indicator` puts every series on one indicator: a second series repeating an observation of the
    first with another value is a conflict within the file, not a revision."""
    before = dump_database()
    text = HEADER + "a,07,2022,1\na,07,2023,2\nb,07,2022,7\n"
    code, _, err = run("import_data", str(write(tmp_path / "ab.csv", text)), "--indicator", "fresh")
    assert code == 1 and "indicator fresh area 07 period 2022" in err, err
    assert dump_database() == before
    assert not ObservationRevision.objects.exists()

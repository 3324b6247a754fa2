"""Staging for the importer (`services`): the bulk-load practice and PostgreSQL's server-side parse.

- `suspend_foreign_keys` / `restore_foreign_keys`: for a big import, drop what makes each inserted
  row expensive (foreign keys and unique key on PostgreSQL, single-column indexes on both) and build
  it again in the same transaction.
- `stage_file`: PostgreSQL parses a plain tidy CSV file itself (COPY), the codes are mapped in SQL;
  a fresh import (nothing stored yet for the file's indicators) goes straight into the observation
  table, its repeats caught by the unique key, and otherwise into the stage for the checked merge.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction

from styrkedja.connectors import tidycsv
from styrkedja.connectors.base import FINAL, MISSING
from styrkedja.connectors.codes import normalise_period
from styrkedja.data import area_problem, from_kolada_id

STAGE_COLUMNS = ("indicator_id", "area_id", "period", "breakdown", "value", "numerator", "denominator", "status",
                 "symbol")  # fmt: skip
BULK_ROWS = 100_000  # from this many rows on: foreign keys checked once (PostgreSQL), indexes rebuilt (both)


class ImportRejected(Exception):
    """The import broke a rule; nothing was stored."""


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def suspend_foreign_keys(cur: Any, rows: int) -> list[str]:
    """Bulk-load practice for a big import (at least BULK_ROWS, and a quarter of what is stored):
    drop what makes each inserted row expensive and build it again at the end; returns the SQL that does.

    PostgreSQL checks deferred foreign keys row by row at commit (three per observation) and updates
    five indexes per row: the foreign keys and the unique key are dropped and added again (one join
    per key, one sorted build, both checked in full), the single-column indexes built again. SQLite:
    the single-column indexes (its unique key is part of the table and stays). Everything comes back
    with the same names and definitions in the same transaction, and the merge holds each key once,
    so the unique key is built over the same rows it would have checked one by one. While it runs,
    PostgreSQL readers of the observation table wait (SQLite readers see the previous state, WAL).
    Small imports keep the row-by-row work."""
    if rows < BULK_ROWS:
        return []
    if not _is_postgres():
        cur.execute("SELECT COUNT(*) FROM indicators_observation")
        if rows * 4 < cur.fetchone()[0]:
            return []
        cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indicators_observation' "
            "AND sql IS NOT NULL ORDER BY name"
        )
        indexes = [(str(name), str(sql)) for name, sql in cur.fetchall()]
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in indexes]
    cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'indicators_observation'::regclass")
    stored = float(cur.fetchone()[0])
    if rows * 4 < stored:  # re-checking a big table would cost more than the row checks
        return []
    cur.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'indicators_observation'::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname"
    )
    constraints = [(str(name), str(kind), str(definition)) for name, kind, definition in cur.fetchall()]
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = 'indicators_observation' AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = 'indicators_observation'::regclass) ORDER BY indexname"
    )
    indexes = [(str(name), str(definition)) for name, definition in cur.fetchall()]
    _check_pending_constraints(cur)  # ALTER TABLE refuses tables with deferred checks still queued
    for name, _, _ in constraints:
        cur.execute(f'ALTER TABLE indicators_observation DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    # Unique key first (revision rows may already point at observations), then foreign keys, then indexes.
    restore = [f'ALTER TABLE indicators_observation ADD CONSTRAINT "{name}" {definition}'
               for name, _, definition in constraints]  # fmt: skip
    return restore + [definition for _, definition in indexes]


def _check_pending_constraints(cur: Any) -> None:
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # runs the queued checks now (an error aborts the import)
    cur.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_foreign_keys(cur: Any, restore: list[str]) -> None:
    if restore and _is_postgres():
        _check_pending_constraints(cur)
    for sql in restore:
        cur.execute(sql)


class _NotPlain(Exception):
    """The file holds something the server-side path does not take exactly as the Python reader does."""


# A value made of these characters only is a plain decimal number: PostgreSQL's float8 input then takes
# exactly the strings Python's float() takes (no hex, inf, nan, spaces or underscores can be spelled),
# both correctly rounded; what it refuses (`-`, `1e`, `1e-400`) is an error, and the Python reader decides.
NUMBER_CHARS = "0123456789.eE+-"
COPY_BLOCK = 1 << 20


def stage_file(cur: Any, path: Path, indicators: dict[str, int], areas: dict[str, int],
               indicator_for: Callable[[str], str | None], batch_id: int) -> tuple[int, int] | None:  # fmt: skip
    r"""PostgreSQL: stage a plain tidy CSV file with the server parsing it; None when the file is not plain.

    Returns (rows kept, rows of them already stored as new observations of `batch_id`: see `_insert_fresh`).

    Plain: a simple header, no quote or backslash in the data (PostgreSQL's CSV quoting and its `\.`
    end marker differ from Python's `csv`), every row as wide as the header, every value empty or a
    plain decimal number, no flag, status, numerator or denominator. The file's bytes go to one COPY
    into a table of text columns; the few distinct series, area, period and breakdown texts are checked
    and mapped in Python with the reader's own rules (strip, `area_problem`, `normalise_period`,
    `indicator_for`), and one INSERT ... SELECT joins them to stage the rows. Anything the Python reader
    would reject or store differently (a bad row, an unknown code, a decimal comma, a symbol) makes the
    whole attempt roll back to its savepoint and return None: the caller then reads the file in Python,
    which gives the exact error with file, row and column, or stores the file the same way.
    """
    import psycopg

    shape = tidycsv.layout(path)
    if shape is None:
        return None
    cur.execute("SHOW server_encoding")
    if cur.fetchone()[0] != "UTF8":
        return None
    try:
        with transaction.atomic():
            return _copy_file(cur, path, shape, indicators, areas, indicator_for, batch_id)
    except (_NotPlain, ImportRejected, DatabaseError, psycopg.Error):
        return None


def _copy_file(cur: Any, path: Path, shape: tidycsv.Layout, indicators: dict[str, int], areas: dict[str, int],
               indicator_for: Callable[[str], str | None], batch_id: int) -> tuple[int, int]:  # fmt: skip
    cols = shape.columns
    rows = _copy_raw(cur, path, shape)
    series, area, period = (f"c{cols[c]}" for c in ("indicator", shape.area_column, "period"))
    breakdown = f"c{cols.get('breakdown')}"
    sets = [series, area, period] + ([breakdown] if "breakdown" in cols else [])
    cur.execute(
        f"SELECT {', '.join(f'GROUPING({c})' for c in sets)}, {', '.join(sets)} FROM stage_raw "
        f"GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in sets)})"
    )
    distinct: list[list[str]] = [[] for _ in sets]
    for row in cur.fetchall():
        which = list(row[: len(sets)]).index(0)
        distinct[which].append(row[len(sets) + which])

    series_ids = _map_codes(cur, distinct, indicators, areas, indicator_for)

    value = f"r.c{cols['value']}"
    empty = [f"r.c{cols[c]}" for c in ("flag", "status", "numerator", "denominator") if c in cols]
    plain = " AND ".join([f"ltrim({value}, '{NUMBER_CHARS}') = ''"] + [f"{c} = ''" for c in empty])
    joins = (
        f"FROM stage_raw r JOIN stage_map_series s ON s.raw = r.{series} JOIN stage_map_area a ON a.raw = r.{area} "
        f"JOIN stage_map_period p ON p.raw = r.{period} JOIN stage_map_breakdown b ON b.raw = "
        + (f"r.{breakdown}" if "breakdown" in cols else "''")
    )
    # The stage's columns (STAGE_COLUMNS) and where they come from: `SELECT {columns} {source}`.
    columns = (
        f"s.mapped, a.mapped, p.mapped, b.mapped, CASE WHEN {value} = '' THEN NULL ELSE {value}::double precision "
        f"END, NULL, NULL, CASE WHEN {value} = '' THEN '{MISSING}' ELSE '{FINAL}' END, ''"
    )
    source = f"{joins} WHERE s.mapped IS NOT NULL AND a.mapped IS NOT NULL AND {plain}"
    skipped = [raw for raw, ind in series_ids if ind is None]
    # Without statistics (and with a filter it cannot estimate) the planner takes the file for a few
    # thousand rows and sorts it twice on disk for merge joins (1 M rows: 4.5 s); hashing the small maps
    # is one pass. Back to the defaults after the file's statements.
    cur.execute("SET LOCAL enable_mergejoin = off")
    cur.execute("SET LOCAL enable_nestloop = off")
    inserted = 0 if skipped else _insert_fresh(cur, columns, source, [ind for _, ind in series_ids], rows, batch_id)
    if inserted:
        count = inserted
    else:
        cur.execute(f"INSERT INTO stage_observation ({', '.join(STAGE_COLUMNS)}) SELECT {columns} {source}")
        count = int(cur.rowcount)
    if skipped:  # series the import leaves out: their rows are still read (and must be plain)
        cur.execute(f"SELECT COUNT(*) {joins} WHERE s.mapped IS NULL AND {plain}")
        if count + int(cur.fetchone()[0]) != rows:
            raise _NotPlain
    elif count != rows:
        raise _NotPlain  # a row that is not plain, or an area code not stored
    cur.execute("RESET enable_mergejoin")
    cur.execute("RESET enable_nestloop")
    for table in ("stage_raw", "stage_map_series", "stage_map_area", "stage_map_period", "stage_map_breakdown"):
        cur.execute(f"DROP TABLE {table}")
    return count, inserted


def _copy_raw(cur: Any, path: Path, shape: tidycsv.Layout) -> int:
    """The file's data rows into `stage_raw` (text columns c0, c1, ...) by one COPY; returns their count."""
    names = [f"c{i}" for i in range(shape.fields)]
    cur.execute(f"CREATE TEMPORARY TABLE stage_raw ({', '.join(f'{n} text' for n in names)})")
    delimiter = {",": "','", ";": "';'", "\t": "E'\\t'"}[shape.delimiter]
    options = f"FORMAT csv, DELIMITER {delimiter}, ENCODING 'UTF8', FORCE_NOT_NULL ({', '.join(names)})"
    with path.open("rb") as fh, cur.cursor.copy(f"COPY stage_raw FROM STDIN WITH ({options})") as copy:
        fh.seek(shape.data_offset)
        for block in iter(lambda: fh.read(COPY_BLOCK), b""):
            if b'"' in block or b"\\" in block:
                raise _NotPlain
            copy.write(block)
    rows = int(cur.cursor.rowcount)
    if rows == 0:
        raise _NotPlain  # blank lines only: the reader says what is wrong
    return rows


def _insert_fresh(cur: Any, columns: str, source: str, indicator_ids: list[Any], rows: int, batch_id: int) -> int:
    """A fresh import (nothing stored yet for any of the file's indicators) straight into the observation
    table; returns the rows stored, 0 when it was not done (the caller stages the rows for the checked path).

    With nothing stored there is nothing to revise and nothing unchanged: every row is new unless the
    file gives one observation twice, and then the unique key (rebuilt at the end of a big import, checked
    row by row in a small one) fails, the savepoint is rolled back and the checked path decides (identical
    repeats dropped, conflicting ones rejected naming them). This skips the stage, the duplicate check's
    sort of every row and the merge's join. A row that is not plain ends the whole server attempt."""
    cur.execute("SELECT 1 FROM indicators_observation WHERE indicator_id = ANY(%s) LIMIT 1", [indicator_ids])
    if cur.fetchone() is not None:
        return 0
    names = ", ".join(STAGE_COLUMNS)
    try:
        with transaction.atomic():
            restore = suspend_foreign_keys(cur, rows)
            cur.execute(
                f"INSERT INTO indicators_observation ({names}, batch_id) SELECT {columns}, %s {source}",
                [batch_id],
            )
            if int(cur.rowcount) != rows:
                raise _NotPlain  # a row that is not plain, or an area code not stored
            restore_foreign_keys(cur, restore)
    except IntegrityError:
        return 0  # one observation given twice
    return rows


def _map_codes(cur: Any, distinct: list[list[str]], indicators: dict[str, int], areas: dict[str, int],
               indicator_for: Callable[[str], str | None]) -> list[tuple[str, int | None]]:  # fmt: skip
    """The distinct series, area, period (and breakdown) texts of the file checked with the reader's rules
    and mapped (ids, period codes) into small tables for the staging join; returns the series map."""
    series_ids: list[tuple[str, int | None]] = []
    for raw in distinct[0]:
        name = raw.strip()
        if not name:
            raise _NotPlain
        key = indicator_for(name)  # ImportRejected: the reader path says it at the right row
        if key is not None and key not in indicators:
            raise _NotPlain
        series_ids.append((raw, indicators[key] if key is not None else None))
    area_ids: list[tuple[str, int | None]] = []
    for raw in distinct[1]:
        code = from_kolada_id(raw.strip())
        if area_problem(code):
            raise _NotPlain
        area_ids.append((raw, areas.get(code)))  # not stored: rejected below if a row uses it
    periods: list[tuple[str, str]] = []
    for raw in distinct[2]:
        norm = normalise_period(raw.strip())
        if norm is None:
            raise _NotPlain
        periods.append((raw, norm))
    breakdowns = [(raw, raw.strip() or "T") for raw in (distinct[3] if len(distinct) > 3 else [""])]
    maps: list[tuple[str, str, list[Any]]] = [
        ("stage_map_series", "bigint", series_ids), ("stage_map_area", "bigint", area_ids),
        ("stage_map_period", "text", periods), ("stage_map_breakdown", "text", breakdowns),
    ]  # fmt: skip
    for table, kind, mapping in maps:
        cur.execute(f"CREATE TEMPORARY TABLE {table} (raw text PRIMARY KEY, mapped {kind})")
        with cur.cursor.copy(f"COPY {table} (raw, mapped) FROM STDIN") as copy:
            for pair in mapping:
                copy.write_row(pair)
    return series_ids

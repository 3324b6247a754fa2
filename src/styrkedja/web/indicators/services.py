"""Storing statistics: one import batch per call, one transaction, revisions kept.

Records are staged in a temporary table and merged with set-based SQL, so an
import of millions of rows never makes a query per row. A value that differs
from the stored one moves the stored one into the revision history first;
identical data change nothing (not even a new batch).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from styrkedja.connectors import tidycsv
from styrkedja.connectors.base import FINAL, MISSING, ObservationRecord, ParseError, Provenance
from styrkedja.connectors.codes import normalise_period
from styrkedja.connectors.tidycsv import StageRow
from styrkedja.data import area_problem, from_kolada_id

from ..areas.models import Area
from ..core import audit
from .models import ImportBatch, Indicator

STAGE_COLUMNS = ("indicator_id", "area_id", "period", "breakdown", "value", "numerator", "denominator", "status",
                 "symbol")  # fmt: skip
PROGRESS_EVERY = 100_000
BULK_ROWS = 100_000  # from this many rows on: foreign keys checked once (PostgreSQL), indexes rebuilt (SQLite)
SQLITE_CACHE_KIB = 64 * 1024  # SQLite page cache during an import (main and temp), then restored
STAGE_CHUNK = 20_000  # SQLite: rows staged per executemany
PG_TEMP_BUFFERS = "256MB"  # PostgreSQL local buffers for the temporary stages of a CSV import


@dataclass
class ImportResult:
    batch: ImportBatch | None  # None when nothing changed
    rows: int
    new: int
    revised: int
    unchanged: int
    duplicates: int = 0  # rows that repeated an earlier row of the same import with the same value: dropped

    def summary(self) -> str:
        """Every row accounted for: '736 values: 582 new, 0 revised, 0 unchanged; 154 repeated rows dropped'."""
        text = f"{self.rows} values: {self.new} new, {self.revised} revised, {self.unchanged} unchanged"
        if self.duplicates:
            text += f"; {self.duplicates} repeated row(s) dropped (same observation, same value)"
        return text


class ImportRejected(Exception):
    """The import broke a rule; nothing was stored."""


def to_indicator(key: str) -> Callable[[str], str]:
    """A mapping that stores every series on one indicator."""

    def mapping(_series: str) -> str:
        return key

    return mapping


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def import_records(
    records: Iterable[ObservationRecord],
    provenance: Provenance,
    indicator_for: Callable[[str], str | None],
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Store records as one batch. `indicator_for(series)` names the indicator key (None: skip the series).

    Raises ImportRejected (unknown indicator or area, one observation twice with
    different values) and leaves the database as it was.
    """
    rows = (
        (r.series, r.area, r.period, r.breakdown, r.value, r.numerator, r.denominator, r.status, r.symbol)
        for r in records
    )
    return import_rows(rows, provenance, indicator_for, user=user, progress=progress)


def import_rows(
    rows: Iterable[StageRow],
    provenance: Provenance,
    indicator_for: Callable[[str], str | None],
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """`import_records` for plain tuples in `tidycsv.STAGE_FIELDS` order (what `tidycsv.iter_rows` yields).

    The fast way for big files: no record objects, and no duplicate guard needed in
    the reader, since the staging SQL drops identical repeats and rejects
    conflicting ones, naming the observation.
    """

    def stage(cur: Any, indicators: dict[str, int], areas: dict[str, int]) -> int:
        return _stage(cur, rows, indicators, areas, indicator_for, progress)

    return _import(stage, provenance, user)


def import_csv(
    path: str | Path,
    provenance: Provenance,
    indicator_for: Callable[[str], str | None],
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """A tidy CSV file, as `import_rows(tidycsv.iter_rows(path), ...)` stores it.

    On PostgreSQL a file of plain rows (see `_stage_file`) is parsed by the server: its bytes
    go to COPY and the codes are checked and mapped in SQL. Anything else, and every error,
    takes the Python reader, so a bad file gets the reader's message with file, row and column.
    """

    def stage(cur: Any, indicators: dict[str, int], areas: dict[str, int]) -> int:
        if _is_postgres():
            count = _stage_file(cur, Path(path), indicators, areas, indicator_for)
            if count is not None:
                if progress:
                    progress(count)
                return count
        return _stage(cur, tidycsv.iter_rows(path), indicators, areas, indicator_for, progress)

    return _import(stage, provenance, user, temp_buffers=True)


def _import(
    stage: Callable[[Any, dict[str, int], dict[str, int]], int],
    provenance: Provenance,
    user: Any,
    *,
    temp_buffers: bool = False,
) -> ImportResult:
    indicators = dict(Indicator.objects.values_list("key", "id"))
    areas = dict(Area.objects.values_list("code", "id"))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=provenance.source, location=provenance.location[:1000], table=provenance.table[:200],
            query=provenance.query, format=provenance.format,
            retrieved_at=provenance.retrieved_at or timezone.now(), checksum=provenance.checksum,
            notes=list(provenance.notes), user=user if getattr(user, "pk", None) else None,
        )  # fmt: skip
        with connection.cursor() as cur, _session(cur, temp_buffers=temp_buffers):
            _create_stage(cur)
            count = stage(cur, indicators, areas)
            unique = _check_duplicates(cur, indicators, areas)
            fks = _suspend_foreign_keys(cur, count)
            revised, new, unchanged = _merge(cur, batch.pk, "stage_observation" if unique else "stage_unique")
            duplicates = count - revised - new - unchanged  # the merge sees each observation once
            _restore_foreign_keys(cur, fks)
            cur.execute("DROP TABLE stage_observation")
            if not unique:
                cur.execute("DROP TABLE stage_unique")
        if revised + new == 0:
            transaction.set_rollback(True)
            return ImportResult(None, count, 0, 0, unchanged, duplicates)
        batch.row_count = count
        batch.changed_count = revised + new
        batch.save(update_fields=["row_count", "changed_count"])
        audit.record(user, "import", "indicators.ImportBatch", str(batch.pk),
                     {"rows": count, "new": new, "revised": revised},
                     f"{provenance.source} {provenance.table or provenance.location}")  # fmt: skip
    return ImportResult(batch, count, new, revised, unchanged, duplicates)


@contextmanager
def _session(cur: Any, *, temp_buffers: bool = False) -> Iterator[None]:
    """Settings for one import: more memory for sorts and the page cache; durability untouched.

    PostgreSQL, `temp_buffers` (for `import_csv`, which `import-data` uses): the temporary stages live in
    the session's local buffers, 8 MB by default. The setting can only change before the session's first
    temporary table, and the buffers then stay with the session, so only a command's short-lived
    connection asks; a session that has used temporary tables keeps what it has."""
    if _is_postgres():
        # SET LOCAL ends with the transaction.
        cur.execute("SET LOCAL work_mem = '64MB'")
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        if temp_buffers:
            try:
                with transaction.atomic():
                    cur.execute(f"SET LOCAL temp_buffers = '{PG_TEMP_BUFFERS}'")
            except DatabaseError:
                pass  # "cannot be changed after any temporary tables have been accessed in the session"
        yield
        return
    cur.execute("PRAGMA cache_size")
    cache = int(cur.fetchone()[0])
    cur.execute("PRAGMA temp.cache_size")
    temp_cache = int(cur.fetchone()[0])
    cur.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    cur.execute(f"PRAGMA temp.cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        cur.execute(f"PRAGMA cache_size = {cache}")
        cur.execute(f"PRAGMA temp.cache_size = {temp_cache}")


def _create_stage(cur: Any) -> None:
    cur.execute("DROP TABLE IF EXISTS stage_observation")
    cur.execute("DROP TABLE IF EXISTS stage_unique")
    columns = (
        "indicator_id bigint, area_id bigint, period varchar(10), breakdown varchar(20), value double precision, "
        "numerator double precision, denominator double precision, status varchar(20), symbol varchar(40)"
    )
    if _is_postgres():
        cur.execute(f"CREATE TEMPORARY TABLE stage_observation ({columns})")
    else:
        # Keyed, so that identical repeats are merged as they arrive and a repeat with other
        # values is marked (`clash`) for `_check_duplicates`; no sort of the whole stage later.
        cur.execute(
            f"CREATE TEMPORARY TABLE stage_observation ({columns}, clash integer NOT NULL DEFAULT 0, "
            "PRIMARY KEY (indicator_id, area_id, period, breakdown)) WITHOUT ROWID"
        )


def _check_widths(series: str, area: str, period: str, breakdown: str, symbol: str | None) -> None:
    """Longer than the columns hold: say where, rather than let the database fail mid-import."""
    if len(breakdown) > 20 or len(symbol or "") > 40 or len(period) > 10:
        raise ImportRejected(
            f"series {series!r}, area {area}, period {period[:20]!r}: breakdown (at most 20 characters), "
            "period (10) or status symbol (40) too long"
        )


def _stage(cur: Any, rows: Iterable[StageRow], indicators: dict[str, int], areas: dict[str, int],
           indicator_for: Callable[[str], str | None], progress: Callable[[int], None] | None) -> int:  # fmt: skip
    count = 0
    resolved: dict[str, int | None] = {}
    find_indicator = resolved.get
    find_area = areas.get
    short = not _is_postgres()  # SQLite binds plain rows with constants for the always-empty columns

    def staged() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        for series, area, period, breakdown, value, numerator, denominator, status, symbol in rows:
            ind = find_indicator(series, -1)
            if ind == -1:
                key = indicator_for(series)
                if key is not None and key not in indicators:
                    raise ImportRejected(f"series {series!r}: unknown indicator {key!r}")
                ind = resolved[series] = indicators[key] if key is not None else None
            if ind is None:
                continue
            area_id = find_area(area)
            if area_id is None:
                raise ImportRejected(f"series {series!r}, period {period}: unknown area code {area!r}")
            _check_widths(series, area, period, breakdown, symbol)
            if short and numerator is None and denominator is None and not symbol:
                yield (ind, area_id, period, breakdown, value, status)  # a plain row: constants for the rest
            else:
                yield (ind, area_id, period, breakdown, value, numerator, denominator, status, symbol)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)

    if _is_postgres():
        with cur.cursor.copy(f"COPY stage_observation ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            write = copy.write_row
            for row in staged():
                write(row)
    else:
        import sqlite3

        differs = " OR ".join(f"{c} IS NOT excluded.{c}" for c in STAGE_COLUMNS[4:])
        insert = f"INSERT INTO stage_observation ({', '.join(STAGE_COLUMNS)}) VALUES "
        conflict = f" ON CONFLICT DO UPDATE SET clash = clash OR {differs}"
        plain_sql = insert + "(?, ?, ?, ?, ?, NULL, NULL, ?, '')" + conflict  # 0.9 µs a row less than 9 parameters
        full_sql = insert + f"({', '.join('?' * 9)})" + conflict
        # sqlite3's own executemany: Django's wrapper peeks at the rows with itertools.tee, and the tee
        # then keeps every row of the file in memory (1.5 GB at 10 M rows). The SQL has no %s to convert.
        # Plain and other rows go in chunks to their statements; the keyed stage does not depend on order.
        execute = functools.partial(sqlite3.Cursor.executemany, cur.cursor)
        stream = staged()
        while chunk := list(itertools.islice(stream, STAGE_CHUNK)):
            plain = [row for row in chunk if len(row) == 6]
            if plain:
                execute(plain_sql, plain)
            if len(plain) < len(chunk):
                execute(full_sql, [row for row in chunk if len(row) == 9])
    if progress:
        progress(count)
    return count


class _NotPlain(Exception):
    """The file holds something the server-side path does not take exactly as the Python reader does."""


# A value made of these characters only is a plain decimal number: PostgreSQL's float8 input then takes
# exactly the strings Python's float() takes (no hex, inf, nan, spaces or underscores can be spelled),
# both correctly rounded; what it refuses (`-`, `1e`, `1e-400`) is an error, and the Python reader decides.
NUMBER_CHARS = "0123456789.eE+-"
COPY_BLOCK = 1 << 20


def _stage_file(cur: Any, path: Path, indicators: dict[str, int], areas: dict[str, int],
                indicator_for: Callable[[str], str | None]) -> int | None:  # fmt: skip
    r"""PostgreSQL: stage a plain tidy CSV file with the server parsing it; None when the file is not plain.

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
            return _copy_file(cur, path, shape, indicators, areas, indicator_for)
    except (_NotPlain, ImportRejected, DatabaseError, psycopg.Error):
        return None


def _copy_file(cur: Any, path: Path, shape: tidycsv.Layout, indicators: dict[str, int], areas: dict[str, int],
               indicator_for: Callable[[str], str | None]) -> int:  # fmt: skip
    cols = shape.columns
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
    cur.execute(
        f"INSERT INTO stage_observation ({', '.join(STAGE_COLUMNS)}) SELECT s.mapped, a.mapped, p.mapped, "
        f"b.mapped, CASE WHEN {value} = '' THEN NULL ELSE {value}::double precision END, NULL, NULL, "
        f"CASE WHEN {value} = '' THEN '{MISSING}' ELSE '{FINAL}' END, '' {joins} "
        f"WHERE s.mapped IS NOT NULL AND a.mapped IS NOT NULL AND {plain}"
    )
    count = int(cur.rowcount)
    skipped = [raw for raw, ind in series_ids if ind is None]
    if skipped:  # series the import leaves out: their rows are still read (and must be plain)
        cur.execute(f"SELECT COUNT(*) {joins} WHERE s.mapped IS NULL AND {plain}")
        if count + int(cur.fetchone()[0]) != rows:
            raise _NotPlain
    elif count != rows:
        raise _NotPlain  # a row that is not plain, or an area code not stored
    for table in ("stage_raw", "stage_map_series", "stage_map_area", "stage_map_period", "stage_map_breakdown"):
        cur.execute(f"DROP TABLE {table}")
    return count


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


def _check_duplicates(cur: Any, indicators: dict[str, int], areas: dict[str, int]) -> bool:
    """Reject one observation given twice with different values; True when the stage has no repeats at all.

    With repeats (identical ones are fine) PostgreSQL merges them into `stage_unique`.
    """
    key = "indicator_id, area_id, period, breakdown"
    if _is_postgres():
        cur.execute("ANALYZE stage_observation")  # a temporary table has no statistics: bad merge plans
        cur.execute(f"SELECT 1 FROM stage_observation GROUP BY {key} HAVING COUNT(*) > 1 LIMIT 1")
        if cur.fetchone() is None:
            return True
        cur.execute(f"CREATE TEMPORARY TABLE stage_unique AS SELECT DISTINCT {', '.join(STAGE_COLUMNS)} "
                    "FROM stage_observation")  # fmt: skip
        cur.execute(f"SELECT {key} FROM stage_unique GROUP BY {key} HAVING COUNT(*) > 1 ORDER BY {key} LIMIT 5")
    else:
        cur.execute(f"SELECT {key} FROM stage_observation WHERE clash ORDER BY {key} LIMIT 5")
    clashes = cur.fetchall()
    if clashes:
        indicator = {v: k for k, v in indicators.items()}
        area = {v: k for k, v in areas.items()}
        listed = "; ".join(
            f"indicator {indicator[i]} area {area[a]} period {p} breakdown {b}" for i, a, p, b in clashes
        )
        raise ImportRejected(f"the same observation appears twice with different values: {listed}")
    return not _is_postgres()


def _suspend_foreign_keys(cur: Any, rows: int) -> list[str]:
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


def _restore_foreign_keys(cur: Any, restore: list[str]) -> None:
    if restore and _is_postgres():
        _check_pending_constraints(cur)
    for sql in restore:
        cur.execute(sql)


KEY = "s.indicator_id = o.indicator_id AND s.area_id = o.area_id AND s.period = o.period AND s.breakdown = o.breakdown"
DIFFERS = (
    "(s.value IS DISTINCT FROM o.value OR s.status IS DISTINCT FROM o.status OR s.symbol IS DISTINCT FROM "
    "o.symbol OR s.numerator IS DISTINCT FROM o.numerator OR s.denominator IS DISTINCT FROM o.denominator)"
)


def _merge(cur: Any, batch_id: int, stage: str) -> tuple[int, int, int]:
    """Revisions for changed values, inserts for new ones; `stage` holds each observation once."""
    cur.execute(f"SELECT COUNT(*) FROM {stage}")
    total = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO indicators_observationrevision (observation_id, value, numerator, denominator, status, symbol, "
        "batch_id, replaced_by_id) SELECT o.id, o.value, o.numerator, o.denominator, o.status, o.symbol, o.batch_id, "
        f"%s FROM indicators_observation o JOIN {stage} s ON {KEY} WHERE {DIFFERS}",
        [batch_id],
    )
    revised = cur.rowcount
    if revised:
        cur.execute(
            "UPDATE indicators_observation AS o SET value = s.value, numerator = s.numerator, "
            "denominator = s.denominator, status = s.status, symbol = s.symbol, batch_id = %s "
            f"FROM {stage} s WHERE {KEY} AND {DIFFERS}",
            [batch_id],
        )
    cur.execute(
        "INSERT INTO indicators_observation (indicator_id, area_id, period, breakdown, value, numerator, denominator, "
        "status, symbol, batch_id) SELECT s.indicator_id, s.area_id, s.period, s.breakdown, s.value, s.numerator, "
        f"s.denominator, s.status, s.symbol, %s FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM "
        f"indicators_observation o WHERE {KEY})",
        [batch_id],
    )
    new = cur.rowcount
    return revised, new, total - revised - new


def retrieved_date(text: str) -> dt.datetime:
    """A manifest date (YYYY-MM-DD) as an aware datetime at noon Stockholm time."""
    day = dt.date.fromisoformat(text)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12, 0))


__all__ = [
    "ImportRejected",
    "ImportResult",
    "ParseError",
    "import_csv",
    "import_records",
    "import_rows",
    "retrieved_date",
]

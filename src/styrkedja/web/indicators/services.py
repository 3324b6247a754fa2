"""Storing statistics: one import batch per call, one transaction, revisions kept.

Records are staged in a temporary table and merged with set-based SQL, so an
import of millions of rows never makes a query per row. A value that differs
from the stored one moves the stored one into the revision history first;
identical data change nothing (not even a new batch). Rows of indicators with
nothing stored yet have nothing to revise: they go straight into the observation
table (`_write_sqlite`, `staging.stage_file`), a repeat still caught.
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
from styrkedja.connectors.base import ObservationRecord, ParseError, Provenance
from styrkedja.connectors.tidycsv import StageRow

from ..areas.models import Area
from ..core import audit
from . import staging
from .models import ImportBatch, Indicator
from .staging import STAGE_COLUMNS, ImportRejected

PROGRESS_EVERY = 100_000
SQLITE_CACHE_KIB = 64 * 1024  # SQLite page cache during an import (main and temp), then restored
STAGE_CHUNK = 20_000  # SQLite: rows staged per executemany
PG_TEMP_BUFFERS = "256MB"  # PostgreSQL local buffers for the temporary stages of a CSV import
BYTES_PER_ROW = 64  # SQLite: a generous tidy CSV row, for the row count a file's size promises at least
CLASH = "(clash)"  # SQLite: a status (never a real one) marking a conflicting repeat of a direct insert


@dataclass
class Into:
    """Where an import's rows go: ids by indicator key and by area code, the batch, and (SQLite) the
    indicators that already have observations; rows of the others are stored without the merge."""

    indicators: dict[str, int]
    areas: dict[str, int]
    batch_id: int
    stored: set[int]
    last_id: int = 0  # SQLite: the highest observation id before the import (direct inserts come after it)


# A stage function gets a cursor and the `Into`, and returns the rows kept and how many of them it
# already stored as new observations (both databases store rows of indicators with nothing stored
# straight into the observation table).
Stage = Callable[[Any, Into], tuple[int, int]]


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

    def stage(cur: Any, into: Into) -> tuple[int, int]:
        return _stage(cur, rows, into, indicator_for, progress)

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

    On PostgreSQL a file of plain rows (see `staging.stage_file`) is parsed by the server: its bytes
    go to COPY and the codes are checked and mapped in SQL. Anything else, and every error,
    takes the Python reader, so a bad file gets the reader's message with file, row and column.
    """

    def stage(cur: Any, into: Into) -> tuple[int, int]:
        if _is_postgres():
            staged = staging.stage_file(cur, Path(path), into.indicators, into.areas, indicator_for, into.batch_id)
            if staged is not None:
                if progress:
                    progress(staged[0])
                return staged
        return _stage(cur, tidycsv.iter_rows(path), into, indicator_for, progress)

    return _import(
        stage, provenance, user, temp_buffers=True, expected=max(1, Path(path).stat().st_size // BYTES_PER_ROW)
    )


def _import(
    stage: Stage,
    provenance: Provenance,
    user: Any,
    *,
    temp_buffers: bool = False,
    expected: int = 0,
) -> ImportResult:
    """`expected`: the rows a file promises at least (0: unknown); SQLite then drops the single-column
    indexes before its direct inserts, not only before the merge."""
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
            into = Into(indicators, areas, batch.pk, *(_with_observations(cur) if not _is_postgres() else (set(), 0)))
            fks = [] if _is_postgres() else staging.suspend_foreign_keys(cur, expected)
            count, inserted = stage(cur, into)
            unique = _check_duplicates(cur, into, inserted)
            fks = fks or staging.suspend_foreign_keys(cur, count - inserted)
            revised, new, unchanged = _merge(cur, batch.pk, "stage_observation" if unique else "stage_unique")
            new += inserted
            duplicates = count - revised - new - unchanged  # the merge sees each observation once
            staging.restore_foreign_keys(cur, fks)
            _drop_stage(cur, unique)
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


def _with_observations(cur: Any) -> tuple[set[int], int]:
    """SQLite: the indicators that have observations (one index probe each, before any index is
    dropped) and the highest observation id."""
    cur.execute(
        "SELECT id FROM indicators_indicator i WHERE EXISTS "
        "(SELECT 1 FROM indicators_observation o WHERE o.indicator_id = i.id)"
    )
    stored = {int(row[0]) for row in cur.fetchall()}
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM indicators_observation")
    return stored, int(cur.fetchone()[0])


def _drop_stage(cur: Any, unique: bool) -> None:
    cur.execute("DROP TABLE stage_observation")
    if not unique:
        cur.execute("DROP TABLE stage_unique")


def _check_widths(series: str, area: str, period: str, breakdown: str, symbol: str | None) -> None:
    """Longer than the columns hold: say where, rather than let the database fail mid-import."""
    if len(breakdown) > 20 or len(symbol or "") > 40 or len(period) > 10:
        raise ImportRejected(
            f"series {series!r}, area {area}, period {period[:20]!r}: breakdown (at most 20 characters), "
            "period (10) or status symbol (40) too long"
        )


def _stage(cur: Any, rows: Iterable[StageRow], into: Into, indicator_for: Callable[[str], str | None],
           progress: Callable[[int], None] | None) -> tuple[int, int]:  # fmt: skip
    count = 0
    resolved: dict[str, int | None] = {}
    find_indicator = resolved.get
    find_area = into.areas.get
    indicators = into.indicators
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
            if len(period) > 10 or len(breakdown) > 20 or (symbol and len(symbol) > 40):  # inline: 0.2 µs a row
                _check_widths(series, area, period, breakdown, symbol)
            if short and numerator is None and denominator is None and not symbol:
                yield (ind, area_id, period, breakdown, value, status)  # a plain row: constants for the rest
            else:
                yield (ind, area_id, period, breakdown, value, numerator, denominator, status, symbol)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)

    inserted = 0
    if _is_postgres():
        with cur.cursor.copy(f"COPY stage_observation ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            write = copy.write_row
            for row in staged():
                write(row)
    else:
        inserted = _write_sqlite(cur, staged(), into)
    if progress:
        progress(count)
    return count, inserted


def _write_sqlite(cur: Any, stream: Iterator[tuple[Any, ...]], into: Into) -> int:
    """SQLite: rows of indicators with nothing stored (`into.stored` lacks them) go straight into the
    observation table, the others into the keyed stage for the merge; returns the rows stored directly.

    Both take a repeat of one observation as it comes (`ON CONFLICT`): an identical one changes nothing,
    one with other values is marked (the stage's `clash`, the observation's status CLASH) for
    `_check_duplicates` (not noted by a trigger: any trigger on the table makes every insert three times
    slower, 1 M rows 3.9 -> 13.4 s). Nothing stored means nothing to revise, so a
    direct insert is exactly what the merge would have done, without the stage and the merge's join."""
    import sqlite3

    def statements(table: str, marker: str, differs: str, extra: str = "") -> tuple[str, str]:
        insert = f"INSERT INTO {table} ({', '.join(STAGE_COLUMNS)}{', batch_id' if extra else ''}) VALUES "
        conflict = f" ON CONFLICT (indicator_id, area_id, period, breakdown) DO UPDATE SET {marker} WHERE {differs}"
        # plain rows: 0.9 µs a row less than binding 9 parameters
        return (
            insert + f"(?, ?, ?, ?, ?, NULL, NULL, ?, ''{extra})" + conflict,
            insert + f"({', '.join('?' * 9)}{extra})" + conflict,
        )

    differs = " OR ".join(f"{{t}}.{c} IS NOT excluded.{c}" for c in STAGE_COLUMNS[4:])
    to_stage = statements("stage_observation", "clash = 1", differs.format(t="stage_observation"))
    direct = statements("indicators_observation", f"status = '{CLASH}'",
                        differs.format(t="indicators_observation"), f", {int(into.batch_id)}")  # fmt: skip
    # sqlite3's own executemany: Django's wrapper peeks at the rows with itertools.tee, and the tee
    # then keeps every row of the file in memory (1.5 GB at 10 M rows). The SQL has no %s to convert.
    # Rows go in chunks to their statements; neither the keyed stage nor the unique key depends on order.
    execute = functools.partial(sqlite3.Cursor.executemany, cur.cursor)
    stored = into.stored
    inserted = 0
    while chunk := list(itertools.islice(stream, STAGE_CHUNK)):
        if not stored:
            targets = [(direct, chunk)]
        else:
            targets = [
                (direct, [r for r in chunk if r[0] not in stored]),
                (to_stage, [r for r in chunk if r[0] in stored]),
            ]
        for (plain_sql, full_sql), rows in targets:
            plain = [row for row in rows if len(row) == 6]
            if plain:
                execute(plain_sql, plain)
                inserted += cur.cursor.rowcount if plain_sql is direct[0] else 0
            if len(plain) < len(rows):
                execute(full_sql, [row for row in rows if len(row) == 9])
                inserted += cur.cursor.rowcount if full_sql is direct[1] else 0
    return inserted


def _check_duplicates(cur: Any, into: Into, inserted: int) -> bool:
    """Reject one observation given twice with different values; True when the stage has no repeats at all.

    With repeats (identical ones are fine) PostgreSQL merges them into `stage_unique`. SQLite: the rows
    stored directly (`inserted`, after `into.last_id`) are read once for the mark of a conflicting repeat.
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
        direct = f"UNION SELECT {key} FROM indicators_observation WHERE id > %s AND status = %s " if inserted else ""
        cur.execute(f"SELECT {key} FROM stage_observation WHERE clash {direct}ORDER BY {key} LIMIT 5",
                    [into.last_id, CLASH] if inserted else [])  # fmt: skip
    clashes = cur.fetchall()
    if clashes:
        indicator = {v: k for k, v in into.indicators.items()}
        area = {v: k for k, v in into.areas.items()}
        listed = "; ".join(
            f"indicator {indicator[i]} area {area[a]} period {p} breakdown {b}" for i, a, p, b in clashes
        )
        raise ImportRejected(f"the same observation appears twice with different values: {listed}")
    return not _is_postgres()


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

"""Storing statistics: one import batch per call, one transaction, revisions kept.

Records are staged in a temporary table and merged with set-based SQL, so an
import of millions of rows never makes a query per row. A value that differs
from the stored one moves the stored one into the revision history first;
identical data change nothing (not even a new batch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from styrkedja.connectors.base import ObservationRecord, ParseError, Provenance

from ..areas.models import Area
from ..core import audit
from .models import ImportBatch, Indicator

STAGE_COLUMNS = ("indicator_id", "area_id", "period", "breakdown", "value", "numerator", "denominator", "status",
                 "symbol")  # fmt: skip
CHUNK = 20_000


@dataclass
class ImportResult:
    batch: ImportBatch | None  # None when nothing changed
    rows: int
    new: int
    revised: int
    unchanged: int


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
    indicators = dict(Indicator.objects.values_list("key", "id"))
    areas = dict(Area.objects.values_list("code", "id"))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=provenance.source, location=provenance.location[:1000], table=provenance.table[:200],
            query=provenance.query, format=provenance.format,
            retrieved_at=provenance.retrieved_at or timezone.now(), checksum=provenance.checksum,
            notes=list(provenance.notes), user=user if getattr(user, "pk", None) else None,
        )  # fmt: skip
        with connection.cursor() as cur:
            _create_stage(cur)
            rows = _stage(cur, records, indicators, areas, indicator_for, progress)
            _reject_conflicts(cur)
            revised, new, unchanged = _merge(cur, batch.pk)
            cur.execute("DROP TABLE stage_observation")
        if revised + new == 0:
            transaction.set_rollback(True)
            return ImportResult(None, rows, 0, 0, unchanged)
        batch.row_count = rows
        batch.changed_count = revised + new
        batch.save(update_fields=["row_count", "changed_count"])
        audit.record(user, "import", "indicators.ImportBatch", str(batch.pk),
                     {"rows": rows, "new": new, "revised": revised},
                     f"{provenance.source} {provenance.table or provenance.location}")  # fmt: skip
    return ImportResult(batch, rows, new, revised, unchanged)


def _create_stage(cur: Any) -> None:
    cur.execute("DROP TABLE IF EXISTS stage_observation")
    cur.execute(
        "CREATE TEMPORARY TABLE stage_observation (indicator_id bigint, area_id bigint, period varchar(10), "
        "breakdown varchar(20), value double precision, numerator double precision, "
        "denominator double precision, status varchar(20), symbol varchar(40))"
    )


def _stage(cur: Any, records: Iterable[ObservationRecord], indicators: dict[str, int], areas: dict[str, int],
           indicator_for: Callable[[str], str | None], progress: Callable[[int], None] | None) -> int:  # fmt: skip
    rows = 0
    chunk: list[tuple[Any, ...]] = []
    resolved: dict[str, int | None] = {}
    for rec in records:
        if rec.series not in resolved:
            key = indicator_for(rec.series)
            if key is not None and key not in indicators:
                raise ImportRejected(f"series {rec.series!r}: unknown indicator {key!r}")
            resolved[rec.series] = indicators[key] if key is not None else None
        ind = resolved[rec.series]
        if ind is None:
            continue
        area = areas.get(rec.area)
        if area is None:
            raise ImportRejected(f"series {rec.series!r}, period {rec.period}: unknown area code {rec.area!r}")
        chunk.append((ind, area, rec.period, rec.breakdown, rec.value, rec.numerator, rec.denominator, rec.status,
                      rec.symbol))  # fmt: skip
        rows += 1
        if len(chunk) >= CHUNK:
            _flush(cur, chunk)
            chunk = []
            if progress:
                progress(rows)
    if chunk:
        _flush(cur, chunk)
    if progress:
        progress(rows)
    return rows


def _flush(cur: Any, chunk: list[tuple[Any, ...]]) -> None:
    if _is_postgres():
        with cur.cursor.copy(f"COPY stage_observation ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row(row)
    else:
        cur.executemany(f"INSERT INTO stage_observation VALUES ({', '.join(['%s'] * len(STAGE_COLUMNS))})", chunk)


KEY = "s.indicator_id = o.indicator_id AND s.area_id = o.area_id AND s.period = o.period AND s.breakdown = o.breakdown"
DIFFERS = (
    "(s.value IS DISTINCT FROM o.value OR s.status IS DISTINCT FROM o.status OR s.symbol IS DISTINCT FROM "
    "o.symbol OR s.numerator IS DISTINCT FROM o.numerator OR s.denominator IS DISTINCT FROM o.denominator)"
)


def _reject_conflicts(cur: Any) -> None:
    """The same observation twice in one import: fine if identical, an error if the values differ."""
    cur.execute(
        "SELECT i.key, a.code, s.period, s.breakdown, COUNT(DISTINCT COALESCE(s.value, -1e308)) "
        "FROM stage_observation s JOIN indicators_indicator i ON i.id = s.indicator_id "
        "JOIN areas_area a ON a.id = s.area_id GROUP BY i.key, a.code, s.period, s.breakdown "
        "HAVING COUNT(DISTINCT COALESCE(s.value, -1e308)) > 1 LIMIT 5"
    )
    clashes = cur.fetchall()
    if clashes:
        listed = "; ".join(f"{k} area {a} period {p} breakdown {b}" for k, a, p, b, _ in clashes)
        raise ImportRejected(f"the same observation appears twice with different values: {listed}")


def _merge(cur: Any, batch_id: int) -> tuple[int, int, int]:
    # Deduplicate identical repeats (e.g. two vintages of a file that agree).
    cur.execute(
        "CREATE TEMPORARY TABLE stage_unique AS SELECT DISTINCT indicator_id, area_id, period, breakdown, value, "
        "numerator, denominator, status, symbol FROM stage_observation"
    )
    cur.execute("SELECT COUNT(*) FROM stage_unique")
    total = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO indicators_observationrevision (observation_id, value, numerator, denominator, status, symbol, "
        "batch_id, replaced_by_id) SELECT o.id, o.value, o.numerator, o.denominator, o.status, o.symbol, o.batch_id, "
        f"%s FROM indicators_observation o JOIN stage_unique s ON {KEY} WHERE {DIFFERS}",
        [batch_id],
    )
    revised = cur.rowcount
    if revised:
        cur.execute(
            "UPDATE indicators_observation AS o SET value = s.value, numerator = s.numerator, "
            "denominator = s.denominator, status = s.status, symbol = s.symbol, batch_id = %s "
            f"FROM stage_unique s WHERE {KEY} AND {DIFFERS}",
            [batch_id],
        )
    cur.execute(
        "INSERT INTO indicators_observation (indicator_id, area_id, period, breakdown, value, numerator, denominator, "
        "status, symbol, batch_id) SELECT s.indicator_id, s.area_id, s.period, s.breakdown, s.value, s.numerator, "
        "s.denominator, s.status, s.symbol, %s FROM stage_unique s WHERE NOT EXISTS (SELECT 1 FROM "
        f"indicators_observation o WHERE {KEY})",
        [batch_id],
    )
    new = cur.rowcount
    cur.execute("DROP TABLE stage_unique")
    return revised, new, total - revised - new


def retrieved_date(text: str) -> dt.datetime:
    """A manifest date (YYYY-MM-DD) as an aware datetime at noon Stockholm time."""
    day = dt.date.fromisoformat(text)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12, 0))


__all__ = ["ImportRejected", "ImportResult", "ParseError", "import_records", "retrieved_date"]

"""Writing an evaluation's results: one row per target (or goal trend), in one COPY on PostgreSQL.

At national scale a run has tens of thousands of results, each with its JSON detail; a COPY is one
round trip where `bulk_create` sends a few hundred INSERTs with every value as a parameter. Both
write through Django's connection, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from styrkedja.analytics import model as am

from .models import EvaluationResult

# The columns written, in the order of the rows built below.
COLUMNS = (
    "run_id", "goal_id", "target_id", "area_id", "indicator_id", "rule", "target_year", "status", "probability",
    "latest_period", "latest_value", "data_through", "preliminary", "explanation_sv", "explanation_en", "detail",
)  # fmt: skip


def target_row(run_id: int, ids: tuple[int, int], area_id: int, indicator_id: int | None,
               r: am.TargetResult) -> tuple[Any, ...]:  # fmt: skip
    target_id, goal_id = ids
    return (
        run_id, goal_id, target_id, area_id, indicator_id, r.rule, r.target_year, r.status, r.probability,
        r.latest_period or "", r.latest_value, str(r.data_through or ""), r.preliminary, r.explanation_sv,
        r.explanation_en, r.to_dict(),
    )  # fmt: skip


def trend_row(run_id: int, goal_id: int, area_id: int, indicator_id: int | None, t: am.TrendResult) -> tuple[Any, ...]:
    through = str(t.data_through or "")
    return (
        run_id, goal_id, None, area_id, indicator_id, "trend", None, t.status, None, through, t.latest_value,
        through, False, t.explanation_sv, t.explanation_en, t.to_dict(),
    )  # fmt: skip


def write(rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert `rows` (tuples in `COLUMNS` order) into the results table."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(rows)
        return
    EvaluationResult.objects.bulk_create(
        [EvaluationResult(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=2000
    )


def _copy(rows: Sequence[tuple[Any, ...]]) -> None:
    from psycopg.types.json import Jsonb

    table = EvaluationResult._meta.db_table
    statement = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as wrapper, wrapper.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row[:-1], Jsonb(row[-1])))


def copy_from_run(base_id: int, run_id: int, goals: Sequence[int]) -> int:
    """Copy run `base_id`'s results of the goals `goals` into run `run_id` with INSERT ... SELECT (the
    rows never leave the database). Returns the number of rows copied."""
    table = EvaluationResult._meta.db_table
    cols = ", ".join(c for c in COLUMNS if c != "run_id")
    insert = f"INSERT INTO {table} (run_id, {cols}) SELECT %s, {cols} FROM {table} WHERE run_id = %s AND "
    ids = sorted(set(goals))
    copied = 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(insert + "goal_id = ANY(%s)", [run_id, base_id, ids])
            return int(cur.rowcount)
        for start in range(0, len(ids), 500):  # SQLite: a bounded number of parameters per statement
            part = ids[start : start + 500]
            cur.execute(insert + f"goal_id IN ({', '.join(['%s'] * len(part))})", [run_id, base_id, *part])
            copied += int(cur.rowcount)
    return copied

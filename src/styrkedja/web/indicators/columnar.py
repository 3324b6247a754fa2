"""Reading query results from PostgreSQL as Arrow columns (ADBC's PostgreSQL driver).

The driver fetches with binary COPY straight into Arrow arrays, which polars adopts without
copying: no text is produced by the server or parsed by us. At national scale (tens of millions of
observations) this is what makes `evaluate` read its frame in seconds rather than minutes
(`bench/evaluate/db.py` measures it against the text-CSV reader).

The driver opens a connection of its own, which sees only committed data. Inside a transaction of
Django's connection (a test case, an import that evaluates before it commits) the caller must read
through Django's connection instead: `usable()` says which.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import polars as pl
from django.db import connection


def usable() -> bool:
    """True when the Arrow reader may be used: PostgreSQL, the driver installed, and no open
    transaction on Django's connection whose uncommitted rows a second connection would not see."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    try:
        import adbc_driver_postgresql.dbapi  # noqa: F401
    except ImportError:  # pragma: no cover - a declared dependency; an install without it still works
        return False
    return True


def _uri(settings: dict[str, Any]) -> str:
    """A libpq URI for Django's connection settings (a socket directory as HOST and libpq options
    such as `sslmode` go into the query string)."""
    user = quote(str(settings.get("USER") or ""), safe="")
    password = quote(str(settings.get("PASSWORD") or ""), safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = str(settings.get("HOST") or "")
    params = {k: str(v) for k, v in (settings.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    if host.startswith("/"):
        params["host"], host = host, ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    query = ("?" + urlencode(params)) if params else ""
    return f"postgresql://{auth}{host}{port}/{quote(str(settings['NAME']), safe='')}{query}"


class Snapshot:
    """Read-only queries on one consistent snapshot of the database (REPEATABLE READ), each result
    a polars frame with the columns' PostgreSQL types (int4 -> Int32, text -> String, ...).

    `many` runs queries side by side on `workers` connections that share the first one's snapshot
    (`pg_export_snapshot`, as `pg_dump --jobs` does), so the server scans with more than one core."""

    def __init__(self, connections: list[Any]):
        self._cursors = [conn.cursor() for conn in connections]

    def one(self, query: str) -> pl.DataFrame:
        return _fetch(self._cursors[0], query)

    def many(self, queries: Sequence[str], each: Finish | None = None) -> list[pl.DataFrame]:
        """The queries' frames in order; `each(i, frame)`, when given, is applied to the i-th frame in
        the thread that fetched it, right away, so that only the frames in flight are held raw."""
        finish: Finish = each or (lambda _i, frame: frame)
        if len(self._cursors) == 1 or len(queries) < 2:
            return [finish(i, self.one(q)) for i, q in enumerate(queries)]
        slots = self._cursors
        with ThreadPoolExecutor(max_workers=len(slots)) as pool:
            futures = [
                pool.submit(_fetch_all, cur, list(range(len(queries)))[k :: len(slots)], queries, finish)
                for k, cur in enumerate(slots)
            ]
            parts = [f.result() for f in futures]
        return [parts[i % len(slots)][i // len(slots)] for i in range(len(queries))]


Finish = Callable[[int, pl.DataFrame], pl.DataFrame]


def _fetch(cur: Any, query: str) -> pl.DataFrame:
    cur.execute(query)
    frame = pl.DataFrame(cur.fetch_arrow())
    assert isinstance(frame, pl.DataFrame)
    return frame


def _fetch_all(cur: Any, indexes: Sequence[int], queries: Sequence[str], finish: Finish) -> list[pl.DataFrame]:
    return [finish(i, _fetch(cur, queries[i])) for i in indexes]


@contextmanager
def snapshot(workers: int = 1) -> Iterator[Snapshot]:
    """A `Snapshot` on `workers` connections of the Arrow driver, closed (rolled back) afterwards."""
    import adbc_driver_postgresql.dbapi as adbc

    uri = _uri(connection.settings_dict)
    with ExitStack() as stack:
        conns = [stack.enter_context(adbc.connect(uri)) for _ in range(max(1, workers))]
        first = conns[0].cursor()
        first.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        if len(conns) > 1:
            exported = str(_fetch(first, "SELECT pg_export_snapshot()").item())
            for conn in conns[1:]:
                with conn.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    cur.execute(f"SET TRANSACTION SNAPSHOT '{exported}'")
        first.close()
        yield Snapshot(conns)
        for conn in conns:
            conn.rollback()


def with_schema(frame: pl.DataFrame, schema: dict[str, Any], names: Sequence[str] | None = None) -> pl.DataFrame:
    """`frame` with its columns renamed to `names` (default: the schema's) and cast to `schema`."""
    names = list(names or schema)
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    return frame.select(pl.col(c).cast(t) for c, t in schema.items())

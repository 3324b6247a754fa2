"""Pages and the API keep answering while an import runs, and show none of it until it is all stored.

The import runs in a thread and is held half-way through its rows (inside its transaction) while the
test reads the indicator page and the API from the main thread. PostgreSQL only: the SQLite test
database is an in-memory database with table locks, not the WAL file the real server uses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from styrkedja.connectors.base import Provenance
from styrkedja.web.indicators.services import import_rows, to_indicator
from tests.web.world import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database with concurrent readers"),
]

COUNTIES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
            "21", "22", "23", "24", "25"]  # fmt: skip
PERIODS = [str(y) for y in range(2040, 2060)]


def test_reads_answer_during_an_import_and_see_nothing_half_done(world):
    reader = make_user("lasare", "reader")
    client = Client()
    client.force_login(reader)
    half_way, resume = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    total = len(COUNTIES) * len(PERIODS)

    def rows() -> Iterator[tuple[object, ...]]:
        for i, (area, period) in enumerate((a, p) for a in COUNTIES for p in PERIODS):
            if i == total // 2:
                half_way.set()
                resume.wait(timeout=120)
            yield ("pop", area, period, "T", 100_000.0 + i, None, None, "final", "")

    def run_import() -> None:
        try:
            import_rows(rows(), Provenance(source="file", location="concurrent.csv", format="csv"), to_indicator("pop"))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=run_import)
    worker.start()
    try:
        assert half_way.wait(timeout=120)
        api = client.get("/api/observations?indicator=pop&period=2050")
        assert api.status_code == 200 and api.json()["count"] == 0  # nothing of the running import
        assert client.get("/indikatorer/pop/").status_code == 200
        assert client.get("/oversikt/").status_code == 200
    finally:
        resume.set()
        worker.join(timeout=300)
    assert not failures, failures
    assert client.get("/api/observations?indicator=pop&period=2050").json()["count"] == len(COUNTIES)
    assert client.get(f"/api/observations?indicator=pop&page_size=1000&period={PERIODS[0]}").json()["count"] == 21

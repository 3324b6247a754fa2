"""The readers of the observations as of a date give one frame (issue 18): PostgreSQL's CSV `COPY`
in parts (outside a transaction on its own snapshot, and inside one) and the plain rows of
`FRAME_SQL` that SQLite uses. With a revision, on both sides of its date, and the statuses the
evaluation computes from each frame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.db import connection, transaction
from django.utils import timezone

from styrkedja.analytics.evaluate import evaluate
from styrkedja.connectors.base import ObservationRecord, Provenance
from styrkedja.demo import strategy_file
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.followup.evaluation import collect_specs, peer_groups
from styrkedja.web.indicators.demo_data import import_demo_data
from styrkedja.web.indicators.observations import observations_as_of, observations_as_of_rows, stored_series
from styrkedja.web.indicators.services import import_records

KEYS = ["indicator", "area", "period", "breakdown"]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the CSV reader is PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # outside a transaction: its own snapshot
]


def plain(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).cast(pl.String) for c in KEYS).sort(KEYS)


def test_the_csv_and_row_readers_give_one_frame_and_one_set_of_statuses():
    load_document(read_strategy_file(strategy_file()))
    import_demo_data(lambda _line: None)
    key = sorted({s.indicator.key for s in collect_specs().targets if stored_series(s.indicator.key)[0].height})[0]
    latest = stored_series(key)[0].sort("period").row(-1, named=True)
    revised = ObservationRecord(series=key, area=latest["area"], period=latest["period"],
                                breakdown=latest["breakdown"], value=latest["value"] * 2)  # fmt: skip
    tomorrow = timezone.now() + dt.timedelta(days=1)
    import_records([revised], Provenance(source="file", location="test", retrieved_at=tomorrow), lambda s: s)
    specs = collect_specs()
    for day in (timezone.localdate(), timezone.localdate() + dt.timedelta(days=2)):  # before and after the revision
        copied, copied_batches = observations_as_of(day)
        with transaction.atomic():
            text, text_batches = observations_as_of(day)
        rows, row_batches = observations_as_of_rows(day)
        assert copied.height > 1000 and copied_batches == text_batches == row_batches
        assert plain(copied).equals(plain(text)) and plain(copied).equals(plain(rows))
        statuses = [
            [r.to_dict() for r in evaluate(specs.targets, f, peer_groups=peer_groups(), as_of=day)]
            for f in (copied, rows)
        ]
        assert statuses[0] == statuses[1]
    # The revision shows only from its date on.
    cell = (pl.col("indicator") == key) & (pl.col("area") == latest["area"]) & (pl.col("period") == latest["period"])
    cell &= pl.col("breakdown") == latest["breakdown"]
    values = [plain(observations_as_of(d)[0]).filter(cell)["value"].to_list() for d in (timezone.localdate(),
              timezone.localdate() + dt.timedelta(days=2))]  # fmt: skip
    assert values == [[latest["value"]], [latest["value"] * 2]]

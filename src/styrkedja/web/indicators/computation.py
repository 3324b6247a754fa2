"""Recompute computed indicators from stored series, keeping the provenance of their inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from styrkedja.analytics.computed import compute
from styrkedja.connectors.base import FINAL, MISSING, ObservationRecord, Provenance

from .models import Indicator
from .services import ImportResult, import_records, to_indicator

SERIES_SQL = """
SELECT a.code, o.period, o.breakdown, o.value, o.batch_id, b.retrieved_at
FROM indicators_observation o JOIN areas_area a ON a.id = o.area_id
JOIN indicators_indicator i ON i.id = o.indicator_id JOIN indicators_importbatch b ON b.id = o.batch_id
WHERE i.key = %s
"""


def stored_series(key: str) -> tuple[pl.DataFrame, list[int], dt.datetime | None]:
    with connection.cursor() as cur:
        cur.execute(SERIES_SQL, [key])
        rows = cur.fetchall()
    frame = pl.DataFrame(
        [r[:4] for r in rows], schema={"area": pl.String, "period": pl.String, "breakdown": pl.String,
                                        "value": pl.Float64}, orient="row",
    )  # fmt: skip
    batches = sorted({r[4] for r in rows})
    latest = max((_aware(r[5]) for r in rows), default=None)
    return frame, batches, latest


def _aware(value: dt.datetime | str) -> dt.datetime:
    """Raw SQL gives SQLite datetimes as naive UTC (or text); PostgreSQL gives aware ones."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def recompute(indicator: Indicator, user: Any = None) -> ImportResult:
    spec = indicator.source_spec
    inputs = [str(i) for i in spec.get("inputs", [])]
    frames, input_batches, retrieved = {}, {}, []
    for key in inputs:
        frame, input_batches[key], latest = stored_series(key)
        if frame.height:  # an input with nothing stored is reported by compute(), not joined as empty
            frames[key] = frame
        if latest is not None:
            retrieved.append(latest)
    result = compute(str(spec.get("formula")), inputs, frames, float(spec.get("scale", 1.0)))
    records = [
        ObservationRecord(series=indicator.key, area=r["area"], period=r["period"], breakdown=r["breakdown"],
                          value=r["value"], status=FINAL if r["value"] is not None else MISSING)
        for r in result.iter_rows(named=True)
    ]  # fmt: skip
    provenance = Provenance(
        source="computed",
        location=f"{spec.get('formula')}({', '.join(inputs)})",
        table=indicator.key,
        query={
            "formula": spec.get("formula"),
            "inputs": inputs,
            "scale": spec.get("scale", 1.0),
            "input_batches": input_batches,
        },
        # A computed value is as recent as its newest input.
        retrieved_at=max(retrieved) if retrieved else timezone.now(),
        format="computed",
    )
    return import_records(records, provenance, to_indicator(indicator.key), user=user)

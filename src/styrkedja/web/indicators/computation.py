"""Recompute computed indicators from stored series, keeping the provenance of their inputs."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from styrkedja.analytics.computed import compute
from styrkedja.connectors.base import FINAL, MISSING, ObservationRecord, Provenance

from .models import Indicator
from .observations import stored_series
from .services import ImportResult, import_records, to_indicator


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

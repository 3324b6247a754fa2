"""Import the demo's real statistics listed in demo/data/manifest.yaml, with their original sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import yaml

from styrkedja.connectors.sources import read_file
from styrkedja.demo import data_dir

from .services import ImportResult, import_records, retrieved_date, to_indicator


def manifest() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load((data_dir() / "manifest.yaml").read_text(encoding="utf-8"))
    return entries


def import_demo_data(report: Callable[[str], None] = print, only: set[str] | None = None) -> list[ImportResult]:
    """One batch per manifest entry (`only`: the entries for these indicators); re-running changes nothing."""
    results = []
    parsed_files: dict[str, Any] = {}
    for entry in manifest():
        if only is not None and entry["indicator"] not in only:
            continue
        path = data_dir() / entry["file"]
        if entry["file"] not in parsed_files:
            # Repeats are kept here: the import counts and drops them per series, so the summary says how many.
            parsed_files[entry["file"]] = read_file(path, check_duplicates=False)
        parsed = parsed_files[entry["file"]]
        provenance = dataclasses.replace(
            parsed.provenance,
            location=f"demo/data/{entry['file']}",
            table=entry["series"],
            retrieved_at=retrieved_date(str(entry["retrieved_at"])),
            notes=(entry["source"], *parsed.provenance.notes),
        )
        series = entry["series"]
        records = (r for r in parsed.records if r.series == series)
        result = import_records(records, provenance, to_indicator(str(entry["indicator"])))
        state = "" if result.batch else "; nothing changed"
        report(f"  {entry['indicator']:<34} {result.summary()}{state}")
        results.append(result)
    return results

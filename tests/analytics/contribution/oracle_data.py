"""Load the oracle panels (tests/fixtures/oracles, each with its .source.txt) into Panels."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from styrkedja.analytics.contribution.panel import Panel

ORACLES = Path(__file__).resolve().parents[2] / "fixtures" / "oracles"


def long_panel(path: Path, unit: str, year: str, outcome: str, variables: list[str] | None = None) -> Panel:
    """A Panel from a long CSV (one row per unit-year); blank cells are missing."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    units = tuple(sorted({r[unit] for r in rows}))
    years = tuple(sorted({int(float(r[year])) for r in rows}))
    names = [outcome, *(variables or [])]
    mats = {name: np.full((len(units), len(years)), np.nan) for name in names}
    u_index = {u: i for i, u in enumerate(units)}
    y_index = {y: j for j, y in enumerate(years)}
    for r in rows:
        i, j = u_index[r[unit]], y_index[int(float(r[year]))]
        for name in names:
            if r[name] != "":
                mats[name][i, j] = float(r[name])
    return Panel(units, years, mats.pop(outcome), mats)

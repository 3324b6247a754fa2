"""Reference data shipped with Styrkedja (areas, map shapes). Facts, not code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class AreaRow:
    code: str
    name: str
    level: str
    parent: str


def area_rows() -> list[AreaRow]:
    """Riket, 21 counties and 290 municipalities in SCB code order."""
    text = resources.files(__package__).joinpath("areas.csv").read_text(encoding="utf-8")
    return [AreaRow(r["code"], r["name"], r["level"], r["parent"]) for r in csv.DictReader(text.splitlines())]


def area_codes() -> frozenset[str]:
    return frozenset(row.code for row in area_rows())

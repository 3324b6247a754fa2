"""Sections other apps contribute to the yearly report (knowledge needs, decided actions, indices).

Apart from the report's data (`reportdata`), and registered by dotted name, so that the apps can
register theirs at start-up without importing the report's dependencies (scipy, altair, polars):
every command (an `import-data` too) would pay a few seconds for them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from styrkedja.reports.assemble.inputs import ExtraSectionIn

# Each callable gets the report's date and language and returns sections; a section without rows is
# left out of the report.
SectionSource = Callable[[dt.date, str], Iterable["ExtraSectionIn"]]
_SOURCES: list[str] = []


def register_section(dotted: str) -> None:
    """Add a section source, 'package.module.function' (imported when a report is made)."""
    if dotted not in _SOURCES:
        _SOURCES.append(dotted)


def section_sources() -> list[SectionSource]:
    """The registered section sources, in the order they were registered."""
    found: list[Any] = []
    for dotted in _SOURCES:
        module, name = dotted.rsplit(".", 1)
        found.append(getattr(importlib.import_module(module), name))
    return found


__all__ = ["SectionSource", "register_section", "section_sources"]

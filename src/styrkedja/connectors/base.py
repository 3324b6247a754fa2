"""What every connector returns, and the errors it raises.

Connectors turn an API response or a file into `ObservationRecord`s plus a
`Provenance`. They know nothing of the database: the web layer stores the
records in one transaction per import (an import batch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Status of a value. A missing value is never 0: it has value None and one of
# the missing statuses, with the publisher's symbol kept in `symbol`.
FINAL = "final"
PROVISIONAL = "provisional"
MISSING = "missing"  # `..` figure not available or too uncertain
NOT_APPLICABLE = "not_applicable"  # `.` logically impossible
CONFIDENTIAL = "confidential"
STATUSES = (FINAL, PROVISIONAL, MISSING, NOT_APPLICABLE, CONFIDENTIAL)


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    """One value of one series: (series, area, period, breakdown) -> value.

    `series` is the source's own key of the measure (an SCB ContentsCode, a
    Kolada KPI id, or the indicator column of a file); the caller maps it to
    an indicator. `area` is an SCB code ("00", "07", "0780"). `period` is an
    SCB period code ("2024", "2024K1", "2024M03"). `breakdown` is "T", "K" or
    "M" (or another code for other splits).
    """

    series: str
    area: str
    period: str
    value: float | None
    breakdown: str = "T"
    status: str = FINAL
    symbol: str = ""  # the publisher's status symbol or flag, verbatim
    note: str = ""
    numerator: float | None = None
    denominator: float | None = None
    unit: str = ""  # the publisher's unit text when the source gives one ("antal", "percent")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a set of records came from: stored on the import batch."""

    source: str  # "scb", "kolada", "file"
    location: str  # URL or file path
    table: str = ""  # SCB table id or Kolada KPI id(s)
    query: dict[str, Any] = field(default_factory=dict)
    retrieved_at: dt.datetime | None = None
    checksum: str = ""  # sha256 of the raw bytes
    notes: tuple[str, ...] = ()  # dataset-level notes, mandatory first
    format: str = ""  # "jsonstat", "px", "csv", "xlsx", "kolada"


@dataclass(frozen=True, slots=True)
class ParsedData:
    """A connector's whole result."""

    records: list[ObservationRecord]
    provenance: Provenance
    dropped: int = 0  # rows read but not returned: Kolada `isdeleted`, identical duplicates
    warnings: tuple[str, ...] = ()  # things a person should see next to the import (never errors)
    series_labels: dict[str, str] = field(default_factory=dict)  # series key -> the publisher's words, if any


class ConnectorError(Exception):
    """Base class: every message names the file or request and the place."""


class ParseError(ConnectorError):
    """Input could not be read. `where` names file/request and row, column, dimension or code."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


class FetchError(ConnectorError):
    """A request failed after retries (HTTP status, timeout, non-JSON body)."""

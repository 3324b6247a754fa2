"""Spreadsheet-safe text: no downloaded cell can run as a formula (OWASP "CSV injection").

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel and LibreOffice when a CSV file is opened, and `=` also becomes a formula cell when openpyxl
writes it. Text comes from outside (an imported file's flag column, a name a project owner types),
so every writer of CSV or XLSX passes its cells through here.

- CSV: such a text gets a leading apostrophe, as OWASP recommends. A plain number written as text
  ("-5", "+1.5") and the publishers' symbols made of dots and dashes ("-", "..") cannot run and are
  left as they are, so numbers and SCB's symbols survive a round trip.
- XLSX: the cell keeps the exact text, typed as text with Excel's quote prefix (no visible mark).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_INERT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?|[.\-]+")


def is_risky(value: object) -> bool:
    """True for a text that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _INERT.fullmatch(value)


def csv_safe(value: Any) -> Any:
    """The value for a CSV cell: risky text gets a leading apostrophe; everything else unchanged."""
    return "'" + value if is_risky(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_safe(v) for v in values]


def mark_text(cell: Cell) -> Cell:
    """Keep a risky text a text cell: never a formula, shown without any added mark."""
    if is_risky(cell.value) or (isinstance(cell.value, str) and cell.value.startswith("=")):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """`ws.append` for a normal or write-only worksheet, with every risky text kept as text."""
    # WriteOnlyCell makes a detached cell; `append` places it, in write-only and normal sheets alike.
    ws.append([mark_text(WriteOnlyCell(ws, value=v)) for v in values])

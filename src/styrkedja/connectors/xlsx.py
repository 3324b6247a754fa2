"""The Excel template for statistics (sheet `Data`, same columns as the tidy CSV) and its reader.

Excel turns `0780` into the number 780 and `07` into 7 unless the column is
text; the template formats the code columns as text, and the reader pads a
numeric area code back to 2 or 4 digits so an old workbook still reads right.
Errors name the cell (`Data!E7`) and what was expected there.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from styrkedja.connectors.base import ParsedData, ParseError, Provenance
from styrkedja.connectors.observations import DuplicateGuard
from styrkedja.connectors.tidycsv import CsvStats, _columns, _RowReader
from styrkedja.connectors.util import sha256_hex

SHEET = "Data"
COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "period",
    "value",
    "unit",
    "source",
    "breakdown",
    "status",
    "numerator",
    "denominator",
)
TEXT_COLUMNS = ("area_code", "period", "breakdown", "status")
MAX_TEMPLATE_ROWS = 10000

INSTRUCTIONS = [
    ("Instruktioner (svenska)", ""),
    ("Fyll i en rad per värde på bladet Data. Ändra inte rubrikraden.", ""),
    ("indicator", "Indikatorns id, t.ex. population_31dec (obligatorisk)"),
    ("area_code", "SCB-kod: 00 riket, 07 län, 0780 kommun (obligatorisk, som text)"),
    ("area_name", "Områdets namn (valfri, bara för läsbarhet)"),
    ("period", "2024, 2024K1 (kvartal), 2024M03 (månad) eller 2024H1 (obligatorisk)"),
    ("value", "Värdet; decimalkomma eller decimalpunkt. Tomt = saknas (aldrig 0)"),
    ("unit, source", "Enhet och källa (valfria)"),
    ("breakdown", "T = totalt, K = kvinnor, M = män (standard T)"),
    ("status", "final, provisional, missing, not_applicable eller confidential (valfri)"),
    ("numerator, denominator", "Täljare och nämnare för andelar (valfria)"),
    ("", ""),
    ("Instructions (English)", ""),
    ("Enter one row per value on the Data sheet. Do not change the header row.", ""),
    ("indicator", "Indicator id, e.g. population_31dec (required)"),
    ("area_code", "SCB code: 00 Sweden, 07 county, 0780 municipality (required, as text)"),
    ("area_name", "Name of the area (optional, for readability)"),
    ("period", "2024, 2024K1 (quarter), 2024M03 (month) or 2024H1 (required)"),
    ("value", "The value; decimal comma or point. Empty = missing (never 0)"),
    ("unit, source", "Unit and source (optional)"),
    ("breakdown", "T = total, K = women, M = men (default T)"),
    ("status", "final, provisional, missing, not_applicable or confidential (optional)"),
    ("numerator, denominator", "Numerator and denominator for shares (optional)"),
]


def make_template(path: str | Path) -> Path:
    """Write an empty template workbook and return its path."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for i, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 18 if name != "source" else 40
        if name in TEXT_COLUMNS:  # a column style, so no empty cells are created below the header
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    col = get_column_letter(COLUMNS.index("breakdown") + 1)
    breakdown = DataValidation(type="list", formula1='"T,K,M"', allow_blank=True)
    breakdown.error = "T, K eller M / T, K or M"
    breakdown.add(f"{col}2:{col}{MAX_TEMPLATE_ROWS}")
    ws.add_data_validation(breakdown)
    scol = get_column_letter(COLUMNS.index("status") + 1)
    status = DataValidation(
        type="list", formula1='"final,provisional,missing,not_applicable,confidential"', allow_blank=True
    )
    status.add(f"{scol}2:{scol}{MAX_TEMPLATE_ROWS}")
    ws.add_data_validation(status)
    info = wb.create_sheet("Instructions")
    for line in INSTRUCTIONS:
        info.append(list(line))
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 90
    out = Path(path)
    wb.save(out)
    return out


class _CellReader(_RowReader):
    def __init__(self, cols: dict[str, int], where: str) -> None:
        super().__init__(cols, where)
        self.names = {i: name for name, i in cols.items()}

    def _place(self, line: int, column: str) -> str:
        return f"{self.where}: {SHEET}!{get_column_letter(self.cols[column] + 1)}{line} ({column})"


def _text(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and column != "value"):
        n = int(value)
        if column == "area_code":  # Excel dropped the leading zero: 7 -> 07, 780 -> 0780
            return f"{n:02d}" if n < 100 else f"{n:04d}"
        return str(n)
    if isinstance(value, float):
        return repr(value)
    return str(value)


# An .xlsx is a zip of XML files; a few megabytes can unpack to gigabytes of XML that the reader
# would parse before the first row. The unpacked size is read from the zip's directory first.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


class WorkbookTooLarge(ParseError):
    """The workbook unpacks to more than the limit."""


def check_unpacked_size(source: str | Path | IO[bytes], where: str, limit: int | None = None) -> None:
    """Refuse a workbook whose entries unpack to more than `limit` bytes (default MAX_UNPACKED_BYTES),
    before reading any of it."""
    limit = MAX_UNPACKED_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(source) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParseError(where, f"not an Excel workbook (.xlsx): {type(exc).__name__}") from None
    if total > limit:
        raise WorkbookTooLarge(
            where,
            f"the workbook unpacks to {total / 1e6:,.0f} MB, over the limit of {limit / 1e6:,.0f} MB; "
            "split it or import it as CSV",
        )


def read_workbook(path: str | Path, *, check_duplicates: bool = True) -> ParsedData:
    """Records from the `Data` sheet of a template workbook."""
    p = Path(path)
    where = str(p)
    check_unpacked_size(p, where)
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a non-workbook
        raise ParseError(where, f"not an Excel workbook (.xlsx): {type(exc).__name__}") from None
    try:
        if SHEET not in wb.sheetnames:
            raise ParseError(where, f"no sheet named {SHEET!r}; the workbook has {wb.sheetnames}")
        ws = wb[SHEET]
        rows = ws.iter_rows(values_only=True)
        header = [str(c or "").strip() for c in next(rows, ())]
        if not any(header):
            raise ParseError(f"{where}: {SHEET}!A1", "the header row is empty; expected " + ", ".join(COLUMNS))
        cols = _columns(header, f"{where}: {SHEET}", ",")
        reader = _CellReader(cols, where)
        guard = DuplicateGuard() if check_duplicates else None
        stats = CsvStats()
        records = []
        for line, row in enumerate(rows, start=2):
            cells = [_text(row[i] if i < len(row) else None, header[i].lower()) for i in range(len(header))]
            if not any(c.strip() for c in cells):
                continue
            stats.rows += 1
            rec = reader(cells, line, stats)
            if guard is None or guard.admit(rec, f"{where}: {SHEET} row {line}"):
                records.append(rec)
        if not records:
            raise ParseError(f"{where}: {SHEET}", "no data rows below the header")
    finally:
        wb.close()
    return ParsedData(
        records=records,
        provenance=Provenance(
            source="file",
            location=where,
            checksum=sha256_hex(p.read_bytes()),
            notes=tuple(f"source: {s}" for s in stats.sources),
            format="xlsx",
        ),
        dropped=guard.dropped if guard else 0,
    )

"""The documented tidy CSV format (see docs/connectors.md).

Columns: `indicator, area_code, area_name, period, value, unit, source[, flag]`,
or the minimal `indicator, area, period, value`; optional `breakdown, status,
numerator, denominator`. Comma, semicolon or tab delimited; UTF-8 with or
without BOM; Swedish decimal comma and space thousands are accepted.

The reader streams: `iter_records` holds one row at a time plus the duplicate
guard (about 100 bytes per observation, switchable off when the database's
unique key does the job), so a 10-million-row file does not become a list.
`iter_rows` yields the same rows as plain tuples for bulk imports. Plain rows
(a plain number or nothing, a valid area, a known period form, no flag or
status) take a fast path without regexes or record objects; everything else,
and every error, goes through the full row reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from styrkedja.connectors.base import (
    FINAL,
    MISSING,
    STATUSES,
    ObservationRecord,
    ParsedData,
    ParseError,
    Provenance,
)
from styrkedja.connectors.codes import PERIOD_HELP, normalise_period
from styrkedja.connectors.numbers import parse_number
from styrkedja.connectors.observations import DuplicateGuard
from styrkedja.connectors.symbols import NIL, NIL_NOTE, classify, is_dots
from styrkedja.connectors.util import sha256_file
from styrkedja.data import area_problem, from_kolada_id

AREA_COLUMNS = ("area_code", "area")
REQUIRED = ("indicator", "period", "value")
KNOWN = frozenset(
    {
        "indicator",
        "area_code",
        "area",
        "area_name",
        "period",
        "value",
        "unit",
        "source",
        "flag",
        "breakdown",
        "status",
        "numerator",
        "denominator",
    }
)
DELIMITERS = (",", ";", "\t")


@dataclass(slots=True)
class CsvStats:
    """What a finished read saw: filled in while `iter_records` runs."""

    rows: int = 0
    dropped: int = 0  # identical repeated rows
    sources: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _sniff(header_line: str) -> str:
    """The delimiter that splits the header into known column names."""

    def score(d: str) -> int:
        return sum(c.strip().lower() in KNOWN for c in header_line.split(d))

    return max(DELIMITERS, key=score)


def _columns(header: list[str], where: str, delim: str) -> dict[str, int]:
    cols = {name.strip().lower(): i for i, name in enumerate(header)}
    missing = [c for c in REQUIRED if c not in cols]
    if not any(c in cols for c in AREA_COLUMNS):
        missing.insert(1, "area_code (or area)")
    if missing:
        hint = ""
        if len(header) == 1:
            hint = "; the header did not split into columns: use ',' ';' or tab as the delimiter"
        raise ParseError(
            f"{where}: row 1 (header)",
            f"missing required column(s) {', '.join(missing)}; found {[h.strip() for h in header]}{hint}",
        )
    return cols


def _text_stream(path: Path) -> io.TextIOWrapper:
    raw = path.open("rb")
    head = raw.read(65536)
    raw.seek(0)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk end
            raw.close()
            raise ParseError(str(path), f"not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8") from None
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


@dataclass(frozen=True, slots=True)
class Layout:
    """The header of a tidy CSV file, for a reader that parses the data rows elsewhere (PostgreSQL's COPY)."""

    delimiter: str
    columns: dict[str, int]  # lower-cased column name -> field index, as the row reader sees them
    fields: int  # fields in the header row
    area_column: str  # "area_code" or "area"
    data_offset: int  # bytes before the first data row


def layout(path: str | Path) -> Layout | None:
    """The header of `path` when it is a simple one-line UTF-8 header with the required columns; None
    otherwise (quotes or a carriage return inside it, no newline, not UTF-8, a column missing), and then
    `iter_rows` reads the file and gives any error."""
    with Path(path).open("rb") as fh:
        first = fh.readline(65536)
    if not first.endswith(b"\n") or b'"' in first or b"\r" in first[:-2]:
        return None
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    if not text.strip():
        return None
    delim = _sniff(text)
    header = text.split(delim)
    try:
        cols = _columns(header, str(path), delim)
    except ParseError:
        return None
    return Layout(delim, cols, len(header), "area_code" if "area_code" in cols else "area", len(first))


STAGE_FIELDS = ("series", "area", "period", "breakdown", "value", "numerator", "denominator", "status", "symbol")
StageRow = tuple[str, str, str, str, float | None, float | None, float | None, str, str]


def iter_records(
    path: str | Path, *, check_duplicates: bool = True, stats: CsvStats | None = None
) -> Iterator[ObservationRecord]:
    """Stream the records of a tidy CSV file; errors name file, row and column."""
    p = Path(path)
    guard = DuplicateGuard() if check_duplicates else None
    stats = stats if stats is not None else CsvStats()
    for line, rec in _iter(p, stats, tuples=False):
        assert isinstance(rec, ObservationRecord)
        if guard is not None and not guard.admit(rec, f"{p}: row {line}"):
            stats.dropped += 1
            continue
        yield rec


def iter_rows(path: str | Path, *, stats: CsvStats | None = None) -> Iterator[StageRow]:
    """The same rows as `iter_records(path, check_duplicates=False)`, as plain tuples in `STAGE_FIELDS` order.

    For bulk imports: no record objects and no duplicate guard (the importer's SQL
    rejects conflicting duplicates); `note` and `unit` are not carried.
    """
    for _, row in _iter(Path(path), stats if stats is not None else CsvStats(), tuples=True):
        yield row  # type: ignore[misc]  # tuples=True: stage rows only


def _iter(p: Path, stats: CsvStats, *, tuples: bool) -> Iterator[tuple[int, ObservationRecord | StageRow]]:
    where = str(p)
    with _text_stream(p) as fh:
        first = fh.readline()
        if not first.strip():
            raise ParseError(where, "the file is empty (no header row)")
        delim = _sniff(first)
        fh.seek(0)
        # strict: a file cut off inside a quoted field is an error, not a shortened last row.
        reader = csv.reader(fh, delimiter=delim, strict=True)
        try:
            header = next(reader)
            cols = _columns(header, where, delim)
            stats.ignored_columns = [h for h in header if h.strip().lower() not in KNOWN]
            row_to_record = _RowReader(cols, where)
            fast = row_to_record.fast
            for row in reader:
                stats.rows += 1
                plain = fast(row, stats)
                if plain is not None:
                    if tuples:
                        yield 0, plain
                    else:
                        yield reader.line_num, _record(plain, row_to_record._get(row, "unit"))
                    continue
                if not any(cell.strip() for cell in row):
                    continue  # a blank line, e.g. at the end of an Excel export
                rec = row_to_record(row, reader.line_num, stats)
                yield reader.line_num, (_stage_row(rec) if tuples else rec)
        except UnicodeDecodeError as exc:
            raise ParseError(where, f"not UTF-8 text near row {reader.line_num + 1}: {exc.reason}") from None
        except csv.Error as exc:
            hint = " (the file may be cut off)" if "unexpected end of data" in str(exc) else ""
            raise ParseError(f"{where}: row {reader.line_num}", f"malformed CSV: {exc}{hint}") from None
        if stats.rows == 0:
            raise ParseError(where, "the file has a header but no data rows")


def _stage_row(rec: ObservationRecord) -> StageRow:
    return (rec.series, rec.area, rec.period, rec.breakdown, rec.value, rec.numerator, rec.denominator, rec.status,
            rec.symbol)  # fmt: skip


def _record(row: StageRow, unit: str) -> ObservationRecord:
    series, area, period, breakdown, value, _, _, status, _ = row
    return ObservationRecord(
        series=series, area=area, period=period, value=value, breakdown=breakdown, status=status, unit=unit
    )


class _RowReader:
    """Turns one CSV row into a record; periods are cached (there are few)."""

    def __init__(self, cols: dict[str, int], where: str) -> None:
        self.cols = cols
        self.where = where
        self.area_col = "area_code" if "area_code" in cols else "area"
        self.periods: dict[str, str] = {}
        self.width = max(cols.values()) + 1
        # The fast path (`fast`) takes plain rows only: these columns must be empty in them.
        self.special = [cols[c] for c in ("flag", "status", "numerator", "denominator") if c in cols]
        self.good_areas: dict[str, str] = {}  # as written -> SCB code
        self.i_indicator, self.i_area, self.i_period, self.i_value = (
            cols[c] for c in ("indicator", self.area_col, "period", "value")
        )
        self.i_breakdown, self.i_source = cols.get("breakdown"), cols.get("source")

    def fast(self, row: list[str], stats: CsvStats) -> StageRow | None:
        """A plain row (a known period form, a valid area code, a plain number or nothing, no flag, status,
        numerator or denominator) as a stage tuple, without record objects; None: take the full path,
        which also gives the errors. Both paths give the same result for a plain row."""
        if len(row) < self.width:
            return None
        series = row[self.i_indicator].strip()
        if not series:
            return None
        written = row[self.i_area].strip()
        area = self.good_areas.get(written, "")
        if not area:
            area = from_kolada_id(written)
            if area_problem(area):
                return None
            self.good_areas[written] = area
        period = self.periods.get(row[self.i_period].strip())
        if period is None:
            return None
        for i in self.special:
            if row[i].strip():
                return None
        text = row[self.i_value].strip()
        value: float | None
        if text:
            try:
                value = float(text)  # parse_number gives the same number for whatever float() takes
            except ValueError:
                return None  # a decimal comma, thousands spaces, a symbol, or not a number
            if value - value != 0:
                return None  # inf or nan: rejected on the full path
            status = FINAL
        else:
            value, status = None, MISSING
        b = self.i_breakdown
        breakdown = (row[b].strip() or "T") if b is not None else "T"
        src = self.i_source
        if src is not None:
            source = row[src].strip()
            if source and len(stats.sources) < 20 and source not in stats.sources:
                stats.sources.append(source)
        return (series, area, period, breakdown, value, None, None, status, "")

    def _get(self, row: list[str], name: str) -> str:
        i = self.cols.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def _place(self, line: int, column: str) -> str:
        return f"{self.where}: row {line}, column {column!r}"

    def _number(self, row: list[str], name: str, line: int) -> float | None:
        text = self._get(row, name)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError as exc:
            raise ParseError(self._place(line, name), f"expected a number, got {text!r} ({exc})") from None

    def __call__(self, row: list[str], line: int, stats: CsvStats) -> ObservationRecord:
        if len(row) < self.width:
            raise ParseError(
                f"{self.where}: row {line}", f"has {len(row)} fields but the header has {self.width} or more"
            )
        series = self._get(row, "indicator")
        if not series:
            raise ParseError(self._place(line, "indicator"), "is empty")
        area = from_kolada_id(self._get(row, self.area_col))
        problem = area_problem(area)
        if problem:
            raise ParseError(self._place(line, self.area_col), problem)
        raw_period = self._get(row, "period")
        period = self.periods.get(raw_period)
        if period is None:
            norm = normalise_period(raw_period)
            if norm is None:
                raise ParseError(self._place(line, "period"), f"{PERIOD_HELP}; got {raw_period!r}")
            period = self.periods[raw_period] = norm
        text = self._get(row, "value")
        symbol = self._get(row, "flag")
        if text == NIL or is_dots(text):  # an SCB symbol typed in the value column
            value, symbol = None, symbol or text
        else:
            value = self._number(row, "value", line)
        value, status = classify(value, symbol)
        given = self._get(row, "status").lower()
        if given:
            if given not in STATUSES:
                raise ParseError(self._place(line, "status"), f"expected one of {', '.join(STATUSES)}, got {given!r}")
            if value is not None and given in (MISSING, "not_applicable", "confidential"):
                raise ParseError(self._place(line, "status"), f"status {given!r} but the row has a value")
            status = given
        source = self._get(row, "source")
        if source and len(stats.sources) < 20 and source not in stats.sources:
            stats.sources.append(source)
        return ObservationRecord(
            series=series,
            area=area,
            period=period,
            value=value,
            breakdown=self._get(row, "breakdown") or "T",
            status=status,
            symbol=symbol,
            note=NIL_NOTE if symbol == NIL and text == NIL else "",
            numerator=self._number(row, "numerator", line),
            denominator=self._number(row, "denominator", line),
            unit=self._get(row, "unit"),
        )


def read_csv(path: str | Path, *, check_duplicates: bool = True) -> ParsedData:
    """The whole file as a list (fine up to a few hundred thousand rows; stream beyond that)."""
    p = Path(path)
    stats = CsvStats()
    records = list(iter_records(p, check_duplicates=check_duplicates, stats=stats))
    warnings: tuple[str, ...] = ()
    if stats.ignored_columns:
        warnings = (f"columns ignored: {', '.join(stats.ignored_columns)}",)
    return ParsedData(
        records=records,
        provenance=Provenance(
            source="file",
            location=str(p),
            checksum=sha256_file(p),
            notes=tuple(f"source: {s}" for s in stats.sources),
            format="csv",
        ),
        dropped=stats.dropped,
        warnings=warnings,
    )

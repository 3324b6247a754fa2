"""PC-Axis (PX) files, as SCB's statistical database and other agencies export them.

A PX file is `KEYWORD[lang]("sub","keys")=value;` statements followed by
`DATA=` and the cells, row-major over STUB then HEADING variables (the last
HEADING variable fastest). Handled here: CODEPAGE/CHARSET (Windows-1252,
ISO-8859-1/15, UTF-8), multilingual keywords (`VALUES[sv]("ålder")`), values
split over several lines, CODES (the area codes we store), TIMEVAL (marks the
time variable), CONTVARIABLE (the series), KEYS rows, data symbols `"."` to
`"......"` and `"-"` with their DATASYMBOLn texts, NOTE/NOTEX (NOTEX mandatory).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from styrkedja.connectors.base import ParsedData, ParseError
from styrkedja.connectors.cube import Cube, Dimension, parsed_data
from styrkedja.connectors.numbers import finite_float
from styrkedja.connectors.symbols import NIL

_KEY = re.compile(r"^([A-Z0-9-]+)(?:\[([A-Za-z_-]+)\])?(?:\((.*)\))?$", re.DOTALL)
_TOKEN = re.compile(r'"([^"]*)"|([^\s",;]+)|(,)', re.DOTALL)
# A KEYS table lists only its non-empty rows, so its declared size is not bounded by the file's
# length; 20 million cells (about 160 MB of slots) is far above any published regional table.
MAX_KEYS_CELLS = 20_000_000
_SYMBOL_KEYS = {f"DATASYMBOL{i}": "." * i for i in range(1, 7)} | {"DATASYMBOLNIL": NIL}


@dataclass(slots=True)
class _Header:
    entries: dict[tuple[str, str, tuple[str, ...]], list[str]] = field(default_factory=dict)

    def get(self, key: str, lang: str = "", sub: tuple[str, ...] = ()) -> list[str] | None:
        hit = self.entries.get((key, lang, sub))
        return hit if hit is not None or not lang else self.entries.get((key, "", sub))

    def one(self, key: str, lang: str = "", sub: tuple[str, ...] = ()) -> str:
        hit = self.get(key, lang, sub)
        return hit[0] if hit else ""


def _decode(raw: bytes, where: str) -> str:
    head = raw[:4000].decode("latin-1")
    m = re.search(r'CODEPAGE="([^"]+)"', head)
    names = [m.group(1)] if m else []
    if raw.startswith(b"\xef\xbb\xbf"):
        names.insert(0, "utf-8-sig")
    # CHARSET="ANSI" without CODEPAGE means the Windows code page of the
    # exporting machine: cp1252 in Sweden (a superset of ISO-8859-1's letters).
    names += ["cp1252"] if 'CHARSET="ANSI"' in head else ["utf-8", "cp1252"]
    for name in names:
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ParseError(where, f"cannot decode the file with {names}")


def _split_statements(text: str, where: str) -> tuple[list[tuple[int, str]], str, int]:
    """Header statements with their line numbers, the DATA text and the DATA line."""
    out: list[tuple[int, str]] = []
    i, n, start = 0, len(text), 0
    in_quote = False

    def line_of(pos: int) -> int:  # the line where the statement's first character is
        stripped = len(text[pos:i]) - len(text[pos:i].lstrip())
        return text.count("\n", 0, pos + stripped) + 1

    while i < n:
        ch = text[i]
        if ch == '"':
            in_quote = not in_quote
        elif ch == ";" and not in_quote:
            out.append((line_of(start), text[start:i].strip()))
            start = i + 1
        elif ch == "=" and not in_quote and text[start:i].strip() == "DATA":
            end = text.find(";", i)
            # Some exporters (the PxWeb example database among them) end the
            # file without the final ';'; the cell count still catches truncation.
            return out, text[i + 1 : end if end >= 0 else n], line_of(start)
        i += 1
    raise ParseError(where, "no DATA keyword: the file has metadata but no cells")


def _values(text: str) -> list[str]:
    """`"a","b" "c"` -> ["a", "bc"]: adjacent strings without a comma are one string split over lines."""
    items: list[str] = []
    joined = False
    for m in _TOKEN.finditer(text):
        quoted, bare, comma = m.groups()
        if comma:
            joined = False
            continue
        piece = quoted if quoted is not None else bare
        if joined and quoted is not None and items:
            items[-1] += piece
        else:
            items.append(piece)
        joined = quoted is not None
    return items


def _header(statements: list[tuple[int, str]], where: str) -> _Header:
    header = _Header()
    for line, stmt in statements:
        if not stmt:
            continue
        key, sep, value = stmt.partition("=")
        m = _KEY.match(key.strip())
        if not sep or not m:
            raise ParseError(where, f"line {line}: cannot read the statement {stmt[:60]!r}")
        word, lang, sub = m.groups()
        subkeys = tuple(_values(sub)) if sub else ()
        header.entries[(word, lang or "", subkeys)] = _values(value)
    return header


def parse_cube(raw: bytes, where: str, *, language: str = "") -> Cube:
    """A `Cube` from PX bytes; `language` picks `KEY[lang]` texts of a multilingual file."""
    text = _decode(raw, where)
    if not text.strip():
        raise ParseError(where, "the file is empty")
    statements, data_text, data_line = _split_statements(text, where)
    h = _header(statements, where)
    default_lang = h.one("LANGUAGE")
    lang = "" if language in ("", default_lang) else language
    if lang and lang not in (h.get("LANGUAGES") or []):
        raise ParseError(where, f"language {language!r} is not in LANGUAGES {h.get('LANGUAGES')}")
    stub = h.get("STUB", lang) or []
    heading = h.get("HEADING", lang) or []
    names = stub + heading
    if not names:
        raise ParseError(where, "neither STUB nor HEADING is given")
    time_vars = {k[2][0] for k in h.entries if k[0] == "TIMEVAL" and k[1] == lang and k[2]}
    contvar = h.one("CONTVARIABLE", lang)
    dims: list[Dimension] = []
    for name in names:
        labels = h.get("VALUES", lang, (name,))
        if labels is None:
            raise ParseError(where, f"variable {name!r}: no VALUES")
        codes = h.get("CODES", lang, (name,)) or labels
        if len(codes) != len(labels):
            raise ParseError(where, f"variable {name!r}: {len(codes)} CODES but {len(labels)} VALUES")
        role = "time" if name in time_vars else "metric" if name == contvar else ""
        dims.append(Dimension(name, name, tuple(codes), tuple(labels), role))
    n = math.prod(len(d) for d in dims)
    values, status = _cells(h, lang, dims, stub, data_text, n, f"{where}: DATA (line {data_line})")
    symbol_notes = {sym: t for k, sym in _SYMBOL_KEYS.items() if (t := h.one(k, lang))}
    units = {"": h.one("UNITS", lang)}
    if contvar:
        cdim = next(d for d in dims if d.id == contvar)
        for code, label in zip(cdim.codes, cdim.labels, strict=True):
            units[code] = h.one("UNITS", lang, (label,)) or units[""]
    notes = [n_ for k in ("NOTEX", "NOTE") for n_ in (h.get(k, lang) or [])]
    for name in names:
        notes += [f"{name}: {t}" for k in ("NOTEX", "NOTE") for t in (h.get(k, lang, (name,)) or [])]
    return Cube(
        name=where,
        table=h.one("TABLEID", lang) or h.one("MATRIX", lang),
        dimensions=dims,
        values=values,
        status=status,
        symbol_notes=symbol_notes,
        notes=tuple(notes),
        units=units,
        updated=h.one("LAST-UPDATED", lang),
        label=h.one("CONTENTS", lang) or h.one("TITLE", lang),
    )


def _cell(token: str, where: str, number: int) -> tuple[float | None, str]:
    """(value, symbol) of one DATA token; a quoted or bare dot/dash string is a symbol."""
    if token in (NIL, "") or set(token) == {"."}:
        return None, token
    try:
        return finite_float(token), ""
    except ValueError:
        raise ParseError(where, f"cell {number}: {token!r} is neither a number nor a data symbol") from None


def _cells(
    h: _Header, lang: str, dims: list[Dimension], stub: list[str], text: str, n: int, where: str
) -> tuple[list[float | None], dict[int, str]]:
    keys = [name for name in stub if h.get("KEYS", lang, (name,))]
    # In DATA every quoted or bare token is one cell: `"-" "." 12` is three cells
    # (unlike the header, where adjacent strings continue one text).
    tokens = [m.group(1) if m.group(1) is not None else m.group(2) for m in _TOKEN.finditer(text) if m.group(3) is None]
    if not keys and len(tokens) != n:
        # Checked before allocating: a small file may declare an enormous cube.
        raise ParseError(where, f"expected {n} cells (the product of the VALUES counts), found {len(tokens)}")
    if keys and n > MAX_KEYS_CELLS:
        raise ParseError(where, f"the cube declares {n:,} cells; at most {MAX_KEYS_CELLS:,} are read from a KEYS table")
    values: list[float | None] = [None] * n
    status: dict[int, str] = {}
    if not keys:
        for i, tok in enumerate(tokens):
            values[i], sym = _cell(tok, where, i + 1)
            if sym:
                status[i] = sym
        return values, status
    # KEYS: each row starts with the codes (or values) of the key variables,
    # then the cells of the non-key stub variables x heading. Rows that are
    # absent are reported as missing (".."-like), never as zero.
    return _keyed(h, lang, dims, keys, tokens, n, where)


def _keyed(
    h: _Header, lang: str, dims: list[Dimension], keys: list[str], tokens: list[str], n: int, where: str
) -> tuple[list[float | None], dict[int, str]]:
    if [d.id for d in dims[: len(keys)]] != keys:
        raise ParseError(where, "KEYS variables must be the first STUB variables")
    lookup = []
    for d in dims[: len(keys)]:
        use_codes = (h.get("KEYS", lang, (d.id,)) or [""])[0] == "CODES"
        lookup.append({c: i for i, c in enumerate(d.codes if use_codes else d.labels)})
    per_row = math.prod(len(d) for d in dims[len(keys) :])
    width = len(keys) + per_row
    if len(tokens) % width:
        raise ParseError(where, f"KEYS rows must have {len(keys)} keys and {per_row} cells each")
    values: list[float | None] = [None] * n
    status: dict[int, str] = dict.fromkeys(range(n), "..")
    for r in range(len(tokens) // width):
        row = tokens[r * width : (r + 1) * width]
        base = 0
        for d, table, key in zip(dims, lookup, row, strict=False):
            if key not in table:
                raise ParseError(where, f"row {r + 1}: {key!r} is not a value of {d.id!r}")
            base = base * len(d) + table[key]
        base *= per_row
        for j, tok in enumerate(row[len(keys) :]):
            values[base + j], sym = _cell(tok, where, r * per_row + j + 1)
            if sym:
                status[base + j] = sym
            else:
                status.pop(base + j, None)
    return values, status


def parse(
    raw: bytes,
    where: str,
    *,
    language: str = "",
    area_dimension: str | None = None,
    default_area: str | None = None,
    series: str | None = None,
    select: Mapping[str, str] | None = None,
    check_areas: bool = True,
) -> ParsedData:
    """PX bytes -> records and provenance (source "file")."""
    cube = parse_cube(raw, where, language=language)
    return parsed_data(
        cube, raw, where, "px", area_dimension=area_dimension, default_area=default_area, series=series,
        select=select, check_areas=check_areas,
    )  # fmt: skip


def parse_file(path: str | Path, **options: Any) -> ParsedData:
    p = Path(path)
    return parse(p.read_bytes(), str(p), **options)

"""JSON-stat (2.0 and 1.x) datasets, as SCB PxWeb v1 and v2 return them and as files.

One parser for every JSON-stat source. The rules (JSON-stat spec and SCB's
serializer, see docs/connectors.md):
* `value` is row-major over `id`/`size`, last dimension fastest; it is a dense
  list (with nulls) or a sparse object {"flat index": value}.
* `category.index` is an object {code: position} or an array of codes, and may
  be missing for a one-category dimension (then `label` gives the code).
* `status` is a string or one-element array (all cells), an array (per cell)
  or an object {"flat index": symbol}. See `symbols.classify`.
* JSON-stat 1.x (`{"dataset": {...}}`, v1 `format: json-stat`) keeps `id`,
  `size` and `role` inside `dimension`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from styrkedja.connectors.base import ParsedData, ParseError
from styrkedja.connectors.cube import Cube, Dimension, parsed_data
from styrkedja.connectors.numbers import finite_float


def _no_constant(where: str) -> Callable[[str], Any]:
    """JSON's NaN/Infinity literals are not values a statistics file can hold: reject them, naming the file."""

    def reject(name: str) -> Any:
        raise ParseError(where, f"{name} is not a number (missing values are null or a status symbol)")

    return reject


def load_json(raw: bytes, where: str) -> Any:
    """Parse JSON bytes (UTF-8, with or without BOM) or raise a ParseError naming the place."""
    if not raw.strip():
        raise ParseError(where, "the file is empty")
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].decode("utf-8", "replace")
    if head.startswith("<"):  # an error page saved or served where JSON was expected
        raise ParseError(where, f"expected JSON, got an HTML/XML page: {' '.join(head.split())[:80]}")
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant(where))
    except UnicodeDecodeError as exc:
        raise ParseError(where, f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ParseError(where, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        # Tens of thousands of nested brackets exhaust the parser's stack; no statistics file nests so.
        raise ParseError(where, "JSON nested too deeply (thousands of levels): not a statistics file") from None


def dataset_of(doc: Any, where: str) -> dict[str, Any]:
    """The dataset object of a JSON-stat 2.0 response or 1.x bundle."""
    if not isinstance(doc, dict):
        raise ParseError(where, "expected a JSON-stat object, got " + type(doc).__name__)
    if doc.get("class") == "dataset" or ("dimension" in doc and "value" in doc):
        return doc
    if doc.get("class") in ("collection", "bundle"):
        raise ParseError(where, f"a JSON-stat {doc['class']} holds several datasets; fetch one dataset")
    bundle = {k: v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v}
    if "dataset" in bundle:  # SCB v1 json-stat 1.x names its one dataset "dataset"
        return dict(bundle["dataset"])
    if len(bundle) == 1:
        return dict(next(iter(bundle.values())))
    raise ParseError(where, "not a JSON-stat dataset (no 'dimension' and 'value')")


def _codes(dim_id: str, dim: Mapping[str, Any], where: str) -> tuple[list[str], dict[str, str]]:
    cat = dim.get("category")
    if not isinstance(cat, dict):
        raise ParseError(where, f"dimension {dim_id!r} has no category")
    labels = cat.get("label") or {}
    index = cat.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [""] * len(index)
        for code, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index) or codes[pos]:
                raise ParseError(where, f"dimension {dim_id!r}: category.index is not a 0..n-1 ordering")
            codes[pos] = str(code)
    elif index is None and isinstance(labels, dict) and labels:
        codes = [str(c) for c in labels]  # the spec allows this for one category
    else:
        raise ParseError(where, f"dimension {dim_id!r} has neither category.index nor category.label")
    return codes, {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _number(raw: Any, where: str, flat: int) -> tuple[float | None, str]:
    """(value, symbol) of one cell; a string cell is a symbol unless it is a number."""
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        raise ParseError(where, f"value[{flat}] is a boolean")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise ParseError(where, f"value[{flat}] is not a finite number")
        return float(raw), ""
    if isinstance(raw, str):
        try:
            return finite_float(raw), ""
        except ValueError:
            return None, raw.strip()
    raise ParseError(where, f"value[{flat}] is a {type(raw).__name__}, expected a number or null")


def _notes(ds: Mapping[str, Any], dims: list[tuple[str, Mapping[str, Any]]]) -> tuple[str, ...]:
    """Dataset, dimension and category notes, mandatory (SCB noteMandatory) first."""
    mandatory: list[str] = []
    other: list[str] = []

    def add(notes: Any, flags: Any, prefix: str) -> None:
        if isinstance(notes, str):
            notes = [notes]
        if not isinstance(notes, list):
            return
        flags = flags if isinstance(flags, dict) else {}
        for i, text in enumerate(notes):
            target = mandatory if flags.get(str(i)) else other
            target.append(prefix + str(text).strip())

    ext = ds.get("extension") or {}
    add(ds.get("note"), ext.get("noteMandatory"), "")
    for dim_id, dim in dims:
        dext = dim.get("extension") or {}
        name = str(dim.get("label") or dim_id)
        add(dim.get("note"), dext.get("noteMandatory"), f"{name}: ")
        cat_notes = (dim.get("category") or {}).get("note") or {}
        cat_flags = dext.get("categoryNoteMandatory") or {}
        if isinstance(cat_notes, dict):
            for code, notes in cat_notes.items():
                add(notes, cat_flags.get(code), f"{name} {code}: ")
    return tuple(mandatory + other)


def parse_cube(doc: Any, where: str) -> Cube:
    """A `Cube` from a parsed JSON-stat document; errors name `where` and the place."""
    ds = dataset_of(doc, where)
    dimension = ds.get("dimension")
    if not isinstance(dimension, dict):
        raise ParseError(where, "no 'dimension' object")
    ids = ds.get("id") or dimension.get("id")
    sizes = ds.get("size") or dimension.get("size")
    role = ds.get("role") or dimension.get("role") or {}
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ParseError(where, "'id' and 'size' must be lists of the same length")
    name = f"{where}: dataset {ds.get('label') or ds.get('extension', {}).get('px', {}).get('tableid', '')!r}"
    roles = {str(d): r for r, dlist in role.items() if isinstance(dlist, list) for d in dlist}
    dims: list[Dimension] = []
    raw_dims: list[tuple[str, Mapping[str, Any]]] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        raw = dimension.get(dim_id)
        if not isinstance(raw, dict):
            raise ParseError(name, f"dimension {dim_id!r} is listed in 'id' but not described")
        codes, labels = _codes(dim_id, raw, name)
        if len(codes) != size:
            raise ParseError(name, f"dimension {dim_id!r} has {len(codes)} categories but size says {size}")
        dims.append(
            Dimension(
                id=str(dim_id),
                label=str(raw.get("label") or dim_id),
                codes=tuple(codes),
                labels=tuple(labels.get(c, c) for c in codes),
                role=roles.get(str(dim_id), ""),
            )
        )
        raw_dims.append((str(dim_id), raw))
    n = math.prod(int(s) for s in sizes)
    values, present, symbols = _values(ds.get("value"), n, name)
    status = _status(ds.get("status"), n, name)
    for i, sym in symbols.items():
        status.setdefault(i, sym)
    ext = ds.get("extension") or {}
    px = ext.get("px") or {}
    return Cube(
        name=name,
        table=str(px.get("tableid") or px.get("matrix") or ds.get("id") or ""),
        dimensions=dims,
        values=values,
        status=status,
        notes=_notes(ds, raw_dims),
        units=_units(dims, raw_dims),
        updated=str(ds.get("updated") or ""),
        present=present,
        label=str(ds.get("label") or ""),
    )


def _values(raw: Any, n: int, name: str) -> tuple[list[float | None], set[int] | None, dict[int, str]]:
    symbols: dict[int, str] = {}
    if isinstance(raw, list):
        if len(raw) != n:
            raise ParseError(name, f"the product of 'size' is {n} cells but 'value' has {len(raw)} entries")
        values: list[float | None] = []
        for i, v in enumerate(raw):
            num, sym = _number(v, name, i)
            values.append(num)
            if sym:
                symbols[i] = sym
        return values, None, symbols
    if isinstance(raw, dict):  # sparse: only the listed cells exist
        values = [None] * n
        present: set[int] = set()
        for k, v in raw.items():
            if not str(k).isdigit() or int(k) >= n:
                raise ParseError(name, f"sparse value key {k!r} is not a cell index below {n}")
            i = int(k)
            values[i], sym = _number(v, name, i)
            if sym:
                symbols[i] = sym
            present.add(i)
        return values, present, symbols
    raise ParseError(name, "'value' must be an array or an object")


def _status(raw: Any, n: int, name: str) -> dict[int, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(n), raw)
    if isinstance(raw, list):
        if len(raw) == 1:
            return dict.fromkeys(range(n), str(raw[0]))
        if len(raw) != n:
            raise ParseError(name, f"'status' has {len(raw)} entries but there are {n} cells")
        return {i: str(s) for i, s in enumerate(raw) if s not in (None, "")}
    if isinstance(raw, dict):
        out: dict[int, str] = {}
        for k, s in raw.items():
            if not str(k).isdigit() or int(k) >= n:
                raise ParseError(name, f"status key {k!r} is not a cell index below {n}")
            if s not in (None, ""):
                out[int(k)] = str(s)
        return out
    raise ParseError(name, "'status' must be a string, an array or an object")


def _units(dims: list[Dimension], raw_dims: list[tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for dim, (_, raw) in zip(dims, raw_dims, strict=True):
        unit = (raw.get("category") or {}).get("unit")
        if isinstance(unit, dict) and (dim.role == "metric" or dim.id == "ContentsCode"):
            for code, u in unit.items():
                if isinstance(u, dict):
                    out[str(code)] = str(u.get("base") or u.get("label") or "")
    return out


def parse(
    raw: bytes,
    where: str,
    *,
    source: str = "file",
    query: Mapping[str, Any] | None = None,
    area_dimension: str | None = None,
    default_area: str | None = None,
    series: str | None = None,
    select: Mapping[str, str] | None = None,
    check_areas: bool = True,
) -> ParsedData:
    """JSON-stat bytes -> records and provenance. See `cube.to_records` for the mapping."""
    cube = parse_cube(load_json(raw, where), where)
    return parsed_data(
        cube, raw, where, "jsonstat", source=source, query=query, duplicates_where=cube.name,
        area_dimension=area_dimension, default_area=default_area, series=series, select=select,
        check_areas=check_areas,
    )  # fmt: skip


def parse_file(path: str | Path, **options: Any) -> ParsedData:
    """A JSON-stat file; `options` as for `parse`."""
    p = Path(path)
    return parse(p.read_bytes(), str(p), **options)

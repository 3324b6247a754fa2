"""PX-JSON: SCB PxWeb v1's `"format": "json"` answer.

`{"columns": [{code, text, type: d|t|c}], "data": [{"key": [...], "values": ["50937"]}]}`.
Values are strings and an empty cell is its symbol (`".."`). Each key column
becomes a dimension (categories in order of appearance) and each `c` column a
metric category, so the cube mapping of `cube.to_records` applies unchanged.
"""

from __future__ import annotations

import math
from typing import Any

from styrkedja.connectors.base import ParsedData, ParseError
from styrkedja.connectors.cube import Cube, Dimension, parsed_data
from styrkedja.connectors.jsonstat import load_json
from styrkedja.connectors.numbers import finite_float


def is_pxjson(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("columns"), list) and isinstance(doc.get("data"), list)


def parse_cube(doc: dict[str, Any], where: str) -> Cube:
    columns = doc["columns"]
    keys = [c for c in columns if c.get("type") in ("d", "t")]
    contents = [c for c in columns if c.get("type") == "c"]
    if not contents:
        raise ParseError(where, "PX-JSON has no contents column (type 'c')")
    seen: list[dict[str, int]] = [{} for _ in keys]
    rows = doc["data"]
    for r, row in enumerate(rows):
        key, cells = row.get("key"), row.get("values")
        if not isinstance(key, list) or len(key) != len(keys):
            raise ParseError(where, f"data[{r}].key must list {len(keys)} codes")
        if not isinstance(cells, list) or len(cells) != len(contents):
            raise ParseError(where, f"data[{r}].values must hold {len(contents)} values")
        for i, code in enumerate(key):
            seen[i].setdefault(str(code), len(seen[i]))
    dims = [
        Dimension(
            str(c["code"]),
            str(c.get("text") or c["code"]),
            tuple(s),
            tuple(s),
            "time" if c["type"] == "t" else "",
        )
        for c, s in zip(keys, seen, strict=True)
    ]
    codes = tuple(str(c["code"]) for c in contents)
    dims.append(Dimension("ContentsCode", "contents", codes, tuple(str(c.get("text")) for c in contents), "metric"))
    n = math.prod(len(d) for d in dims)
    values: list[float | None] = [None] * n
    status: dict[int, str] = {}
    present: set[int] = set()
    for r, row in enumerate(rows):
        base = 0
        for dim, idx, code in zip(dims, seen, row["key"], strict=False):
            base = base * len(dim) + idx[str(code)]
        for j, text in enumerate(row["values"]):
            flat = base * len(codes) + j
            present.add(flat)
            try:
                values[flat] = finite_float(str(text).replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                status[flat] = str(text).strip()
                if not status[flat]:
                    raise ParseError(where, f"data[{r}].values[{j}] is empty") from None
    meta = (doc.get("metadata") or [{}])[0]
    notes = tuple(str(c["comment"]).strip() for c in columns if c.get("comment"))
    comments = tuple(str(c.get("comment", c)).strip() for c in doc.get("comments") or [])
    return Cube(
        name=where,
        table=str(meta.get("infofile") or ""),
        dimensions=dims,
        values=values,
        status=status,
        notes=comments + notes,
        updated=str(meta.get("updated") or ""),
        present=present,
    )


def parse(raw: bytes, where: str, *, default_area: str | None = "00", check_areas: bool = True) -> ParsedData:
    """PX-JSON bytes -> records. SCB eliminates a left-out Region to Riket, hence "00"."""
    doc = load_json(raw, where)
    if not is_pxjson(doc):
        raise ParseError(where, "not PX-JSON (no 'columns' and 'data')")
    cube = parse_cube(doc, where)
    return parsed_data(cube, raw, where, "pxjson", default_area=default_area, check_areas=check_areas)

"""Selections: expanding SCB value expressions, counting cells and splitting big queries.

SCB answers at most `maxDataCells` (150 000) cells per call, so a selection is
counted before it is sent and, when too big, split on its largest non-time
dimension (time stays whole so every chunk is a complete series). The chunks
are disjoint and their union is the request.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Mapping, Sequence

Selection = dict[str, list[str]]

_CALL = re.compile(r"^(TOP|BOTTOM|FROM|TO|RANGE)\((.*)\)$", re.IGNORECASE)


def expand(exprs: Sequence[str], codes: Sequence[str]) -> list[str]:
    """The codes an SCB v2 value expression list selects, in table order.

    Supports plain codes, `*`/`?` wildcards, TOP(n[,offset]), BOTTOM(n[,offset]),
    FROM(code), TO(code) and RANGE(from,to), case-insensitively, as the server does.
    """
    chosen: set[str] = set()
    for expr in exprs:
        e = expr.strip()
        m = _CALL.match(e)
        if m:
            name, args = m.group(1).upper(), [a.strip() for a in m.group(2).split(",")]
            chosen.update(_call(name, args, list(codes), e))
        elif "*" in e or "?" in e:
            chosen.update(c for c in codes if fnmatch.fnmatchcase(c, e))
        else:
            if e not in codes:
                raise ValueError(f"code {e!r} is not in the table (it has {len(codes)} codes)")
            chosen.add(e)
    return [c for c in codes if c in chosen]


def _call(name: str, args: list[str], codes: list[str], expr: str) -> list[str]:
    def pos(code: str) -> int:
        if code not in codes:
            raise ValueError(f"{expr}: code {code!r} is not in the table")
        return codes.index(code)

    if name in ("TOP", "BOTTOM"):
        n, off = int(args[0]), int(args[1]) if len(args) > 1 else 0
        if name == "TOP":
            end = len(codes) - off
            return codes[max(0, end - n) : end]
        return codes[off : off + n]
    if name == "FROM":
        return codes[pos(args[0]) :]
    if name == "TO":
        return codes[: pos(args[0]) + 1]
    return codes[pos(args[0]) : pos(args[1]) + 1]  # RANGE


def cells(selection: Mapping[str, Sequence[str]]) -> int:
    return math.prod(len(v) for v in selection.values())


def split(selection: Selection, max_cells: int, time_var: str | None) -> list[Selection]:
    """Disjoint selections of at most `max_cells` cells whose union is `selection`."""
    total = cells(selection)
    if total <= max_cells:
        return [selection]
    candidates = [v for v, codes in selection.items() if v != time_var and len(codes) > 1]
    if not candidates:
        candidates = [v for v, codes in selection.items() if len(codes) > 1]
    if not candidates:  # one cell over the limit cannot happen; keep it total
        return [selection]
    var = max(candidates, key=lambda v: len(selection[v]))
    codes = selection[var]
    rest = total // len(codes)
    per = max(1, max_cells // rest)
    out: list[Selection] = []
    for i in range(0, len(codes), per):
        out.extend(split({**selection, var: codes[i : i + per]}, max_cells, time_var))
    return out

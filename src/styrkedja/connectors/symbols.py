"""Status symbols: what a publisher's mark on a cell means for value and status.

SCB (PX data symbols, json-stat2 `status`) marks cells with dots and dashes:
`..` figure not available or too uncertain, `.` logically impossible,
`...` to `......` table-defined reasons (usually "not available"), `-` nothing
to report. Other publishers use letters (`e` estimate, `p` provisional, `c`
confidential). The symbol is always kept verbatim in `ObservationRecord.symbol`.
"""

from __future__ import annotations

from styrkedja.connectors.base import (
    CONFIDENTIAL,
    FINAL,
    MISSING,
    NOT_APPLICABLE,
    PROVISIONAL,
)

# `-` is PX DATASYMBOLNIL: SCB's legend says "nothing to report". The rule
# is that status symbols (`..`, `.`, `-`) are kept as missing *with a reason*, never
# turned into numbers: a reader sees "–" with its meaning, and nothing is summed or
# forecast from a value the publisher did not print. The symbol stays in `symbol`.
NIL = "-"
NIL_NOTE = "nil: nothing to report (the publisher's '-'; kept as missing, never stored as 0)"

PROVISIONAL_MARKS = frozenset({"*", "p", "prel", "preliminär", "preliminary", "provisional"})
CONFIDENTIAL_MARKS = frozenset({"x", "c", "confidential", "sekretess"})


def is_dots(symbol: str) -> bool:
    return bool(symbol) and set(symbol) == {"."}


def classify(value: float | None, symbol: str) -> tuple[float | None, str]:
    """(value, status) for a cell holding `value` and marked with `symbol`.

    A numeric cell keeps its number whatever the mark (a data note); only a
    provisional mark changes its status. An empty cell is never given a number.
    """
    mark = symbol.strip()
    low = mark.lower()
    if value is not None:
        return value, PROVISIONAL if low in PROVISIONAL_MARKS else FINAL
    if mark == ".":
        return None, NOT_APPLICABLE
    if low in CONFIDENTIAL_MARKS:
        return None, CONFIDENTIAL
    return None, MISSING

"""Numbers as people type them in Swedish files: `1 234,5`, `1234.5`, `-3,2`.

A comma is a decimal comma (Swedish practice; the documented format says so),
spaces and no-break spaces group thousands. A number with both `,` and `.` is
ambiguous (`1,234.5` or `1.234,5`?) and rejected rather than guessed.
"""

from __future__ import annotations

import math

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")


def parse_number(text: str) -> float:
    """The number in `text`; ValueError with a reason when it is not one."""
    s = text.translate(_SPACES).replace("\u2212", "-")  # U+2212 minus sign from word processors
    if not s:
        raise ValueError("empty")
    if "," in s:
        if "." in s or s.count(",") > 1:
            raise ValueError("ambiguous separators: use a decimal comma or a decimal point, not both")
        s = s.replace(",", ".")
    if not any(ch.isdigit() for ch in s) or s.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        raise ValueError("not a number")
    try:
        value = float(s)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def finite_float(text: str) -> float:
    """float(text) for a finite number; ValueError otherwise ("nan", "inf" and "1e999" are not statistics)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value

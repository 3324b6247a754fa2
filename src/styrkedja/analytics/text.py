"""Number formatting for explanations: Swedish (decimal comma, narrow no-break space between
thousands, a no-break space before "%" and a true minus sign) and English."""

from __future__ import annotations

import math

NBSP = "\u00a0"  # no-break space: between a number and its unit ("7,5 %")
NNBSP = "\u202f"  # narrow no-break space: thousands separator ("189 128")
MINUS = "\u2212"  # typographic minus sign


def _digits(x: float, decimals: int) -> tuple[bool, str, str]:
    s = f"{abs(x):,.{decimals}f}"
    neg = x < 0 and float(s.replace(",", "")) != 0.0  # never print "-0,0"
    int_part, _, frac = s.partition(".")
    return neg, int_part, frac


def format_number_sv(
    x: float | None,
    decimals: int = 1,
    *,
    unit: str | None = None,
    sign: bool = False,
    missing: str = "uppgift saknas",
) -> str:
    """Format a number the Swedish way: ``format_number_sv(7.4951, 1, unit="%") == "7,5 %"``
    (with a no-break space) and ``format_number_sv(189128, 0) == "189 128"`` (narrow no-break space).

    `sign=True` prints "+" for positive values; negative values use the minus sign U+2212.
    Missing (None/NaN) gives `missing`, never 0.
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return missing
    neg, int_part, frac = _digits(float(x), decimals)
    body = int_part.replace(",", NNBSP) + ("," + frac if frac else "")
    prefix = MINUS if neg else ("+" if sign and float(x) > 0 else "")
    out = prefix + body
    if unit:
        out += NBSP + unit
    return out


def format_number_en(
    x: float | None,
    decimals: int = 1,
    *,
    unit: str | None = None,
    sign: bool = False,
    missing: str = "no data",
) -> str:
    """English counterpart: "7.5%", "189,128", "-0.7 pp" (units other than % get a space)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return missing
    neg, int_part, frac = _digits(float(x), decimals)
    body = int_part + ("." + frac if frac else "")
    prefix = "-" if neg else ("+" if sign and float(x) > 0 else "")
    out = prefix + body
    if unit:
        out += unit if unit == "%" else " " + unit
    return out


def format_percent_sv(p: float | None) -> str:
    """A probability (0-1) as a whole percentage: 0.734 -> "73 %"."""
    return format_number_sv(None if p is None else 100.0 * p, 0, unit="%")


def format_percent_en(p: float | None) -> str:
    return format_number_en(None if p is None else 100.0 * p, 0, unit="%")


def ordinal_en(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 22 -> "22nd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

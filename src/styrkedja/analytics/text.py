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


# Swedish unit words in English, for the units the strategy file writes in Swedish (the indicator has
# one unit; English pages translate it word by word, longest phrases first; unknown words stay).
_UNIT_PHRASES_EN = (
    ("procent av befolkningen", "% of the population"),
    ("procent av företagen", "% of firms"),
    ("procent av deltagarna", "% of participants"),
    ("procent av BRP", "% of GRP"),
    ("procentenheter", "percentage points"),
    ("procent", "%"),
    ("anmälda brott", "reported crimes"),
    ("per invånare", "per inhabitant"),
    ("per sysselsatt", "per employed person"),
    ("invånare", "inhabitants"),
    ("anställda", "employees"),
    ("arbetsställen", "workplaces"),
    ("gästnätter", "guest nights"),
    ("kommuner", "municipalities"),
    ("deltagare", "participants"),
    ("lägenheter", "apartments"),
    ("personer", "persons"),
    ("placering", "rank"),
    ("mnkr", "SEK million"),
    ("tkr", "SEK thousand"),
    ("kr", "SEK"),
)


def unit_en(unit: str) -> str:
    """ "procent av företagen" -> "% of firms", "kr per invånare" -> "SEK per inhabitant",
    "lägenheter per 1000 invånare" -> "apartments per 1,000 inhabitants"."""
    out = f" {unit} "
    for sv, en in _UNIT_PHRASES_EN:
        out = out.replace(f" {sv} ", f" {en} ")
    out = out.replace(" 1000 ", " 1,000 ")
    return out.strip()


# Definite forms of the Swedish head nouns indicator names start with: explanations read
# "Befolkningsantalet ökade", not "Befolkningsantal ökade". Ending -> suffix; a word no rule fits
# (an abbreviation, a genitive, an adjective) is left as it is.
_DEFINITE_SV = (
    ("antal", "et"),
    ("stånd", "et"),
    ("ande", "t"),
    ("grad", "en"),
    ("andel", "en"),
    ("ning", "en"),
    ("gång", "en"),
    ("tillit", "en"),
    ("nätter", "na"),
    ("priser", "na"),
    ("heter", "na"),
    ("gifter", "na"),
)


def definite_sv(name: str) -> str:
    """ "Befolkningsantal" -> "Befolkningsantalet", "Sysselsättningsgrad 20–64 år" -> "Sysselsättningsgraden
    20–64 år", "Besöksnätter i länet" -> "Besöksnätterna i länet"; "BRP per sysselsatt" unchanged."""
    first, sep, rest = name.partition(" ")
    lower = first.lower()
    for ending, suffix in _DEFINITE_SV:
        if lower.endswith(ending) and first[:1].isupper() and first[1:].islower():
            return first + suffix + sep + rest
    return name


_HEAD_STOP_EN = {"in", "per", "of", "with", "by", "aged", "at", "for", "as", "from", "to"}


def plural_en(name: str) -> bool:
    """Whether an English indicator name is plural, by its head noun (the last word before a
    preposition): "Guest nights in the county" -> True, "Share of firms" -> False."""
    head = ""
    for word in name.replace(",", " , ").replace("(", " ( ").split():
        if word.lower() in _HEAD_STOP_EN or word in (",", "(") or word[:1].isdigit():
            break
        head = word
    h = head.lower()
    return h.endswith("s") and not h.endswith(("ss", "us", "is", "'s"))

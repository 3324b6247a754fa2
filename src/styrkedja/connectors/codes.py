"""Rules every connector shares: SCB period codes and breakdown codes.

The store keys observations by SCB codes, so every source is turned into them
here, in one place, and anything that is not one is rejected with the code in
the message rather than stored under a key nobody can join on. Area codes are
reference data (`styrkedja.data`), not connector rules.
"""

from __future__ import annotations

import re

_PERIOD_OK = re.compile(r"^\d{4}(K[1-4]|M(0[1-9]|1[0-2])|H[12]|[-/]\d{2}(\d{2})?)?$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH_DASH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_MONTH_M = re.compile(r"^(\d{4})m(0[1-9]|1[0-2])$")
_HALF = re.compile(r"^(\d{4})-?(?:H|S)([12])$", re.IGNORECASE)


def normalise_period(text: str) -> str | None:
    """The SCB period code for `text`, or None when it is not a period.

    SCB writes years `2024`, quarters `2024K1`, months `2024M03` and
    half-years `2024H1`; other publishers write `2024Q1`, `2024-Q1` or
    `2024-03`, which mean the same. Spans such as `2019-2021` or `2019/20`
    (school years, multi-year means) are kept as written.
    """
    code = text.strip()
    if code.endswith(".0") and code[:-2].isdigit():  # a year typed into a number cell
        code = code[:-2]
    if m := _QUARTER.match(code):
        return f"{m.group(1)}K{m.group(2)}"
    if m := _MONTH_DASH.match(code) or _MONTH_M.match(code):
        return f"{m.group(1)}M{m.group(2)}"
    if m := _HALF.match(code):
        return f"{m.group(1)}H{m.group(2)}"
    return code if _PERIOD_OK.match(code) else None


PERIOD_HELP = "expected a period such as 2024, 2024K1 (quarter), 2024M03 (month) or 2024H1"

# SCB's Kon codes are 1 = men, 2 = women and 1+2 / TotSa = both; Kolada and
# the documented file format use T/K/M; other publishers use M/F and words.
_BREAKDOWN = {
    "1": "M",
    "2": "K",
    "1+2": "T",
    "totsa": "T",
    "tot": "T",
    "total": "T",
    "totalt": "T",
    "t": "T",
    "k": "K",
    "m": "M",
    "f": "K",
    "män": "M",
    "men": "M",
    "male": "M",
    "kvinnor": "K",
    "women": "K",
    "female": "K",
    "båda könen": "T",
    "both sexes": "T",
}


def sex_breakdown(code: str) -> str:
    """T, K or M for a sex code; other codes are kept as they are."""
    return _BREAKDOWN.get(code.strip().lower(), code.strip())

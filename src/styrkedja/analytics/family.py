"""Indicator families: groups of indicators whose forecast errors behave alike.

The forecast intervals are calibrated per family (`conformal.learn_scales`), pooling the back-test
errors of every indicator and area in the family. The family is a property of the indicator
(`IndicatorInfo.family`, set in the strategy file or the indicator catalogue); when it is empty it is
derived from the measure type and unit:

* `share`: shares and rates in percent or per 1000 (education shares, employment rates);
* `money`: money amounts and ratios measured in money (GRP, GRP per employed);
* `level`: counts and other levels (population, employed persons).

`volatile` (tourism-like series: guest nights) is never derived; it must be stated.
"""

from __future__ import annotations

import re
from typing import Final

from styrkedja.analytics import model as m

LEVEL: Final = "level"
MONEY: Final = "money"
SHARE: Final = "share"
VOLATILE: Final = "volatile"
FAMILIES: Final = (LEVEL, MONEY, SHARE, VOLATILE)

_MONEY_UNITS = ("kr", "sek", "eur", "pps", "usd")


def default_family(measure_type: str, unit: str) -> str:
    """The family derived from the measure type and unit (see the module docstring)."""
    if measure_type in ("share", "rate"):
        return SHARE
    words = re.findall(r"[a-zåäö]+", unit.lower())
    if measure_type == "money" or any(w in _MONEY_UNITS or w.endswith("kr") for w in words):
        return MONEY
    return LEVEL


def family_of(indicator: m.IndicatorInfo) -> str:
    """The indicator's stated family, or the default one."""
    return indicator.family or default_family(indicator.measure_type, indicator.unit)

"""Reading the statistics a contribution analysis needs (one query each), into plain panels."""

from __future__ import annotations

import numpy as np

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import Panel, panel_from_long

from ..areas.models import Area
from ..indicators.models import Indicator, Observation


def county_panel(indicator: Indicator, area: Area) -> tuple[Panel, dict[str, str]]:
    """Yearly values of the indicator for every area at the level of `area` (the whole series).

    Returns the panel (units = area codes) and the names of the areas. Only yearly periods are used.
    """
    rows = Observation.objects.filter(indicator=indicator, breakdown="T", area__level=area.level).values_list(
        "area__code", "area__name", "period", "value"
    )
    records = []
    names = {}
    for code, name, period, value in rows:
        names[code] = name
        if len(period) == 4 and period.isdigit():
            records.append((code, int(period), value))
    if not records:
        raise ContributionInputError("indicator", f"{indicator.key} has no yearly values")
    return panel_from_long(records), names


def complete_span(panel: Panel, units: list[str]) -> Panel:
    """The panel for `units`, cut to the years from the first to the last in which every unit has a value.

    Gaps inside that span stay, so the design check names them; leading or trailing years that some
    unit lacks (a county published late) are left out and the stored inputs show the years used.
    """
    rows = panel.rows(units)
    values = panel.outcome[rows]
    complete = [j for j in range(len(panel.years)) if not any(v != v for v in values[:, j])]
    if not complete:
        return Panel(tuple(units), panel.years, values)
    first, last = complete[0], complete[-1]
    return Panel(tuple(units), panel.years[first : last + 1], values[:, first : last + 1])


def covariate(indicator: Indicator, area: Area, panel: Panel) -> np.ndarray:
    """Another indicator's yearly values on `panel`'s units and years (units x years, NaN = missing),
    to be a predictor of the synthetic control."""
    other, _names = county_panel(indicator, area)
    out = np.full((len(panel.units), len(panel.years)), np.nan)
    for i, unit in enumerate(panel.units):
        if unit not in other.units:
            continue
        row = other.outcome[other.row(unit)]
        for j, year in enumerate(panel.years):
            if year in other.years:
                out[i, j] = row[other.years.index(year)]
    return out

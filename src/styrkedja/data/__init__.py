"""Reference data shipped with Styrkedja (areas, peer groups, map shapes). Facts, not code.

Everything that knows an area code imports it from here: analytics, connectors,
reports, the strategy file and the web apps. The facts are `areas.csv`; this
package only reads them.
"""

from __future__ import annotations

from styrkedja.data.areas import (
    COUNTIES,
    COUNTY_CODES,
    DEFAULT_PEER_GROUPS,
    MUNICIPALITIES,
    MUNICIPALITY_CODES,
    RIKET,
    AreaRow,
    area_codes,
    area_problem,
    area_rows,
    from_kolada_id,
    group_members,
    is_area_code,
)

__all__ = [
    "COUNTIES",
    "COUNTY_CODES",
    "DEFAULT_PEER_GROUPS",
    "MUNICIPALITIES",
    "MUNICIPALITY_CODES",
    "RIKET",
    "AreaRow",
    "area_codes",
    "area_problem",
    "area_rows",
    "from_kolada_id",
    "group_members",
    "is_area_code",
]

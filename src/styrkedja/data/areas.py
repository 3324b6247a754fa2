"""Swedish areas by SCB code, read once from `areas.csv`: Riket, the counties and the municipalities.

`RIKET` is the one name for the country's code. The default peer groups
("counties", "municipalities") are built from the same file, so a strategy file,
the evaluation and the charts agree on who is a peer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class AreaRow:
    code: str
    name: str
    level: str
    parent: str


@cache
def _rows() -> tuple[AreaRow, ...]:
    text = resources.files("styrkedja.data").joinpath("areas.csv").read_text(encoding="utf-8")
    return tuple(AreaRow(r["code"], r["name"], r["level"], r["parent"]) for r in csv.DictReader(text.splitlines()))


def area_rows() -> list[AreaRow]:
    """Riket, 21 counties and 290 municipalities in SCB code order."""
    return list(_rows())


def area_codes() -> frozenset[str]:
    return frozenset(row.code for row in _rows())


def _codes(level: str) -> tuple[str, ...]:
    return tuple(sorted(row.code for row in _rows() if row.level == level))


RIKET: str = _codes("country")[0]
# The 21 counties since 1998 (02, 11, 15 and 16 were merged into Skåne and Västra Götaland).
COUNTY_CODES: tuple[str, ...] = _codes("county")
COUNTIES: frozenset[str] = frozenset(COUNTY_CODES)
MUNICIPALITY_CODES: tuple[str, ...] = _codes("municipality")
MUNICIPALITIES: frozenset[str] = frozenset(MUNICIPALITY_CODES)

# Peer groups every strategy file may name without declaring them.
DEFAULT_PEER_GROUPS: dict[str, tuple[str, ...]] = {
    "counties": COUNTY_CODES,
    "municipalities": MUNICIPALITY_CODES,
}


def group_members(of: str) -> tuple[str, ...]:
    """The members a peer group's `of` stands for: "counties", "municipalities", or a county code
    for that county's municipalities (reference data, so no group name is special in code).
    Empty for anything else."""
    if of in DEFAULT_PEER_GROUPS:
        return DEFAULT_PEER_GROUPS[of]
    if of in COUNTIES:
        return tuple(sorted(row.code for row in _rows() if row.level == "municipality" and row.parent == of))
    return ()


def is_area_code(code: str) -> bool:
    """True for Riket, a county code or a municipality code in a county.

    A four-digit code in a known county is accepted even when it is not one of today's
    municipalities: older statistics carry codes of municipalities since merged.
    """
    if code == RIKET or code in COUNTIES:
        return True
    return len(code) == 4 and code.isdigit() and code[:2] in COUNTIES


def from_kolada_id(code: str) -> str:
    """The SCB code for a Kolada region id (`0000` Riket, `00LL` county LL); other codes unchanged.

    No municipality code starts with 00, so a file may mix both kinds."""
    if len(code) == 4 and code.startswith("00"):
        return RIKET if code == "0000" else code[2:]
    return code


def area_problem(code: str) -> str:
    """A message saying why `code` is not an SCB area code (empty when it is)."""
    if is_area_code(code):
        return ""
    return (
        f"unknown area code {code!r}: expected {RIKET} (Riket), a 2-digit county code "
        f"({COUNTY_CODES[0]}, {COUNTY_CODES[1]}, ... {COUNTY_CODES[-1]}) or a 4-digit municipality code "
        "in one of those counties"
    )

"""Goal statuses combined: a goal's status from its targets, and a parent's view of its contributors.

A goal with several targets is as bad as its worst target (a region that meets one target and misses
another has not reached its goal). Counts are listed worst first, with "no data" last: missing is
not a good or a bad status, it is unknown. "Not known yet" (a target year over but unpublished) sits
between the open statuses and "met": a goal whose other targets are met is not yet known to be met.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from . import model as am

# Worst first. A target status and a trend status of the same severity share a rank.
SEVERITY: tuple[str, ...] = (
    am.NOT_MET,
    am.OFF_TRACK,
    am.WORSENING,
    am.AT_RISK,
    am.UNCHANGED,
    am.ON_TRACK,
    am.IMPROVING,
    am.NOT_YET_KNOWN,
    am.MET,
    am.NO_DATA,
)
_RANK = {s: i for i, s in enumerate(SEVERITY)}

# Statuses that call for an action ("behöver åtgärd") when few initiatives work towards the goal.
NEEDS_ATTENTION = frozenset({am.NOT_MET, am.OFF_TRACK, am.AT_RISK, am.WORSENING})
# Statuses meaning "off track" (not at risk, but behind): the portfolio flags such a goal no initiative serves.
OFF_TRACK = frozenset({am.NOT_MET, am.OFF_TRACK, am.WORSENING})


def rank(status: str) -> int:
    """Position in SEVERITY (0 = worst); an unknown status sorts just before "no data"."""
    return _RANK.get(status, len(SEVERITY) - 1)


def worst_status(statuses: Iterable[str]) -> str:
    """The worst known status; "no data" when there is none (or every status is "no data")."""
    known = [s for s in statuses if s != am.NO_DATA]
    if not known:
        return am.NO_DATA
    return min(known, key=rank)


def counts_worst_first(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """(status, count) for each status present, worst first, "no data" last."""
    counted = Counter(statuses)
    return sorted(counted.items(), key=lambda item: rank(item[0]))


def changed(previous: str | None, current: str | None) -> bool:
    """Whether a goal's status differs between two rounds (a goal new in the later round has changed)."""
    return previous != current
